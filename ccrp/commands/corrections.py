"""``ccrp incidents split`` and ``ccrp incidents merge``: an operator corrects resolution.

Both need a reason, which the store keeps with the correction; the stream applies them in
order with the reports, and the case system hears of each through activation events.
"""

from __future__ import annotations

import getpass

import typer
from rich.console import Console

from ccrp.commands.analysts import incidents_app
from ccrp.settings import get_settings
from schemas.corrections import CorrectionKind, IncidentCorrection

console = Console()
REASON = typer.Option(..., "--reason", help="Why (kept with the correction).")
BY = typer.Option(None, "--by", help="Who asks (default: the login name).")


def _submit(correction: IncidentCorrection) -> None:
    from ccrp.submit import submit

    done = submit(get_settings(), [correction])
    if done.queued:
        console.print(f"correction {correction.correction_id} sent; a worker applies it")
    elif correction.correction_id in done.applied:
        console.print(f"correction {correction.correction_id} applied")
    else:
        console.print(
            f"[red]correction {correction.correction_id} refused[/red]: "
            "see `ccrp deadletters --stage correct`"
        )
        raise typer.Exit(1)


def split_command(
    incident_id: str = typer.Argument(..., help="The incident that is really two."),
    reports: list[str] = typer.Option(
        ..., "--reports", help="Report ids that are the other incident (repeatable)."
    ),
    reason: str = REASON,
    by: str = BY,
) -> None:
    """Split the named reports off an incident into an incident of their own."""
    names = [r for item in reports for r in item.split(",") if r.strip()]
    _submit(
        IncidentCorrection.request(
            CorrectionKind.SPLIT, incident_id, reason, by or getpass.getuser(), report_ids=names
        )
    )


def merge_command(
    incident_id: str = typer.Argument(..., help="One incident."),
    other_id: str = typer.Argument(..., help="The incident that is the same one."),
    reason: str = REASON,
    by: str = BY,
) -> None:
    """Merge two incidents by hand (the activated one, else the first seen, keeps its id)."""
    _submit(
        IncidentCorrection.request(
            CorrectionKind.MERGE,
            incident_id,
            reason,
            by or getpass.getuser(),
            other_incident_id=other_id,
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``split`` and ``merge`` under ``ccrp incidents`` (registered after it)."""
    del app
    incidents_app.command("split")(split_command)
    incidents_app.command("merge")(merge_command)
