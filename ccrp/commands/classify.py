"""Commands contributed by the ``classify`` package: train, eval, bench."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import typer

from classify.model import MODEL_DIR


def train_command(
    seed: int = typer.Option(0, help="Random seed (fixed for a reproducible model)."),
    epochs: int = typer.Option(30, help="Training epochs."),
    output: Path = typer.Option(MODEL_DIR, help="Where to write the model."),
) -> None:
    """Rebuild the packaged model from the committed training sentences."""
    from classify.model import train_packaged

    started = time.perf_counter()
    losses = train_packaged(seed=seed, epochs=epochs, target=output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    typer.echo(
        f"trained {epochs} epochs (seed {seed}) in {time.perf_counter() - started:.1f}s, "
        f"final loss {losses[-1]:.4f}; model {size / 1e6:.2f} MB at {output}"
    )


def eval_command(
    labels: Path = typer.Option(..., exists=True, help="Label file (JSON lines, by guid)."),
    input: Path | None = typer.Option(
        None,
        exists=True,
        help="News items (JSON lines with guid); default: the label file itself when its "
        "lines carry the text, else the matching news file under $CCRP_SHARED_DATA/news.",
    ),
    show_errors: bool = typer.Option(False, help="List every disagreement."),
    mode: str = typer.Option(
        "combined", help="Decide types by model and rules (combined), the model or the rules."
    ),
    split: str | None = typer.Option(
        None, help="Only the items of the frozen split: dev (9-13 July) or holdout (14-17 July)."
    ),
    since: str | None = typer.Option(None, help="Only items published on or after (local date)."),
    until: str | None = typer.Option(None, help="Only items published on or before (local date)."),
) -> None:
    """Print per-type P/R/F1, macro-F1, follow-up and in-area confusion, CCRP eligibility."""
    from classify.classifier import Classifier
    from classify.evaluate import carries_text, evaluate, news_report, read_jsonl, select_dates
    from classify.report import render

    first, last = _date_range(split, since, until)
    label_rows = read_jsonl(labels)
    if input is None and not carries_text(label_rows):
        input = _default_input(labels)
    items = [news_report(row) for row in (read_jsonl(input) if input else label_rows)]
    label_rows = select_dates(label_rows, items, first, last)
    if not label_rows:
        raise typer.BadParameter("no labelled item was published in that date range")
    wanted = {str(row["guid"]) for row in label_rows}
    items = [r for r in items if r.item_id in wanted]
    classifier = Classifier.load().with_mode(mode)
    predicted = dict(zip((r.item_id for r in items), classifier.classify_many(items), strict=True))
    published = {r.item_id: r.reported_at for r in items}
    result = evaluate(label_rows, predicted, published)
    typer.echo(render(result, show_errors=show_errors))


def cues_command(
    input: list[Path] = typer.Option(..., exists=True, help="Item files (JSON lines with text)."),
    split: str | None = typer.Option(None, help="Only items of the frozen split: dev or holdout."),
    single: bool = typer.Option(False, help="Only phrases that one item alone supports."),
) -> None:
    """Print, per cue phrase, how many items match it and which."""
    from classify.cue_review import GENERAL_SINGLE_SUPPORT
    from classify.cue_support import cue_support, render_support, single_item_cues
    from classify.evaluate import local_date, news_report, read_jsonl

    first, last = _date_range(split, None, None)
    items = []
    for path in input:
        for row in read_jsonl(path):
            report = news_report(row)
            day = local_date(report)
            if first is None or (
                day is not None and first <= day and (last is None or day <= last)
            ):
                items.append((report.item_id, report.text))
    support = cue_support(items)
    if single:
        support = single_item_cues(support, GENERAL_SINGLE_SUPPORT)
    typer.echo(render_support(support))


def _date_range(
    split: str | None, since: str | None, until: str | None
) -> tuple[date | None, date | None]:
    from classify.evaluate import SPLITS

    if split is not None:
        if split not in SPLITS:
            raise typer.BadParameter(
                f"unknown split {split!r}: dev or holdout", param_hint="--split"
            )
        if since or until:
            raise typer.BadParameter("give --split or --since/--until, not both")
        return SPLITS[split]
    try:
        return (
            date.fromisoformat(since) if since else None,
            date.fromisoformat(until) if until else None,
        )
    except ValueError as exc:
        raise typer.BadParameter(f"dates are YYYY-MM-DD: {exc}") from exc


def _default_input(labels: Path) -> Path:
    shared = os.environ.get("CCRP_SHARED_DATA")
    candidate = Path(shared) / "news" / f"toronto-{labels.name}" if shared else None
    if candidate is None or not candidate.is_file():
        raise typer.BadParameter(
            "give --input (or set CCRP_SHARED_DATA to the folder holding news/toronto-"
            f"{labels.name})",
            param_hint="--input",
        )
    return candidate


def bench_command(
    n: int = typer.Option(20_000, help="Reports to classify."),
    batch_size: int = typer.Option(256, help="Reports per classify_many call."),
    input: Path | None = typer.Option(None, help="News items to cycle through (JSON lines)."),
    processes: int = typer.Option(
        os.cpu_count() or 1, help="Worker processes (default: one per core)."
    ),
) -> None:
    """Print classification throughput (reports/s) for news-length texts."""
    from classify.bench import run_bench

    typer.echo(run_bench(n=n, batch_size=batch_size, source=input, processes=processes))


def register(app: typer.Typer) -> None:
    """Add ``ccrp classify train|eval|cues|bench`` to the main CLI."""
    group = typer.Typer(no_args_is_help=True, help="Incident classification.")
    group.command("train")(train_command)
    group.command("eval")(eval_command)
    group.command("cues")(cues_command)
    group.command("bench")(bench_command)
    app.add_typer(group, name="classify")
