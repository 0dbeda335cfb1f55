"""The ``ccrp`` command line. Each package registers its own commands explicitly."""

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
    from ccrp import commands as wiring_commands
    from classify import cli as classify_cli
    from enrich import cli as enrich_cli
    from ingest import cli as ingest_cli
    from sinks import cli as sinks_cli

    for module in (wiring_commands, ingest_cli, classify_cli, enrich_cli, sinks_cli):
        module.register(app)


def main() -> None:
    _register_all()
    app()
