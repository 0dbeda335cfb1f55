"""Commands contributed by ``sinks``: ``ccrp digest [--send]``, ``ccrp db upgrade``,
``ccrp db bench``."""

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
from sinks.digest_send import Delivery, deliver_digest
from sinks.errors import DigestDeliveryError, StoreError
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


def _boundaries(settings: Settings, loader: BoundariesLoader | None) -> dict[str, Any] | None:
    if loader is None:
        return None
    try:
        return loader(settings)
    except Exception as exc:  # the digest still renders, on a plain City frame
        console.print(f"[yellow]boundaries unavailable, plain map: {exc}[/yellow]")
        return None


def run_digest(
    settings: Settings,
    day: date,
    out: Path,
    boundaries_loader: BoundariesLoader | None = enrich_boundaries,
    until: datetime | None = None,
) -> DigestFiles:
    """Open the configured store and write the digest of ``day`` into ``out``."""
    boundaries = _boundaries(settings, boundaries_loader)
    with Store.open(settings.database_url) as store:
        return render_digest(
            store, day, out, boundaries=boundaries, tz=settings.timezone, until=until
        )


def send_digest(
    settings: Settings,
    day: date,
    out: Path,
    until: datetime | None = None,
    force: bool = False,
    boundaries_loader: BoundariesLoader | None = enrich_boundaries,
) -> Delivery:
    """Write the digest of ``day`` and mail it, unless it was mailed for that day already."""
    if not settings.mail.enabled:
        raise DigestDeliveryError("set CCRP_MAIL__HOST and CCRP_MAIL__RECIPIENTS to send")
    boundaries = _boundaries(settings, boundaries_loader)
    with Store.open(settings.database_url) as store:
        return deliver_digest(
            store, day, out, settings.mail, boundaries, settings.timezone, until, force
        )


def digest(
    day: str = typer.Option(
        None, "--day", help="Local day YYYY-MM-DD (default: the 24 hours ending now)."
    ),
    out: Path = typer.Option(None, "--out", help="Output folder (default: DATA_DIR/digest)."),
    send: bool = typer.Option(False, "--send", help="Also mail it (once per day) over SMTP."),
    force: bool = typer.Option(False, "--force", help="With --send: mail a day sent already."),
) -> None:
    """Write the daily incident digest (HTML with a map, and Markdown) and optionally mail it."""
    settings = get_settings()
    now = datetime.now(ZoneInfo(settings.timezone))
    try:
        chosen = date.fromisoformat(day) if day else now.date()
    except ValueError as exc:
        raise typer.BadParameter(f"--day must be YYYY-MM-DD: {exc}") from exc
    until = None if day else now
    folder = out or settings.data_dir / "digest"
    try:
        if send:
            delivery = send_digest(settings, chosen, folder, until, force)
            files = delivery.files
        else:
            files = run_digest(settings, chosen, folder, until=until)
    except StoreError as exc:
        console.print(f"[red]digest failed: {exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"digest written: {files.html}\n                {files.markdown}")
    if send:
        sent = f"mailed to {', '.join(delivery.recipients)}" if delivery.sent else delivery.reason
        console.print(
            f"e-mail: {sent}" + (f" (archived as {delivery.eml})" if delivery.eml else "")
        )


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
