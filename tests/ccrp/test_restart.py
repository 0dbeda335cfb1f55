"""Resolution after a restart equals an uninterrupted run, for any report age.

Stage 2 runs over the real feeds (reports dated July 2026, months before the wall clock)
in batches written to a real SQLite store; the interrupted runs lose their memory twice,
are rebuilt from the store the way a worker starts, and get the last batch before each
crash again (its offsets were never committed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from ccrp.adapters import coerce_report
from ccrp.app import apply_to_store
from ccrp.effects import BatchEffects
from ccrp.pipeline import ReportOutcome, Stages
from ccrp.runtime import build_stages, rehydrate
from classify import Classifier
from enrich.geo import Gazetteer, Locator
from enrich.resolver_memory import RETAINED_BATCHES
from schemas import ActivationType, EnrichedReport, RawReport
from sinks.store import Store
from tests.ccrp.support import make_settings
from tests.conftest import shared_path

BATCH = 64
pytestmark = pytest.mark.shared_data


def read_rows(path: Path, first_day: str, last_day: str) -> list[RawReport]:
    reports = []
    for line in path.read_text(encoding="utf-8").splitlines():
        report = coerce_report(json.loads(line))
        day = report.reported_at.date().isoformat()
        if first_day <= day <= last_day:
            reports.append(report)
    return reports


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> list[EnrichedReport]:
    """Stage 1 once over three days of calls, news and fire incidents, in time order."""
    raw = [
        *read_rows(
            shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl"), "", "2026-07-12"
        ),
        *read_rows(shared_path("news/toronto-news-2026-07-09_17.jsonl"), "", "2026-07-12"),
        *read_rows(shared_path("feeds/tfs-incidents-2026-07-11_17.jsonl"), "", "2026-07-12"),
    ]
    raw.sort(key=lambda r: (r.reported_at, r.report_id))
    stages = build_stages(make_settings(tmp_path_factory.mktemp("stage1")))
    out = [er for er in stages.enrich_batch(raw) if isinstance(er, EnrichedReport)]
    assert len(out) == len(raw)
    return out


def batches(reports: list[EnrichedReport]) -> Iterator[list[EnrichedReport]]:
    for start in range(0, len(reports), BATCH):
        yield reports[start : start + BATCH]


def run_batch(stages: Stages, store: Store, batch: list[EnrichedReport]) -> list[ReportOutcome]:
    effects = BatchEffects()
    outcomes = []
    for result in stages.resolve_batch(batch):
        assert isinstance(result, ReportOutcome), result
        effects.add(result)
        outcomes.append(result)
    apply_to_store(store, effects)
    return outcomes


def fresh_stages(store: Store) -> Stages:
    """What a worker process builds at start: a new memory, rehydrated from the store."""
    stages = Stages(
        Classifier.load(), Locator(None, Gazetteer.from_intersections(None)), record=store
    )
    rehydrate(stages, store)
    return stages


def clustering(store: Store) -> set[frozenset[str]]:
    """The incidents as sets of report ids, whatever ids they were given."""
    groups: dict[str, set[str]] = {}
    for report_id, incident_id in store.report_incidents(all_report_ids(store)).items():
        groups.setdefault(incident_id, set()).add(report_id)
    return {frozenset(g) for g in groups.values()}


def all_report_ids(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [r for (r,) in conn.exec_driver_sql("SELECT report_id FROM reports")]


def created_per_cluster(store: Store) -> dict[frozenset[str], int]:
    groups: dict[str, set[str]] = {}
    for report_id, incident_id in store.report_incidents(all_report_ids(store)).items():
        groups.setdefault(incident_id, set()).add(report_id)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT incident_id, type FROM activations").fetchall()
    counts: dict[frozenset[str], int] = {}
    for incident_id, kind in rows:
        if kind == ActivationType.CREATED.value:
            key = frozenset(groups.get(incident_id, {incident_id}))
            counts[key] = counts.get(key, 0) + 1
    return counts


def replay(tmp: Path, reports: list[EnrichedReport], crash_after: set[int]) -> Store:
    store = Store.open(f"sqlite:///{tmp / 'ccrp.db'}")
    stages = fresh_stages(store)
    previous: list[EnrichedReport] = []
    for number, batch in enumerate(batches(reports)):
        run_batch(stages, store, batch)
        if number in crash_after:
            stages = fresh_stages(store)  # memory lost; the last batch comes again
            run_batch(stages, store, batch)
        previous = batch
    assert previous
    return store


def test_two_crashes_change_nothing(enriched: list[EnrichedReport], tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    steady = replay(tmp_path / "a", enriched, set())
    total = len(list(batches(enriched)))
    crashed = replay(tmp_path / "b", enriched, {total // 3, 2 * total // 3})
    assert clustering(crashed) == clustering(steady)
    created = created_per_cluster(crashed)
    assert created == created_per_cluster(steady)
    assert set(created.values()) == {1}, "never a second activation for one incident"
    links = crashed.report_incidents(all_report_ids(crashed))
    assert len(links) == len(set(all_report_ids(crashed)) & set(links))


def later_by(er: EnrichedReport, delta: timedelta, suffix: str) -> EnrichedReport:
    report = er.report
    moved = {
        name: getattr(report, name) + delta
        for name in ("occurred_at", "published_at", "collected_at")
        if getattr(report, name) is not None
    }
    return er.model_copy(
        update={"report": report.model_copy(update={"item_id": report.item_id + suffix, **moved})}
    )


def test_reports_older_than_the_window_find_their_stored_incident(
    enriched: list[EnrichedReport], tmp_path: Path
) -> None:
    """A report about an event 40 days before the newest joins the stored incident."""
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    stages = fresh_stages(store)
    calls = [er for er in enriched if er.report.source == "tps-calls"]
    shooting = next(er for er in calls if er.report.source_category == "SHO")
    later = [later_by(er, timedelta(days=40), "-later") for er in calls[:50]]
    first = run_batch(stages, store, [shooting])[0].incident
    assert first is not None
    assert len(later) > RETAINED_BATCHES
    for er in later:  # memory moves on 40 days, batch after batch, and forgets the shooting
        run_batch(stages, store, [er])
    assert stages.resolver.get(first.incident_id) is None
    again = shooting.model_copy(
        update={"report": shooting.report.model_copy(update={"item_id": "copy-of-the-call"})}
    )
    joined = run_batch(stages, store, [again])[0]
    assert joined.incident is not None
    assert joined.incident.incident_id == first.incident_id
