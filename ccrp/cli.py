"""The ``ccrp`` command line: an explicit registry of the command modules in ``ccrp.commands``."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Critical-incident intake.")


_registered = False


def _register_all() -> None:
    """Explicit registry: one line per package that contributes commands."""
    global _registered
    if _registered:
        return
    _registered = True
    from ccrp.commands import (
        analysts,
        classify,
        corrections,
        deadletters,
        deliveries,
        geo,
        pipeline,
        resolve,
        sources,
        store,
    )

    for module in (
        pipeline,
        sources,
        classify,
        geo,
        store,
        analysts,
        corrections,  # after analysts: adds split and merge to ``ccrp incidents``
        deadletters,
        deliveries,
        resolve,
    ):
        module.register(app)


def main() -> None:
    """Run the CLI; a configuration error ends it with a one-line message and exit code 4."""
    from ccrp.errors import ExitCode
    from enrich.geo.errors import GeoConfigError
    from ingest.errors import SourceConfigError
    from sinks.errors import StoreConfigError

    _register_all()
    try:
        app()
    except (SourceConfigError, GeoConfigError, StoreConfigError) as exc:
        from rich.console import Console

        Console(stderr=True).print(f"[red]configuration error:[/red] {exc}", highlight=False)
        raise SystemExit(ExitCode.CONFIG) from None
