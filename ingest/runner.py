"""Run the due sources: collect, emit only new or changed items, record each source's state.

A failing source (timeout, 500, HTML, truncated body, a bad option) is isolated: the others
still run, the error and its time go into that source's state, and what was already emitted
stays emitted and marked. Items are marked seen only after ``emit`` returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from rich.progress import Progress

from ingest.base import Batch
from ingest.normalise import content_hash, parse_time, utc_now
from ingest.registry import make_collector
from ingest.settings import CollectSettings
from ingest.sources_file import SourceConfig, SourcesFile
from ingest.state import CollectorStateStore
from schemas import RawReport

Emit = Callable[[RawReport], None]


@dataclass
class SourceRun:
    """The outcome of one source in one run."""

    name: str
    kind: str
    ran: bool
    new: int = 0
    seen: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    next_run: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class RunSummary:
    """All sources of one run."""

    runs: list[SourceRun]

    @property
    def new(self) -> int:
        return sum(run.new for run in self.runs)

    @property
    def failed(self) -> list[SourceRun]:
        return [run for run in self.runs if run.ran and not run.ok]

    def get(self, name: str) -> SourceRun:
        return next(run for run in self.runs if run.name == name)


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    with Progress() as progress:
        yield progress


def collect_sources(
    sources: SourcesFile | Sequence[SourceConfig],
    client: httpx.Client,
    state_store: CollectorStateStore,
    emit: Emit,
    progress: bool = True,
    force: bool = False,
    settings: CollectSettings | None = None,
    timezone: str = "America/Toronto",
    now: Callable[[], datetime] = utc_now,
    confirm: Callable[[], None] | None = None,
) -> RunSummary:
    """Run every enabled source that is due (all of them with ``force``).

    Given a ``SourcesFile``, its sources and its timezone are used. ``confirm`` is called
    after each batch is emitted and before its items are marked seen: it waits for
    delivery (e.g. a producer flush) and raises when delivery failed, so a failed batch
    is collected again next time instead of being lost.
    """
    settings = settings or CollectSettings()
    if isinstance(sources, SourcesFile):
        timezone = sources.timezone
        sources = sources.sources
    runs = []
    with _progress(progress) as bar:
        for source in sources:
            if not source.enabled:
                continue
            state = state_store.get_collector_state(source.name) or {}
            last_run = parse_time(state.get("last_run"))
            started = now()
            if not force and not source.schedule_rule.is_due(last_run, started, timezone):
                next_at = source.schedule_rule.next_run(last_run, started, timezone)
                runs.append(SourceRun(source.name, source.kind, ran=False, next_run=next_at))
                continue
            runs.append(
                _run_source(
                    source, client, state_store, emit, state, settings, timezone, now, bar, confirm
                )
            )
    return RunSummary(runs)


def _run_source(
    source: SourceConfig,
    client: httpx.Client,
    store: CollectorStateStore,
    emit: Emit,
    state: dict[str, Any],
    settings: CollectSettings,
    timezone: str,
    now: Callable[[], datetime],
    bar: Progress | None,
    confirm: Callable[[], None] | None = None,
) -> SourceRun:
    started = now()
    run = SourceRun(source.name, source.kind, ran=True)
    task = bar.add_task(source.name, total=None) if bar is not None else None
    state = {**state, "kind": source.kind, "last_run": started.isoformat()}
    try:
        collector = make_collector(source, client, settings)
        collector.now = now
        for batch in collector.collect(dict(state.get("cursor") or {})):
            _emit_batch(source.name, batch, store, emit, run, confirm)
            run.warnings.extend(batch.warnings)
            if batch.state is not None:
                state["cursor"] = batch.state
                store.put_collector_state(source.name, state)
            if bar is not None and task is not None:
                bar.update(task, total=batch.total, advance=len(batch.reports))
    except Exception as exc:  # isolate every failure to its own source
        run.error = f"{type(exc).__name__}: {exc}"
    finished = now()
    run.next_run = source.schedule_rule.next_run(started, finished, timezone)
    state.update(
        items_new=run.new,
        items_seen=run.seen,
        items_total=int(state.get("items_total", 0)) + run.new,
        warnings=run.warnings[-5:],
        next_run=run.next_run.isoformat(),
    )
    if run.error is None:
        state.update(last_success=finished.isoformat(), consecutive_failures=0)
    else:
        state.update(
            last_error=run.error,
            last_error_at=finished.isoformat(),
            consecutive_failures=int(state.get("consecutive_failures", 0)) + 1,
        )
    store.put_collector_state(source.name, state)
    return run


def _emit_batch(
    source: str,
    batch: Batch,
    store: CollectorStateStore,
    emit: Emit,
    run: SourceRun,
    confirm: Callable[[], None] | None = None,
) -> None:
    latest: dict[str, tuple[RawReport, str]] = {}
    for report in batch.reports:
        latest[report.item_id] = (report, content_hash(report))
    fresh = store.filter_new_items(source, [(item, digest) for item, (_, digest) in latest.items()])
    emitted: list[tuple[str, str]] = []
    try:
        for item_id, (report, digest) in latest.items():
            if item_id in fresh:
                emit(report)
                emitted.append((item_id, digest))
    finally:
        if emitted:
            if confirm is not None:
                confirm()  # raises on failed delivery: nothing is marked, all is retried
            store.mark_items_seen(source, emitted)
        run.new += len(emitted)
    run.seen += len(latest) - len(fresh)
