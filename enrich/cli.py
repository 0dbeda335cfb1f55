"""Commands contributed by the ``enrich`` package."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI: ``ccrp geo ...``."""
    from enrich.geo.commands import geo_app

    app.add_typer(geo_app, name="geo")
