"""Analysts' commands: ``ccrp incidents``, ``ccrp serve`` and ``ccrp api add-token``."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from ccrp.settings import get_settings
from sinks.incident_view import IncidentRecord, feature_collection

console = Console(stderr=True)
api_app = typer.Typer(no_args_is_help=True, help="The analysts' read-only API.")
incidents_app = typer.Typer(
    help="The enriched incidents: list them (filters, formats), split or merge by hand."
)
CSV_COLUMNS = (
    "incident_id", "version", "status", "merged_into", "withheld", "types", "occurred_at",
    "first_seen", "last_seen", "area", "neighbourhood_code", "neighbourhood_name", "nia_class",
    "lat", "lon", "precision", "location_text", "in_area", "municipality", "is_follow_up",
    "ccrp_eligible", "programs", "sources", "report_count", "summary", "title",
)  # fmt: skip


class OutputFormat(StrEnum):
    """How ``ccrp incidents`` writes its records."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    GEOJSON = "geojson"


def csv_row(record: IncidentRecord) -> dict[str, object]:
    """One flat CSV row; list fields are joined with ``;``."""
    hood, place = record.neighbourhood, record.location
    return {
        **record.model_dump(mode="json", include={*CSV_COLUMNS}),
        "types": ";".join(record.types),
        "programs": ";".join(record.programs),
        "sources": ";".join(f"{s.source}={s.reports}" for s in record.sources),
        "neighbourhood_code": hood.code if hood else None,
        "neighbourhood_name": hood.name if hood else None,
        "nia_class": hood.classification if hood else None,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "location_text": place.text,
    }


def render(records: list[IncidentRecord], chosen: OutputFormat, total: int, tz: str) -> str:
    """The records in the chosen format, as text (the table in local time)."""
    if chosen is OutputFormat.JSON:
        return json.dumps([r.model_dump(mode="json") for r in records], indent=2) + "\n"
    if chosen is OutputFormat.GEOJSON:
        return json.dumps(feature_collection(records)) + "\n"
    buffer = io.StringIO()
    if chosen is OutputFormat.CSV:
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_row(r) for r in records)
        return buffer.getvalue()
    table = Table(title=f"{total} incidents (times {tz})")
    for column in ("occurred", "types", "area", "status", "sources", "summary"):
        table.add_column(column, overflow="fold")
    for r in records:
        when = (r.occurred_at or r.first_seen).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
        sources = ", ".join(f"{s.source} ({s.reports})" for s in r.sources)
        table.add_row(when, ", ".join(r.types), r.area, r.status, sources, r.title or r.summary)
    Console(file=buffer, width=160).print(table)
    return buffer.getvalue()


def incidents(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="YYYY-MM-DD (local) or ISO time, inclusive"),
    until: str = typer.Option(None, "--until", help="YYYY-MM-DD (local) or ISO time, exclusive"),
    types: list[str] = typer.Option([], "--type", help="incident type; repeat for any of"),
    neighbourhood: str = typer.Option(None, "--neighbourhood", help="code (170) or name"),
    nia: str = typer.Option(None, "--nia", help="nia, emerging or neither"),
    program: str = typer.Option(None, "--program", help="ccrp, ccr_review, crisis_service"),
    status: str = typer.Option(None, "--status", help="reported, corroborated, retracted, merged"),
    output_format: OutputFormat = typer.Option(OutputFormat.TABLE, "--format"),
    output: Path = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
) -> None:
    """The enriched incidents in the store, filtered, as a table, CSV, JSON or GeoJSON."""
    if ctx.invoked_subcommand is not None:
        return
    from ccrp.analysts import NeighbourhoodPoints, select_records
    from ccrp.runtime import open_store
    from sinks.errors import StoreError, StoreInputError
    from sinks.incident_query import IncidentFilter, parse_instant

    settings = get_settings()
    try:
        chosen = IncidentFilter(
            since=parse_instant(since, settings.timezone) if since else None,
            until=parse_instant(until, settings.timezone) if until else None,
            types=tuple(types),
            neighbourhood=neighbourhood,
            nia=nia,
            program=program,
            status=status,
        )
        with open_store(settings) as store:
            points = NeighbourhoodPoints(settings)
            records, total = select_records(store, chosen, points, settings.timezone)
    except StoreInputError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except StoreError as exc:
        console.print(f"[red]store unavailable: {exc}[/red]")
        raise typer.Exit(1) from exc
    text = render(records, output_format, total, settings.timezone)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"{len(records)} incidents -> {output}")


def serve(
    host: str = typer.Option(None, "--host", help="default CCRP_API__HOST (127.0.0.1)"),
    port: int = typer.Option(None, "--port", help="default CCRP_API__PORT (8089)"),
) -> None:
    """Serve the analysts' read-only API (OpenAPI at /openapi.json) until interrupted."""
    from ccrp.analysts import NeighbourhoodPoints
    from ccrp.api import make_api
    from ccrp.runtime import open_store
    from ccrp.web import http_server, with_operator_paths

    settings = get_settings()
    with open_store(settings) as store:
        app = with_operator_paths(make_api(store, settings, NeighbourhoodPoints(settings)), store)
        http_server(app, host or settings.api.host, port or settings.api.port).run()


@api_app.command("add-token")
def add_token(name: str = typer.Argument(..., help="who the token is for")) -> None:
    """Register an analyst and print their token (shown only this once)."""
    from ccrp.analysts import register_analyst
    from ccrp.runtime import open_store
    from sinks.errors import StoreInputError

    with open_store(get_settings()) as store:
        try:
            token = register_analyst(store, name)
        except StoreInputError as exc:
            raise typer.BadParameter(str(exc)) from exc
    console.print(f"analyst {name} token (store it now, it is not shown again):")
    print(token)


def register(app: typer.Typer) -> None:
    """Add the analysts' commands to the main CLI."""
    incidents_app.callback(invoke_without_command=True)(incidents)
    app.add_typer(incidents_app, name="incidents")
    app.command("serve")(serve)
    app.add_typer(api_app, name="api")
