"""The partner intake with the broker down and the intake killed and restarted: a partner
is told 2xx only for a delivered report, and what was delivered is stored once.

Real parts: ``ccrp intake serve`` and ``ccrp worker`` processes, the embedded broker,
a throw-away PostgreSQL database. The partner submits community reports one after the
other, each with its own ``Idempotency-Key``, retrying every 503 or failed connection
with the same key. The faulted run compares with an uninterrupted run of the same
submissions. The two sequences that used to acknowledge a report and lose it:

(a) a retry sent while the first attempt is still pending, with the broker down, was
    told ``200 duplicate`` while the first attempt then answered 503;
(b) after a failed attempt (503) and a restart of the intake, a retry with the same key
    was told ``200 duplicate`` with nothing ever delivered.

The embedded broker keeps its topics in memory: what it acknowledged is consumed before
it is stopped (a real cluster keeps it on disk), the worker is started afresh with the
new, empty topics (its positions were offsets of the forgotten ones), and activation
events are compared as the store recorded them.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from ccrp.broker import EmbeddedBroker
from ccrp.transport import create_topics
from ingest.intake import register_partner
from tests.ccrp.faults.harness import Cluster, cluster, drain
from tests.ccrp.faults.inputs import submissions
from tests.ccrp.faults.intake_parts import Intake, Partner, running_intake
from tests.ccrp.faults.outcome import Snapshot, report_figures, snapshot

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.shared_data]
COUNT = 40
BEFORE = 15  # delivered before the broker stops
Submission = tuple[str, dict[str, Any]]


@pytest.fixture(scope="module")
def sent() -> list[Submission]:
    return submissions(COUNT, datetime.now(UTC))


def partner_of(made: Cluster, intake: Intake) -> Partner:
    with made.store() as store:
        return Partner(intake.url, register_partner(store, "eastend-network"))


def finish(made: Cluster, intake: Intake, partner: Partner) -> Snapshot:
    ids = set(partner.acknowledged.values())
    drain(made, ids)
    made.stop_workers()
    intake.stop()
    return snapshot(made, ids, events_from_store=True)


@pytest.fixture(scope="module")
def baseline(sent: list[Submission], tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    started = time.monotonic()
    with cluster(tmp_path_factory.mktemp("steady")) as made, running_intake(made) as intake:
        made.start_worker()
        partner = partner_of(made, intake)
        assert [partner.post(key, report) for key, report in sent] == [201] * COUNT
        before = finish(made, intake, partner)
    ids = set(partner.acknowledged.values())
    report_figures("intake, uninterrupted", ids, before, time.monotonic() - started)
    return before


def first_and_retry(partner: Partner, key: str, report: dict[str, Any]) -> tuple[int, int, float]:
    """Two requests with one key, the second sent while the first waits on the broker."""
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(partner.post, key, report)
        time.sleep(0.5)
        started = time.monotonic()
        retry = partner.post(key, report)
        waited = time.monotonic() - started
        return first.result(), retry, waited


def test_intake_with_the_broker_down_and_restarted_loses_nothing(
    sent: list[Submission], baseline: Snapshot, tmp_path: Path
) -> None:
    started = time.monotonic()
    with cluster(tmp_path) as made, running_intake(made) as intake:
        made.start_worker()
        partner = partner_of(made, intake)
        for key, report in sent[:BEFORE]:
            assert partner.deliver(key, report) == 201
        drain(made, set(partner.acknowledged.values()))
        port = made.broker.port
        made.broker.stop()

        (key_a, report_a), (key_b, report_b) = sent[BEFORE], sent[BEFORE + 1]
        first, retry, waited = first_and_retry(partner, key_a, report_a)
        assert (first, retry) == (503, 503), "(a): no 200 for a pending key"
        assert waited >= 1.0, "the retry waited for the attempt in flight"
        in_flight = threading.Thread(target=partner.post, args=(key_b, report_b))
        in_flight.start()
        time.sleep(0.5)
        intake.kill()  # with the second submission waiting on the broker
        in_flight.join()
        intake.start()  # the broker is still down
        assert partner.post(key_a, report_a) == 503, "(b): no 200 after a restart"
        assert partner.post(key_b, report_b) == 503
        assert not {key_a, key_b} & partner.acknowledged.keys()
        assert httpx.get(f"{intake.url}/readyz").status_code == 503, "not ready: no broker"

        made.broker = EmbeddedBroker.start(port=port)
        create_topics(made.kafka)
        made.kill_workers()  # its positions are offsets of the topics the broker forgot
        made.start_worker()
        firsts = [partner.deliver(key, report) for key, report in sent[BEFORE:]]
        assert firsts == [201] * (COUNT - BEFORE), "each first 2xx is a delivery"
        assert partner.post(key_a, report_a) == partner.post(key_b, report_b) == 200
        assert httpx.get(f"{intake.url}/readyz").status_code == 200
        after = finish(made, intake, partner)
    ids = set(partner.acknowledged.values())
    answers = dict(sorted(partner.answers.items()))
    report_figures(
        "intake, broker down and intake killed",
        ids,
        after,
        time.monotonic() - started,
        acknowledged=len(partner.acknowledged),
        answers=answers,
        intake_starts=intake.starts,
    )
    assert len(partner.acknowledged) == COUNT and after.reports == ids and not after.dead_letters
    assert after.links == baseline.links and after.incidents == baseline.incidents
    assert after.events.keys() == baseline.events.keys(), "the same activation events"
    assert after.second_created() == 0 and after.created_per_incident()
