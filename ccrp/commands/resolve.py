"""``ccrp resolve eval``: resolution scored against labelled clusters, per half of the split.

The labels are either the clusters of the shared real feeds (``--labels``, the frozen
dev / held-out split) or a labelled set that carries its own reports and halves
(``--set DIR``: a folder with ``set.json`` naming its label file, report files and halves,
such as the self-written ``enrich/data/selfwritten``).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import typer

from ccrp.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Incident resolution: evaluation.")
FEEDS = (
    "news/toronto-news-2026-07-09_17.jsonl",
    "feeds/tps-calls-for-service-2026-07-10_17.jsonl",
    "feeds/tfs-incidents-2026-07-11_17.jsonl",
)


def read_set(folder: Path) -> tuple[Path, list[Path], dict[str, tuple[date, date]]]:
    """(labels, report files, halves) of a labelled set folder, from its ``set.json``."""
    manifest = json.loads((folder / "set.json").read_text(encoding="utf-8"))
    halves = {
        name: (date.fromisoformat(first), date.fromisoformat(last))
        for name, (first, last) in manifest["halves"].items()
    }
    return folder / manifest["labels"], [folder / p for p in manifest["inputs"]], halves


def _shared_inputs() -> list[Path]:
    shared = os.environ.get("CCRP_SHARED_DATA")
    if not shared:
        raise typer.BadParameter("give --input files or set CCRP_SHARED_DATA", param_hint="--input")
    return [Path(shared) / name for name in FEEDS]


@app.command("eval")
def eval_command(
    labels: Path = typer.Option(
        None, exists=True, dir_okay=False, help="Clusters (JSON lines) of the shared feeds."
    ),
    labelled_set: Path = typer.Option(
        None, "--set", exists=True, file_okay=False, help="A labelled set folder (set.json)."
    ),
    inputs: list[Path] = typer.Option(
        [],
        "--input",
        "-i",
        exists=True,
        dir_okay=False,
        help="Report files (default: the shared news, calls and fire rows, $CCRP_SHARED_DATA).",
    ),
    half: str = typer.Option("all", help="Score only the half of this name (default: all)."),
    show_errors: bool = typer.Option(
        False, help="List the wrong and missed joins of the development half (or of --half)."
    ),
    show_held_out_errors: bool = typer.Option(
        False, help="Also list the held-out half's (only once its figures are taken)."
    ),
) -> None:
    """Print pairwise P/R/F1 and B-cubed for news–news and news–police, per half."""
    from ccrp.resolve_eval import SPLIT, errors, read_inputs, render, resolve_all, score
    from ccrp.runtime import build_stages
    from enrich.resolve_eval import read_labels

    halves = SPLIT
    if labelled_set is not None:
        labels, listed, halves = read_set(labelled_set)
        inputs = inputs or listed
    elif labels is None:
        raise typer.BadParameter("give --labels or --set", param_hint="--labels")
    if half != "all" and half not in halves:
        raise typer.BadParameter(f"one of {', '.join(halves)} or all", param_hint="--half")
    chosen = halves if half == "all" else {half: halves[half]}
    truth = read_labels(labels)
    run = resolve_all(build_stages(get_settings()), read_inputs(inputs or _shared_inputs()))
    typer.echo(render(score(run, truth, chosen)))
    if show_errors:
        name = half if half != "all" else next(iter(halves))
        typer.echo("\n".join(["", f"{name} half:", *errors(run, truth, *halves[name])]))
    if show_held_out_errors and "held-out" in halves:
        typer.echo("\n".join(["", "held-out half:", *errors(run, truth, *halves["held-out"])]))


@app.command("fit")
def fit_command(
    labelled_set: Path = typer.Option(
        ..., "--set", exists=True, file_okay=False, help="A labelled set folder (set.json)."
    ),
    fit_half: str = typer.Option("", help="The half to fit on (default: the set's first)."),
    labels: Path = typer.Option(
        None, exists=True, dir_okay=False, help="Also check on the shared feeds' dev half."
    ),
    write: bool = typer.Option(False, help="Write the fitted weights into the package."),
) -> None:
    """Fit the evidence weights on one half of a labelled set; check them on the others."""
    from ccrp.resolve_eval import run_fit

    label_file, inputs, halves = read_set(labelled_set)
    name = fit_half or next(iter(halves))
    if name not in halves:
        raise typer.BadParameter(f"one of {', '.join(halves)}", param_hint="--fit-half")
    shared = (labels, _shared_inputs()) if labels is not None else None
    typer.echo(run_fit(label_file, inputs, halves, name, shared, write))


def register(root: typer.Typer) -> None:
    """Add ``ccrp resolve ...`` to the main CLI."""
    root.add_typer(app, name="resolve")
