"""Fault injection with real parts: ``kill -9`` of a worker twice mid-stream, and a
PostgreSQL outage mid-stream, each compared with an uninterrupted run of the same input.

The input is real: TPS calls and news of one July day moved to today, and of another
moved 40 days back (older than resolution's 30-day memory), interleaved the way a live
feed and a portal backfill arrive together.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas import RawReport
from tests.ccrp.faults.harness import (
    PacedProducer,
    Snapshot,
    cluster,
    database_outage,
    drain,
    processed,
    real_reports,
    snapshot,
    wait_until,
)

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.shared_data]
PER_AGE = 520
RATE = 50.0  # reports/s: slow enough that the faults land mid-stream


@pytest.fixture(scope="module")
def reports() -> list[RawReport]:
    to_today = datetime.now(UTC).date() - datetime(2026, 7, 12, tzinfo=UTC).date()
    today = real_reports("2026-07-12", to_today, PER_AGE)
    weeks_back = real_reports("2026-07-13", to_today - timedelta(days=41), PER_AGE // 2)
    mixed: list[RawReport] = []
    for n, now in enumerate(today):  # two live reports, then one of the backfill
        mixed.append(now)
        if n % 2 and n // 2 < len(weeks_back):
            mixed.append(weeks_back[n // 2])
    return mixed


@pytest.fixture(scope="module")
def baseline(reports: list[RawReport], tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The uninterrupted run of the same input."""
    ids = {r.report_id for r in reports}
    with cluster(tmp_path_factory.mktemp("steady")) as made:
        made.start_worker()
        producer = PacedProducer(made.kafka, reports, rate=10 * RATE)
        producer.start()
        producer.join()
        drain(made, ids)
        made.stop_workers()
        return snapshot(made, ids)


def assert_same_as(after: Snapshot, before: Snapshot, ids: set[str]) -> None:
    assert after.reports | after.dead_letters == ids, "every produced report is accounted for"
    assert after.links == before.links, "every report is in the same incident"
    assert after.incidents == before.incidents
    created = after.created_per_incident()
    assert created and set(created.values()) == {1}, "no second activation.created"
    assert after.events.keys() == before.events.keys(), "the same activation events"


def test_kill_9_twice_mid_stream_changes_nothing(
    reports: list[RawReport], baseline: Snapshot, tmp_path: Path
) -> None:
    ids = {r.report_id for r in reports}
    with cluster(tmp_path) as made:
        made.start_worker()
        producer = PacedProducer(made.kafka, reports, rate=RATE)
        producer.start()
        for fraction in (0.3, 0.6):
            wait_until(lambda f=fraction: processed(made, ids) >= f * len(ids), 180)
            made.kill_workers()
            made.start_worker()
        producer.join()
        drain(made, ids)
        made.stop_workers()
        after = snapshot(made, ids)
        assert len(made.workers) == 3
    assert_same_as(after, baseline, ids)


def test_database_outage_mid_stream_loses_nothing(
    reports: list[RawReport], baseline: Snapshot, tmp_path: Path
) -> None:
    ids = {r.report_id for r in reports}
    with cluster(tmp_path) as made:
        worker = made.start_worker()
        producer = PacedProducer(made.kafka, reports, rate=RATE)
        producer.start()
        wait_until(lambda: processed(made, ids) >= 0.3 * len(ids), 180)
        wait_until(lambda: made.readiness() == 200, 30)
        database_outage(made.db_url, down=True)
        wait_until(lambda: made.readiness() == 503, 30)  # the worker says it is blocked
        time.sleep(8)
        assert processed(made, ids) == -1, "the database is really unreachable"
        database_outage(made.db_url, down=False)
        wait_until(lambda: made.readiness() == 200, 60)
        producer.join()
        drain(made, ids)
        assert worker.poll() is None, "the worker rode out the outage without a restart"
        made.stop_workers()
        after = snapshot(made, ids)
        log = (made.data_dir / "worker-0.log").read_text(encoding="utf-8", errors="replace")
    assert "blocked" in log
    assert not after.dead_letters, "an outage is never the message's fault"
    assert_same_as(after, baseline, ids)
