"""Commands contributed by ``sinks``: ``ccrp digest``, ``ccrp db upgrade``, ``ccrp db bench``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from sqlalchemy.engine import make_url

from ccrp.settings import Settings, get_settings
from sinks.digest import DigestFiles, render_digest
from sinks.errors import StoreError
from sinks.store import Store

console = Console()
db_app = typer.Typer(no_args_is_help=True, help="The SQL store: migrations and figures.")
BoundariesLoader = Callable[[Settings], dict[str, Any] | None]


def enrich_boundaries(settings: Settings) -> dict[str, Any] | None:
    """Neighbourhood boundaries from the geocoding package, when it is installed."""
    try:
        from enrich.geo import load_boundaries_geojson
    except ImportError:
        return None
    result: dict[str, Any] | None = load_boundaries_geojson(settings.geo, settings.data_dir)
    return result


def run_digest(
    settings: Settings,
    day: date,
    out: Path,
    boundaries_loader: BoundariesLoader | None = enrich_boundaries,
) -> DigestFiles:
    """Open the configured store and write the digest of ``day`` into ``out``."""
    boundaries = None
    if boundaries_loader is not None:
        try:
            boundaries = boundaries_loader(settings)
        except Exception as exc:  # the digest still renders, on a plain City frame
            console.print(f"[yellow]boundaries unavailable, plain map: {exc}[/yellow]")
    with Store.open(settings.database_url) as store:
        return render_digest(store, day, out, boundaries=boundaries, tz=settings.timezone)


def digest(
    day: str = typer.Option(None, "--day", help="Local day YYYY-MM-DD (default: today)."),
    out: Path = typer.Option(None, "--out", help="Output folder (default: DATA_DIR/digest)."),
) -> None:
    """Write the daily incident digest (HTML with a map, and Markdown)."""
    settings = get_settings()
    try:
        today = datetime.now(ZoneInfo(settings.timezone)).date()
        chosen = date.fromisoformat(day) if day else today
    except ValueError as exc:
        raise typer.BadParameter(f"--day must be YYYY-MM-DD: {exc}") from exc
    try:
        files = run_digest(settings, chosen, out or settings.data_dir / "digest")
    except StoreError as exc:
        console.print(f"[red]digest failed: {exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"digest written: {files.html}\n                {files.markdown}")


@db_app.command("upgrade")
def db_upgrade(
    url: str = typer.Option(None, "--url", help="Database URL (default: from settings)."),
) -> None:
    """Migrate the store's schema to the newest revision."""
    target = url or get_settings().database_url
    try:
        Store.open(target).close()
    except StoreError as exc:
        console.print(f"[red]upgrade failed: {exc}[/red]")
        raise typer.Exit(1) from exc
    shown = make_url(target).render_as_string(hide_password=True)
    console.print(f"schema at head: {shown}")


@db_app.command("bench")
def db_bench(
    url: str = typer.Option(None, "--url", help="Database URL (default: a temporary SQLite)."),
    reports: int = typer.Option(5000, "--reports", min=1),
) -> None:
    """Measure report/incident upsert and replay throughput and print the figures."""
    from sinks.bench import run_bench

    for name, value in run_bench(url, reports).items():
        console.print(f"{name:<36} {value}")


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI."""
    app.command("digest")(digest)
    app.add_typer(db_app, name="db")
