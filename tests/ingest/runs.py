"""Running sources in tests: no progress bar, in-process emit."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import httpx

from ingest.runner import RunSummary, collect_sources
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport


def run_once(
    sources: Sequence[SourceConfig],
    client: httpx.Client,
    store: MemoryStateStore,
    emit: Callable[[RawReport], None],
    force: bool = False,
) -> RunSummary:
    return collect_sources(sources, client, store, emit, progress=False, force=force)
