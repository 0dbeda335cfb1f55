"""Delivery passes over a real store and a real receiver: retries, backoff, giving up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas import DeadLetter
from sinks import Store
from sinks.deliverer import Deliverer, backoff_s
from sinks.delivery_store import DeliveryStatus, NewDelivery
from sinks.settings import WebhookSettings
from sinks.webhook import new_secret
from tests.sinks.factories import activation, incident
from tests.webhook_receiver import Receiver, closed_port_url, serve

SECRET = new_secret()


class Clock:
    """A settable clock, so retries become due without waiting."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def enqueue(store: Store, clock: Clock, n: int = 2) -> list[str]:
    events = [activation(incident(f"inc-{i}"), time=clock.now) for i in range(n)]
    entries = [
        NewDelivery(e.id, e.subject, e.type.value, e.model_dump_json(), "ccrp.activations.v1", 0, i)
        for i, e in enumerate(events)
    ]
    store.enqueue_deliveries(entries, clock.now)
    return [e.id for e in events]


@pytest.fixture
def clock() -> Clock:
    return Clock()


def deliverer(
    store: Store, url: str, clock: Clock, dead: list[DeadLetter], **kw: float
) -> Deliverer:
    settings = WebhookSettings(url=url, secret=SECRET, timeout_s=2, **kw)
    return Deliverer(store, settings, dead.append, clock=clock, rand=lambda: 1.0)


def test_503_twice_then_200_delivers_each_event_once(store: Store, clock: Clock) -> None:
    ids = enqueue(store, clock)
    dead: list[DeadLetter] = []
    with serve(Receiver(SECRET, fail_first=2)) as receiver:
        worker = deliverer(store, receiver.url, clock, dead, initial_backoff_s=10)
        assert worker.run_due().retrying == 2
        assert worker.run_due().attempted == 0  # backing off: nothing due yet
        clock.advance(10)
        assert worker.run_due().retrying == 2
        clock.advance(20)
        assert worker.run_due().delivered == 2
        worker.close()
    assert receiver.accepted == {i: 1 for i in ids} and receiver.attempts == {i: 3 for i in ids}
    for event_id in ids:
        record = store.delivery(event_id)
        assert record is not None and record.status == DeliveryStatus.DELIVERED
        assert (record.attempts, record.last_status) == (3, "200")
        assert record.delivered_at == clock.now
    assert dead == []


def test_retry_after_is_honoured(store: Store, clock: Clock) -> None:
    (event_id, _) = enqueue(store, clock)
    with serve(Receiver(SECRET, fail_first=1, status=429, retry_after="120")) as receiver:
        worker = deliverer(store, receiver.url, clock, [], initial_backoff_s=1)
        worker.run_due()
        worker.close()
    record = store.delivery(event_id)
    assert record is not None and record.last_status == "429"
    assert record.next_attempt_at == clock.now + timedelta(seconds=120)


def test_receiver_down_stays_pending_then_gives_up_to_the_dead_letter(
    store: Store, clock: Clock
) -> None:
    ids = enqueue(store, clock)
    dead: list[DeadLetter] = []
    worker = deliverer(
        store, closed_port_url(), clock, dead, initial_backoff_s=60, give_up_after_s=300
    )
    worker.run_due()
    pending = store.deliveries([DeliveryStatus.PENDING])
    assert [r.event_id for r in pending] == ids
    assert all(r.attempts == 1 and r.last_status == "connection error" for r in pending)
    for _ in range(10):
        clock.advance(300)
        worker.run_due()
    worker.close()
    assert store.delivery_counts()[DeliveryStatus.FAILED] == 2
    assert {d.key for d in dead} == {"inc-0", "inc-1"}
    assert all(d.stage == "deliver" and "gave up after" in d.error for d in dead)
    assert dead[0].offset == 0 and dead[0].value.decode() == store.deliveries()[0].body


def test_a_refusal_fails_at_once_and_retry_starts_again(store: Store, clock: Clock) -> None:
    (event_id,) = enqueue(store, clock, n=1)
    dead: list[DeadLetter] = []
    with serve(Receiver(SECRET, fail_first=1, status=400)) as receiver:
        worker = deliverer(store, receiver.url, clock, dead)
        assert worker.run_due().failed == 1
        assert "refused by the receiver: HTTP 400" in dead[0].error
        assert store.reset_deliveries(clock.now) == 1
        assert worker.run_due().delivered == 1
        worker.close()
    record = store.delivery(event_id)
    assert record is not None and record.status == DeliveryStatus.DELIVERED
    assert record.attempts == 2


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    settings = WebhookSettings(initial_backoff_s=2, max_backoff_s=30)
    assert [backoff_s(n, settings, lambda: 1.0) for n in (1, 2, 3, 4, 5, 6)] == [
        2,
        4,
        8,
        16,
        30,
        30,
    ]
    assert backoff_s(3, settings, lambda: 0.0) == 4  # half of it at least


def test_a_claimed_delivery_is_not_claimed_twice(store: Store, clock: Clock) -> None:
    ids = enqueue(store, clock, n=3)
    first = store.claim_due_deliveries(clock.now, 2, timedelta(seconds=60))
    second = store.claim_due_deliveries(clock.now, 10, timedelta(seconds=60))
    assert [r.event_id for r in first] + [r.event_id for r in second] == ids
    assert store.claim_due_deliveries(clock.now, 10, timedelta(seconds=60)) == []


def test_an_event_enters_the_log_once(store: Store, clock: Clock) -> None:
    ids = enqueue(store, clock)
    assert enqueue(store, clock) == ids
    assert len(store.deliveries()) == 2
