"""Commands contributed by the ``classify`` package."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI (none yet)."""
    del app
