"""Collector commands: ``ccrp sources status|run``, ``ccrp ingest-file``, ``ccrp intake``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from ccrp.errors import ExitCode
from schemas import RawReport

console = Console()
sources_app = typer.Typer(no_args_is_help=True, help="Configured sources: status and runs.")
intake_app = typer.Typer(no_args_is_help=True, help="Community intake HTTP endpoint.")
SOURCES_OPTION = typer.Option(Path("sources/toronto.toml"), "--sources", "-s", exists=True)
OUT_OPTION = typer.Option(None, "--out", "-o", help="Write JSON lines here instead of Kafka.")


def _open_store() -> Any:
    from ccrp.settings import get_settings
    from sinks.store import Store

    settings = get_settings()
    if settings.database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Store.open(settings.database_url)


Delivery = tuple[Callable[[RawReport], None], Callable[[], None]]


@contextmanager
def _emitter(out: Path | None) -> Iterator[Delivery]:
    """``(emit, confirm)`` to a JSON-lines file, or to the raw topic of the configured cluster.

    ``confirm`` waits until what was emitted is written or acknowledged, and raises if it
    was not.
    """
    if out is not None:
        with out.open("a", encoding="utf-8") as handle:

            def write(report: RawReport) -> None:
                handle.write(report.model_dump_json() + "\n")

            yield write, handle.flush
        return
    from ccrp.settings import get_settings
    from ccrp.transport import RawProducer, create_topics

    kafka = get_settings().kafka_section
    if not kafka.bootstrap:
        # Reports sent to a throwaway embedded broker would be marked seen and lost.
        raise typer.BadParameter(
            "no Kafka cluster configured: set CCRP_KAFKA_BOOTSTRAP, write to a file with "
            "--out, or use `ccrp run` which runs the pipeline on the embedded broker"
        )
    create_topics(kafka)
    producer = RawProducer(kafka)

    yield producer.send_report, producer.flush
    producer.flush()


def _local(value: Any, zone: str) -> str:
    if not value:
        return "-"
    moment = datetime.fromisoformat(str(value)).astimezone(ZoneInfo(zone))
    return f"{moment:%m-%d %H:%M}"


@sources_app.command("status")
def sources_status(sources: Path = SOURCES_OPTION) -> None:
    """Per source: last run, last success, items new/seen, errors, next run."""
    from ingest.sources_file import load_sources

    config = load_sources(sources)
    store = _open_store()
    try:
        states = store.all_collector_states()
    finally:
        store.close()
    table = Table(title=f"Sources in {sources} (times {config.timezone})")
    table.add_column("source", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    for column in ("last run", "last success", "new/seen"):
        table.add_column(column, no_wrap=True)
    table.add_column("errors", overflow="fold")
    table.add_column("next run", no_wrap=True)
    for source in config.sources:
        state = states.get(source.name, {})
        failures = int(state.get("consecutive_failures", 0))
        errors = "-"
        if state.get("last_error"):
            when = _local(state.get("last_error_at"), config.timezone)
            label = f"{failures} failing runs" if failures else "recovered"
            errors = f"{label}; {when}: {state['last_error']}"
        next_run = state.get("next_run") if source.enabled else None
        table.add_row(
            source.name,
            source.kind,
            _local(state.get("last_run"), config.timezone),
            _local(state.get("last_success"), config.timezone),
            f"{state.get('items_new', 0)}/{state.get('items_seen', 0)}" if state else "-",
            errors,
            _local(next_run, config.timezone) if state else ("due" if source.enabled else "off"),
        )
    console.print(table)


@sources_app.command("run")
def sources_run(
    sources: Path = SOURCES_OPTION,
    force: bool = typer.Option(False, "--force", help="Run every source, due or not."),
    out: Path | None = OUT_OPTION,
) -> None:
    """Collect the due sources once and emit their new items."""
    import httpx

    from ccrp.settings import get_settings
    from ingest.runner import collect_sources
    from ingest.sources_file import load_sources

    settings = get_settings()
    config = load_sources(sources)
    store = _open_store()
    try:
        with _emitter(out) as (emit, confirm), httpx.Client(follow_redirects=True) as client:
            summary = collect_sources(
                config,
                client,
                store,
                emit,
                progress=console.is_terminal,
                settings=settings.collect,
                force=force,
                confirm=confirm,
            )
    finally:
        store.close()
    for run in summary.runs:
        status = "not due" if not run.ran else ("ok" if run.ok else f"FAILED {run.error}")
        console.print(
            f"{run.name}: {run.new} new, {run.seen} already seen, {status}",
            highlight=False,
            markup=False,
        )
    if summary.failed:
        raise typer.Exit(ExitCode.SOURCES_FAILED)


def ingest_file(
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    source: str = typer.Option(..., "--source", help="Source name, e.g. community-eastend"),
    out: Path | None = OUT_OPTION,
) -> None:
    """Ingest a CSV/JSON drop of community reports (e.g. an exported form)."""
    import httpx

    from ccrp.settings import get_settings
    from ingest.runner import collect_sources
    from ingest.sources_file import SourceConfig

    config = SourceConfig(
        name=source, kind="community_file", url=path.resolve().as_uri(), schedule="every 1s"
    )
    settings = get_settings()

    def collect(
        store: Any, emit: Callable[[RawReport], None], confirm: Callable[[], None] | None = None
    ) -> Any:
        with httpx.Client() as client:
            return collect_sources(
                [config],
                client,
                store,
                emit,
                progress=False,
                settings=settings.collect,
                force=True,
                confirm=confirm,
            )

    if out is None and not settings.kafka_section.bootstrap:
        from ccrp.runjob import run_pipeline_once

        # No cluster: take the drop through the whole pipeline on the embedded broker.
        job = run_pipeline_once(settings, lambda store: partial(collect, store))
        summary = job.collect
    else:
        store = _open_store()
        try:
            with _emitter(out) as (emit, confirm):
                summary = collect(store, emit, confirm)
        finally:
            store.close()
    run = summary.get(source)
    for warning in run.warnings:
        console.print(f"[yellow]skipped[/yellow] {warning}")
    if run.error:
        console.print(f"[red]failed[/red] {run.error}")
        raise typer.Exit(ExitCode.SOURCES_FAILED)
    console.print(f"{run.new} reports ingested from {path} ({run.seen} already seen)")


@intake_app.command("add-partner")
def intake_add_partner(name: str = typer.Argument(...)) -> None:
    """Register a partner and print its token (shown only this once)."""
    from ingest.errors import IntakeError
    from ingest.intake import register_partner

    store = _open_store()
    try:
        token = register_partner(store, name)
    except IntakeError as exc:
        raise typer.BadParameter(str(exc)) from exc
    finally:
        store.close()
    console.print(f"partner {name} token (store it now, it is not shown again):")
    print(token)


@intake_app.command("serve")
def intake_serve(
    out: Path | None = OUT_OPTION,
    referrals_out: Path | None = typer.Option(
        None, "--referrals-out", help="With --out: referrals here (default: beside --out)."
    ),
) -> None:
    """Serve ``POST /v1/reports`` and ``POST /v1/referrals`` for partners until interrupted."""
    from ccrp.settings import get_settings
    from ccrp.web import cluster_senders, file_senders, http_server, intake_app

    settings = get_settings()
    if out is None and not settings.kafka_section.bootstrap:
        raise typer.BadParameter(
            "no Kafka cluster configured: set CCRP_KAFKA_BOOTSTRAP, write to a file with "
            "--out, or use `ccrp run --intake` which serves it on the embedded broker"
        )
    store = _open_store()
    try:
        if out is not None:
            beside = out.with_name(f"{out.stem}.referrals{out.suffix or '.jsonl'}")
            senders = file_senders(out, referrals_out or beside)
        else:
            senders = cluster_senders(settings)
        with senders as chosen:
            app = intake_app(store, settings, chosen)
            http_server(app, settings.intake.host, settings.intake.port).run()
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI."""
    app.add_typer(sources_app, name="sources")
    app.add_typer(intake_app, name="intake")
    app.command("ingest-file")(ingest_file)
