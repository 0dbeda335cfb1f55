"""``ccrp deadletters``: what failed and why, and ``replay`` once the cause is fixed."""

from __future__ import annotations

from datetime import datetime

import typer
from rich.console import Console
from rich.table import Table

from ccrp.settings import get_settings

console = Console()
app = typer.Typer(help="Dead letters: list by reason and time, replay a selection.")
STAGE = typer.Option(None, "--stage", help="decode, classify, enrich, resolve, store, ...")
REASON = typer.Option(None, "--reason", help="Text in the error type or message.")
SINCE = typer.Option(None, "--since", help="Failed at or after this ISO time.")
ALL = typer.Option(False, "--all", help="Include letters replayed already.")


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"--since must be an ISO time: {exc}") from exc
    return moment if moment.tzinfo else moment.astimezone()


def _open_store():  # type: ignore[no-untyped-def]
    from ccrp.runtime import open_store

    return open_store(get_settings())


@app.callback(invoke_without_command=True)
def list_letters(
    ctx: typer.Context,
    stage: str | None = STAGE,
    reason: str | None = REASON,
    since: str | None = SINCE,
    include_replayed: bool = ALL,
    limit: int = typer.Option(20, help="How many letters to list after the summary."),
) -> None:
    """Dead letters by reason (stage and error type), then the latest of the selection."""
    if ctx.invoked_subcommand is not None:
        return
    with _open_store() as store:
        reasons = store.dead_letter_reasons(include_replayed)
        letters = store.find_dead_letters(stage, reason, _since(since), include_replayed, limit)
    summary = Table(title="Dead letters by reason")
    for column in ("stage", "error", "count", "first", "last", "example"):
        summary.add_column(column, overflow="fold")
    for r in reasons:
        summary.add_row(
            r.stage,
            r.error_type,
            str(r.count),
            f"{r.first:%m-%d %H:%M}",
            f"{r.last:%m-%d %H:%M}",
            r.example,
        )
    console.print(summary)
    listed = Table(title=f"Latest {len(letters)} of the selection")
    for column in ("id", "failed at", "stage", "key", "error", "replayed"):
        listed.add_column(column, overflow="fold")
    for s in letters:
        dl = s.letter
        listed.add_row(
            str(s.id),
            f"{dl.failed_at:%Y-%m-%d %H:%M:%S}",
            dl.stage,
            dl.key or "-",
            f"{dl.error_type}: {dl.error[:120]}",
            f"{s.replayed_at:%m-%d %H:%M}" if s.replayed_at else "",
        )
    console.print(listed)


@app.command("replay")
def replay(
    stage: str | None = STAGE,
    reason: str | None = REASON,
    since: str | None = SINCE,
    ids: list[int] = typer.Option([], "--id", help="Replay these letters (repeatable)."),
    again: bool = typer.Option(False, "--again", help="Also letters replayed already."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be replayed."),
) -> None:
    """Submit a selection of dead letters again (idempotent)."""
    from ccrp.replay import plan_replay

    settings = get_settings()
    with _open_store() as store:
        selection = store.find_dead_letters(stage, reason, _since(since), again)
        if ids:
            selection = [s for s in selection if s.id in set(ids)]
        plan = plan_replay(selection)
        for letter_id, why in plan.skipped:
            console.print(f"[yellow]letter {letter_id} not replayable:[/yellow] {why}")
        if dry_run or not selection:
            console.print(f"{len(selection)} selected, {len(plan.reports)} replayable reports")
            return
        if settings.kafka_section.bootstrap:
            sent = _to_topics(settings, plan.messages)
            store.mark_dead_letters_replayed([i for i, *_ in plan.messages])
            console.print(f"{sent} messages sent back to their topics")
            return
    sent = _through_pipeline(settings, plan)
    console.print(f"{sent} reports run through the pipeline again")


def _to_topics(settings, messages) -> int:  # type: ignore[no-untyped-def]
    from ccrp.transport import KeyedProducer

    producer = KeyedProducer(settings.kafka_section)
    for _id, topic, key, value in messages:
        producer.send_bytes(topic, key, value)
    producer.flush()
    return len(messages)


def _through_pipeline(settings, plan) -> int:  # type: ignore[no-untyped-def]
    from ccrp.runjob import run_pipeline_once

    def make_collect(store):  # type: ignore[no-untyped-def]
        def collect(emit, confirm):  # type: ignore[no-untyped-def]
            for _id, report in plan.reports:
                emit(report)
            confirm()
            store.mark_dead_letters_replayed(plan.ids)

        return collect

    run_pipeline_once(settings, make_collect, digest=False)
    return len(plan.reports)


def register(root: typer.Typer) -> None:
    """Add ``ccrp deadletters`` to the main CLI."""
    root.add_typer(app, name="deadletters")
