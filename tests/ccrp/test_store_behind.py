"""Stage 2 stores a batch while it computes the next: the store one batch behind must not
change an answer, with live reports and a backfill weeks older interleaved (the backfill's
incidents fall behind memory's horizon as soon as they are made, and are read back from the
store by the next report about them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import cast

import pytest

from ccrp.app import apply_to_store
from ccrp.effects import BatchEffects
from ccrp.pipeline import ReportOutcome
from ccrp.runtime import build_stages, open_store
from schemas import EnrichedReport, RawReport
from tests.ccrp.faults.inputs import live_and_backfill
from tests.ccrp.support import make_settings

pytestmark = pytest.mark.shared_data
BATCH = 50


def incidents_of(reports: Sequence[RawReport], folder: Path, behind: bool) -> dict[str, str]:
    """Each report's stored incident after a run; ``behind``: each batch is written only
    after the next one has been resolved, as the stage loop does."""
    settings = make_settings(folder)
    store = open_store(settings)
    stages = build_stages(settings, store)
    waiting: BatchEffects | None = None
    for start in range(0, len(reports), BATCH):
        effects = BatchEffects()
        enriched = stages.enrich_batch(reports[start : start + BATCH])
        assert all(isinstance(er, EnrichedReport) for er in enriched)
        for outcome in stages.resolve_batch(cast(list[EnrichedReport], enriched)):
            assert isinstance(outcome, ReportOutcome)
            effects.add(outcome)
        if not behind:
            apply_to_store(store, effects)
            continue
        if waiting is not None:
            apply_to_store(store, waiting)
        waiting = effects
    if waiting is not None:
        apply_to_store(store, waiting)
    links = store.report_incidents({r.report_id for r in reports})
    store.close()
    return links


def test_the_store_one_batch_behind_changes_no_answer(tmp_path: Path) -> None:
    reports = live_and_backfill(520, today=date(2026, 12, 7))
    in_step = incidents_of(reports, tmp_path / "in-step", behind=False)
    behind = incidents_of(reports, tmp_path / "behind", behind=True)
    assert len(in_step) > 0.95 * len(reports)  # the rest are about no specific incident
    moved = sorted(r for r in in_step.keys() | behind.keys() if behind.get(r) != in_step.get(r))
    assert not moved, f"{len(moved)} report(s) in another incident, e.g. {moved[:5]}"
