"""Run the due sources: collect, emit only new or changed items, record each source's state.

Sources run side by side on ``settings.workers`` threads, each under its own wall-clock
deadline, so a slow or hostile source delays neither the others nor the end of the run.
A failing source (timeout, 500, HTML, truncated body, a bad option, its deadline) is
isolated: the others still run, the error and its time go into that source's state, and
what was already emitted stays emitted and marked. Items are marked seen only after
``emit`` returned and ``confirm`` succeeded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import httpx
from rich.progress import Progress

from ingest.normalise import parse_time, utc_now
from ingest.pool import BoundedRunner
from ingest.settings import CollectSettings
from ingest.source_run import Delivery, Emit, SourceRun, SourceTask, abandon, run_source
from ingest.sources_file import SourceConfig, SourcesFile
from ingest.state import CollectorStateStore

__all__ = ["Emit", "RunSummary", "SourceRun", "collect_sources"]


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
    is collected again next time instead of being lost. Sources run concurrently, but
    ``emit`` and ``confirm`` are only ever called by one of them at a time. The client
    is shared by all sources (httpx clients are thread-safe) and must stay open.
    """
    settings = settings or CollectSettings()
    if isinstance(sources, SourcesFile):
        timezone = sources.timezone
        sources = sources.sources
    runs: dict[str, SourceRun] = {}
    due: list[SourceTask] = []
    for source in sources:
        if not source.enabled:
            continue
        state = state_store.get_collector_state(source.name) or {}
        last_run = parse_time(state.get("last_run"))
        retry_at = parse_time(state.get("retry_at"))
        started = now()
        rule = source.schedule_rule
        if not force and not rule.is_due(last_run, started, timezone, retry_at):
            next_at = rule.next_run(last_run, started, timezone, retry_at)
            runs[source.name] = SourceRun(source.name, source.kind, ran=False, next_run=next_at)
            continue
        due.append(SourceTask(source, state, settings))
    delivery = Delivery(emit, confirm)
    with _progress(progress) as bar:
        work = partial(
            run_source,
            client=client,
            store=state_store,
            delivery=delivery,
            settings=settings,
            timezone=timezone,
            now=now,
            bar=bar,
        )
        give_up = partial(abandon, store=state_store, settings=settings, timezone=timezone, now=now)
        pool: BoundedRunner[SourceTask, SourceRun] = BoundedRunner(work, give_up, settings.workers)
        for run in pool.run(due):
            runs[run.name] = run
    enabled = [source.name for source in sources if source.enabled]
    return RunSummary([runs[name] for name in enabled])
