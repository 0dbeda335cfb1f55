"""``ccrp resolve eval``: resolution scored against labelled clusters, per half of the split."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from ccrp.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Incident resolution: evaluation.")
FEEDS = (
    "news/toronto-news-2026-07-09_17.jsonl",
    "feeds/tps-calls-for-service-2026-07-10_17.jsonl",
    "feeds/tfs-incidents-2026-07-11_17.jsonl",
)


@app.command("eval")
def eval_command(
    labels: Path = typer.Option(..., exists=True, dir_okay=False, help="Clusters (JSON lines)."),
    inputs: list[Path] = typer.Option(
        [],
        "--input",
        "-i",
        exists=True,
        dir_okay=False,
        help="Report files (default: the shared news, calls and fire rows, $CCRP_SHARED_DATA).",
    ),
    show_errors: bool = typer.Option(
        False, help="List the development half's wrong and missed joins."
    ),
    show_held_out_errors: bool = typer.Option(
        False, help="Also list the held-out half's (only once its figures are taken)."
    ),
) -> None:
    """Print pairwise P/R/F1 and B-cubed for news–news and news–police, per half."""
    from ccrp.resolve_eval import DEV, HOLDOUT, errors, read_inputs, render, resolve_all, score
    from ccrp.runtime import build_stages
    from enrich.resolve_eval import read_labels

    if not inputs:
        shared = os.environ.get("CCRP_SHARED_DATA")
        if not shared:
            raise typer.BadParameter(
                "give --input files or set CCRP_SHARED_DATA", param_hint="--input"
            )
        inputs = [Path(shared) / name for name in FEEDS]
    truth = read_labels(labels)
    run = resolve_all(build_stages(get_settings()), read_inputs(inputs))
    typer.echo(render(score(run, truth)))
    if show_errors:
        typer.echo("\n".join(["", "development half:", *errors(run, truth, *DEV)]))
    if show_held_out_errors:
        typer.echo("\n".join(["", "held-out half:", *errors(run, truth, *HOLDOUT)]))


def register(root: typer.Typer) -> None:
    """Add ``ccrp resolve ...`` to the main CLI."""
    root.add_typer(app, name="resolve")
