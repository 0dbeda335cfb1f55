"""Webhook delivery as its own service on the embedded broker: its own consumer group on
``ccrp.activations.v1``, a durable delivery log, and a case system down and then back.

The first service reads the events while the case system is down: each is in the log,
pending, and the group's offsets are committed (nothing left to read). The service stops;
a second one, on the store reopened from its file and the same group, finds the case
system up and delivers each event exactly once, without reading the topic again.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from ccrp.delivery import DeliveryService
from ccrp.settings import KafkaSettings, WebhookSettings
from ccrp.transport import KeyedProducer, consumer_lag
from schemas import ACTIVATIONS
from sinks.delivery_store import DeliveryStatus
from sinks.store import Store
from sinks.webhook import new_secret
from tests.sinks.factories import activation, incident
from tests.webhook_receiver import Receiver, closed_port_url, serve

pytestmark = pytest.mark.broker
SECRET = new_secret()
EVENTS = 5


def wait_for(condition: Callable[[], bool], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_the_log_outlives_the_service_and_the_group_reads_each_event_once(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    events = [activation(incident(f"inc-{n}")) for n in range(EVENTS)]
    producer = KeyedProducer(kafka)
    for event in events:
        producer.send(ACTIVATIONS, event.subject, event)
    producer.flush()
    ids = {e.id for e in events}
    url = f"sqlite:///{tmp_path / 'ccrp.db'}"
    group = f"delivery-{time.time_ns()}"

    def settings(hook: str) -> WebhookSettings:
        return WebhookSettings(url=hook, secret=SECRET, group_id=group, initial_backoff_s=0.2)

    store = Store.open(url)
    down = DeliveryService(kafka, store, settings(closed_port_url()))
    down.start()
    wait_for(lambda: {r.event_id for r in store.deliveries() if r.attempts >= 1} == ids)
    down.stop()
    assert consumer_lag(kafka, group, [ACTIVATIONS.name]) == 0  # committed once logged
    assert all(
        r.status == DeliveryStatus.PENDING and r.last_status == "connection error"
        for r in store.deliveries()
    )
    store.close()

    store = Store.open(url)  # the log, read back from the file
    with serve(Receiver(SECRET)) as receiver:
        up = DeliveryService(kafka, store, settings(receiver.url))
        up.start()
        try:
            assert up.settle(60)
        finally:
            up.stop()
    assert receiver.accepted == Counter({i: 1 for i in ids})
    assert receiver.attempts == receiver.accepted and receiver.refused_signatures == 0
    log = store.deliveries()
    assert sorted(r.event_id for r in log) == sorted(ids)
    assert all(r.status == DeliveryStatus.DELIVERED and r.attempts >= 2 for r in log)
    store.close()
