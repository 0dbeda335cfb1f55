"""Fault injection with real parts: ``kill -9`` of a worker twice mid-stream, and a
PostgreSQL outage mid-stream, each compared with an uninterrupted run of the same input.

The input is real: TPS calls and news of one July day moved to the past week, and of
another moved six weeks further back (older than resolution's 30-day memory),
interleaved the way a live feed and a portal backfill arrive together
(``tests/ccrp/faults/inputs.py``). ``pytest -s`` prints each run's figures.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from confluent_kafka import Producer

from ccrp.transport import client_config
from schemas import RAW, RawReport
from tests.ccrp.faults.harness import (
    Cluster,
    PacedProducer,
    cluster,
    database_outage,
    drain,
    processed,
    wait_until,
)
from tests.ccrp.faults.inputs import live_and_backfill
from tests.ccrp.faults.outcome import Snapshot, report_figures, snapshot

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.shared_data]
PER_AGE = 520
RATE = 50.0  # reports/s: slow enough that the faults land mid-stream
BAD = [f"bad-during-outage:{n}" for n in range(3)]  # messages that are not reports at all


@pytest.fixture(scope="module")
def reports() -> list[RawReport]:
    return live_and_backfill(PER_AGE)


@pytest.fixture(scope="module")
def baseline(reports: list[RawReport], tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The uninterrupted run of the same input."""
    ids = {r.report_id for r in reports}
    started = time.monotonic()
    with cluster(tmp_path_factory.mktemp("steady")) as made:
        made.start_worker()
        producer = PacedProducer(made.kafka, reports, rate=10 * RATE)
        producer.start()
        producer.join()
        drain(made, ids)
        made.stop_workers()
        before = snapshot(made, ids)
    report_figures("uninterrupted", ids, before, time.monotonic() - started)
    return before


def assert_same_as(after: Snapshot, before: Snapshot, ids: set[str]) -> None:
    assert after.reports | after.dead_letters == ids, "every produced report is accounted for"
    assert not after.reports & after.dead_letters, "none both stored and a dead letter"
    moved = sorted(r for r in ids if after.links.get(r) != before.links.get(r))
    assert not moved, f"{len(moved)} report(s) in another incident: " + ", ".join(
        f"{r} {before.links.get(r)} -> {after.links.get(r)}" for r in moved[:8]
    )
    assert after.incidents == before.incidents
    created = after.created_per_incident()
    assert created and set(created.values()) == {1}, "no second activation.created"
    assert after.events.keys() == before.events.keys(), "the same activation events"


def test_kill_9_twice_mid_stream_changes_nothing(
    reports: list[RawReport], baseline: Snapshot, tmp_path: Path
) -> None:
    ids = {r.report_id for r in reports}
    started = time.monotonic()
    killed_at = []
    with cluster(tmp_path) as made:
        made.start_worker()
        producer = PacedProducer(made.kafka, reports, rate=RATE)
        producer.start()
        for fraction in (0.3, 0.6):
            wait_until(lambda f=fraction: processed(made, ids) >= f * len(ids), 180)
            killed_at.append(processed(made, ids))
            made.kill_workers()
            made.start_worker()
        producer.join()
        drain(made, ids)
        made.stop_workers()
        after = snapshot(made, ids)
        assert len(made.workers) == 3
    report_figures(
        "kill -9 twice",
        ids,
        after,
        time.monotonic() - started,
        killed_after_stored=killed_at,
        same_as_uninterrupted=after.links == baseline.links,
    )
    assert_same_as(after, baseline, ids)


def send_garbage(made: Cluster) -> None:
    """Messages that are not reports, acknowledged by the broker while the store is down."""
    producer = Producer(client_config(made.kafka) | {"acks": "all"})
    for key in BAD:
        producer.produce(RAW.name, key=key.encode(), value=b"{not a report")
    assert producer.flush(15) == 0


def test_database_outage_mid_stream_loses_nothing(
    reports: list[RawReport], baseline: Snapshot, tmp_path: Path
) -> None:
    ids = {r.report_id for r in reports}
    started = time.monotonic()
    with cluster(tmp_path) as made:
        worker = made.start_worker()
        producer = PacedProducer(made.kafka, reports, rate=RATE)
        producer.start()
        wait_until(lambda: processed(made, ids) >= 0.3 * len(ids), 180)
        wait_until(lambda: made.readiness() == 200, 30)
        stored_before = processed(made, ids)
        database_outage(made.db_url, down=True)
        down_at = time.monotonic()
        wait_until(lambda: made.readiness() == 503, 30)  # the worker says it is blocked
        not_ready_after = time.monotonic() - down_at
        send_garbage(made)  # bad messages while the store cannot record them
        time.sleep(8)
        assert processed(made, ids) == -1, "the database is really unreachable"
        database_outage(made.db_url, down=False)
        outage = time.monotonic() - down_at
        wait_until(lambda: made.readiness() == 200, 60)
        ready_again_after = time.monotonic() - down_at - outage
        producer.join()
        drain(made, ids | set(BAD))
        assert worker.poll() is None, "the worker rode out the outage without a restart"
        made.stop_workers()
        after = snapshot(made, ids)
        with made.store() as store:
            letters = store.find_dead_letters()
        log = (made.data_dir / "worker-0.log").read_text(encoding="utf-8", errors="replace")
    report_figures(
        "PostgreSQL outage",
        ids,
        after,
        time.monotonic() - started,
        stored_before_outage=stored_before,
        outage_s=round(outage, 1),
        not_ready_after_s=round(not_ready_after, 1),
        ready_again_after_s=round(ready_again_after, 1),
        bad_messages_recorded=len(letters),
    )
    assert "blocked" in log
    assert not after.dead_letters, "an outage is never the message's fault"
    # The dead letters of the outage were kept on their topic and recorded once it ended.
    assert sorted((d.letter.key, d.letter.stage) for d in letters) == [(k, "decode") for k in BAD]
    assert_same_as(after, baseline, ids)
