"""One source's run: collect under its deadline, deliver batch by batch, record its state.

Within the run, each request's transient failures (timeouts, connection errors, 429,
5xx) are retried with backoff while the deadline allows (``ingest.http.fetch``); terminal
ones (4xx, HTML instead of data, a refused redirect) are not. Whatever the failure, the
source's state gets ``retry_at``, so the scheduled job tries it again after a short,
growing wait instead of at its next scheduled slot (a day later for a daily source).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from rich.progress import Progress

from ingest.base import Batch
from ingest.deadline import Deadline
from ingest.normalise import content_hash
from ingest.registry import make_collector
from ingest.settings import CollectSettings
from ingest.sources_file import SourceConfig
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
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


class Delivery:
    """``emit`` and ``confirm`` shared by sources that run at the same time.

    A batch is emitted, confirmed and marked seen under one lock, so a ``confirm`` that
    waits for "everything sent so far" (a producer flush) covers exactly that batch and
    reports its failures to the source that sent it; emit targets need not be thread-safe.
    """

    def __init__(self, emit: Emit, confirm: Callable[[], None] | None = None) -> None:
        self.emit = emit
        self.confirm = confirm
        self._lock = threading.Lock()

    def deliver(
        self,
        source: str,
        batch: Batch,
        store: CollectorStateStore,
        run: SourceRun,
        deadline: Deadline,
    ) -> None:
        """Emit the batch's new or changed items; mark them seen once delivery is confirmed."""
        latest: dict[str, tuple[RawReport, str]] = {}
        for report in batch.reports:
            latest[report.item_id] = (report, content_hash(report))
        pairs = [(item, digest) for item, (_, digest) in latest.items()]
        fresh = store.filter_new_items(source, pairs)
        emitted: list[tuple[str, str]] = []
        with self._lock:
            if deadline.cancelled:
                deadline.check(source)  # raises: an abandoned run emits nothing more
            try:
                for item_id, (report, digest) in latest.items():
                    if item_id in fresh:
                        self.emit(report)
                        emitted.append((item_id, digest))
            finally:
                if emitted:
                    if self.confirm is not None:
                        self.confirm()  # raises on failed delivery: nothing is marked
                    store.mark_items_seen(source, emitted)
                run.new += len(emitted)
        run.seen += len(latest) - len(fresh)


class SourceTask:
    """A due source, its saved state, and its deadline once it starts."""

    def __init__(self, source: SourceConfig, state: dict[str, Any], settings: CollectSettings):
        self.source = source
        self.state = state
        self.deadline_s = source.deadline_s or settings.deadline_s
        self.grace_s = settings.deadline_grace_s
        self.deadline = Deadline(self.deadline_s)
        self.started_at: datetime | None = None
        self._finished = threading.Lock()
        self._claimed = False

    def begin(self) -> float:
        """Start the clock; returns the monotonic time at which the run is abandoned."""
        self.deadline = Deadline(self.deadline_s)
        assert self.deadline.at is not None
        return self.deadline.at + self.grace_s

    def claim(self) -> bool:
        """True for the first caller only: the run's end is recorded exactly once."""
        with self._finished:
            claimed, self._claimed = self._claimed, True
            return not claimed


def run_source(
    task: SourceTask,
    client: httpx.Client,
    store: CollectorStateStore,
    delivery: Delivery,
    settings: CollectSettings,
    timezone: str,
    now: Callable[[], datetime],
    bar: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SourceRun:
    """Collect one source; any failure is recorded in its run and its state, not raised."""
    source, deadline = task.source, task.deadline
    started, clock = now(), time.monotonic()
    task.started_at = started
    run = SourceRun(source.name, source.kind, ran=True)
    progress = bar.add_task(source.name, total=None) if bar is not None else None
    state = {**task.state, "kind": source.kind, "last_run": started.isoformat()}
    try:
        collector = make_collector(source, client, settings, deadline=deadline)
        collector.now = now
        collector.sleep = sleep
        for batch in collector.collect(dict(state.get("cursor") or {})):
            delivery.deliver(source.name, batch, store, run, deadline)
            run.warnings.extend(batch.warnings)
            if batch.state is not None and not deadline.cancelled:
                state["cursor"] = batch.state
                store.put_collector_state(source.name, state)
            if bar is not None and progress is not None:
                bar.update(progress, total=batch.total, advance=len(batch.reports))
    except Exception as exc:  # isolate every failure to its own source
        run.error = f"{type(exc).__name__}: {exc}"
    run.seconds = time.monotonic() - clock
    if task.claim():
        try:
            finish(task, run, state, store, settings, timezone, started, now())
        except Exception as exc:  # the store is down: the run's outcome still counts
            run.error = run.error or f"state not recorded: {type(exc).__name__}: {exc}"
    return run


def finish(
    task: SourceTask,
    run: SourceRun,
    state: dict[str, Any],
    store: CollectorStateStore,
    settings: CollectSettings,
    timezone: str,
    started: datetime,
    finished: datetime,
) -> None:
    """Record the run in the source's state: counts, errors, and when it is due again."""
    rule = task.source.schedule_rule
    run.next_run = rule.next_run(started, finished, timezone)
    state.pop("retry_at", None)
    state.update(
        items_new=run.new,
        items_seen=run.seen,
        items_total=int(state.get("items_total", 0)) + run.new,
        warnings=run.warnings[-5:],
    )
    if run.error is None:
        state.update(last_success=finished.isoformat(), consecutive_failures=0)
    else:
        failures = int(state.get("consecutive_failures", 0)) + 1
        wait = min(settings.failure_retry_s * 2 ** (failures - 1), settings.failure_retry_max_s)
        retry_at = finished + timedelta(seconds=wait)
        if retry_at < run.next_run:
            state["retry_at"] = retry_at.isoformat()
            run.next_run = retry_at
        state.update(
            last_error=run.error[:2_000],
            last_error_at=finished.isoformat(),
            consecutive_failures=failures,
        )
    state["next_run"] = run.next_run.isoformat()
    store.put_collector_state(task.source.name, state)


def abandon(
    task: SourceTask,
    store: CollectorStateStore,
    settings: CollectSettings,
    timezone: str,
    now: Callable[[], datetime],
) -> SourceRun | None:
    """The failure of a run still stuck after its deadline and grace; its thread is left.

    None when the run was finishing at that very moment (it records its own end).
    """
    task.deadline.cancel()
    source = task.source
    run = SourceRun(
        source.name,
        source.kind,
        ran=True,
        error=(
            f"DeadlineExceeded: {source.name} did not finish within its deadline of "
            f"{task.deadline_s:g}s (abandoned after {task.grace_s:g}s more)"
        ),
        seconds=task.deadline_s + task.grace_s,
    )
    if not task.claim():
        return None
    finished = now()
    state = {**task.state, **(store.get_collector_state(source.name) or {})}
    started = task.started_at or finished
    state.update(kind=source.kind, last_run=started.isoformat())
    finish(task, run, state, store, settings, timezone, started, finished)
    return run
