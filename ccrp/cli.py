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
        deadletters,
        deliveries,
        geo,
        pipeline,
        sources,
        store,
    )

    for module in (pipeline, sources, classify, geo, store, analysts, deadletters, deliveries):
        module.register(app)


def main() -> None:
    _register_all()
    app()
