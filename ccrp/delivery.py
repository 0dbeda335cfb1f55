"""Webhook delivery as a service of its own: a consumer group on the activations topic.

One thread reads ``ccrp.activations.v1`` with its own confluent-kafka consumer group,
writes each event into the delivery log, and commits the offsets only once the log holds
them. Another thread runs delivery passes over the log. The stream agents never wait for
the case system: an outage there leaves deliveries pending, nothing else.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from confluent_kafka import Consumer, Message

from ccrp.errors import DecodeError
from ccrp.ops import count_deliveries
from ccrp.resilience import Health
from ccrp.settings import KafkaSettings, WebhookSettings
from ccrp.transport import KeyedProducer, bounded_prefetch, client_config, consumer_lag, decode
from schemas import ACTIVATIONS, DEADLETTER, ActivationEvent, DeadLetter
from sinks.deliverer import Deliverer
from sinks.delivery_store import DeliveryStatus, NewDelivery
from sinks.errors import StoreError
from sinks.store import Store

log = logging.getLogger(__name__)
STORE_RETRY_S = 2.0
LOG = "delivery log"  # the component /readyz names while the store is down


class TopicDeadLetters:
    """Hands dead letters to ``incidents.deadletter.v1``, waiting for each to be acknowledged.

    The producer is made at the first dead letter: most runs never need one.
    """

    def __init__(self, kafka: KafkaSettings) -> None:
        self._kafka = kafka
        self._producer: KeyedProducer | None = None
        self._lock = threading.Lock()

    def __call__(self, dl: DeadLetter) -> None:
        with self._lock:
            if self._producer is None:
                self._producer = KeyedProducer(self._kafka)
            self._producer.send(DEADLETTER, dl.key or "", dl)
            self._producer.flush()


def new_delivery(msg: Message) -> NewDelivery:
    """The delivery-log entry of one consumed activation event (its bytes kept as sent)."""
    event = decode(ActivationEvent, msg.value())
    return NewDelivery(
        event_id=event.id,
        subject=event.subject,
        type=event.type.value,
        body=(msg.value() or b"").decode("utf-8"),
        topic=msg.topic(),
        partition=msg.partition(),
        offset=msg.offset(),
    )


class DeliveryService:
    """The consumer thread and the sender thread of webhook delivery."""

    def __init__(
        self,
        kafka: KafkaSettings,
        store: Store,
        webhook: WebhookSettings,
        deliverer: Deliverer | None = None,
        health: Health | None = None,
    ) -> None:
        self.kafka = kafka
        self.store = store
        self.webhook = webhook
        self.health = health or Health("delivery")
        self.dead_letters = TopicDeadLetters(kafka)
        self.deliverer = deliverer or Deliverer(store, webhook, self.dead_letters)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for name, target in (("consume", self._consume), ("send", self._send)):
            thread = threading.Thread(target=target, name=f"ccrp-delivery-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads.clear()
        self.deliverer.close()

    def lag(self) -> int:
        """Activation events not yet in the delivery log (uncommitted by the group)."""
        return consumer_lag(self.kafka, self.webhook.group_id, [ACTIVATIONS.name])

    def settle(self, timeout_s: float) -> bool:
        """Wait until every event is in the log and none is pending; False on timeout."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self.lag() == 0 and self.store.delivery_counts()[DeliveryStatus.PENDING] == 0:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.3)

    def _consume(self) -> None:
        consumer = Consumer(
            client_config(self.kafka)
            | {
                "group.id": self.webhook.group_id,
                "auto.offset.reset": "earliest",
                "enable.auto.commit": False,
                "session.timeout.ms": self.kafka.session_timeout_ms,
            }
            | bounded_prefetch(200)
        )
        consumer.subscribe([ACTIVATIONS.name])
        try:
            while not self._stop.is_set():
                messages = consumer.consume(200, timeout=self.webhook.poll_s)
                if not messages:
                    continue
                if not self._enqueue([m for m in messages if not m.error()]):
                    break  # stopped before the log held them: the next run reads them again
                consumer.commit(asynchronous=False)
                self._wake.set()
        except Exception:
            log.exception("delivery consumer stopped")
        finally:
            consumer.close()

    def _enqueue(self, messages: list[Message]) -> bool:
        entries = []
        for msg in messages:
            try:
                entries.append(new_delivery(msg))
            except (DecodeError, UnicodeDecodeError) as exc:
                self.dead_letters(_undeliverable(msg, exc))
        while not self._stop.is_set():
            try:
                self.store.enqueue_deliveries(entries, datetime.now(UTC))
            except StoreError as exc:  # the store is down: keep the batch, commit nothing
                log.warning("delivery log unavailable; retrying", exc_info=True)
                self.health.block(LOG, f"{type(exc).__name__}: {exc}")
                self._stop.wait(STORE_RETRY_S)
                continue
            self.health.clear(LOG)
            return True
        return False

    def _send(self) -> None:
        while not self._stop.is_set():
            try:
                result = self.deliverer.run_due()
                count_deliveries(self.store.delivery_counts())
            except Exception as exc:  # a store outage: the log keeps every delivery, try again
                log.exception("delivery pass failed")
                self.health.block(LOG, f"{type(exc).__name__}: {exc}")
                self._stop.wait(STORE_RETRY_S)
                continue
            self.health.clear(LOG)
            if result.attempted == 0:
                self._wake.wait(self.webhook.poll_s)
                self._wake.clear()


def _undeliverable(msg: Message, exc: Exception) -> DeadLetter:
    key = msg.key()
    return DeadLetter(
        key=key.decode("utf-8", errors="replace") if key else None,
        value_b64=DeadLetter.encode(msg.value()),
        topic=msg.topic() or ACTIVATIONS.name,
        partition=msg.partition(),
        offset=msg.offset(),
        stage="deliver",
        error=str(exc)[:2000],
        error_type=type(exc).__name__,
        failed_at=datetime.now(UTC),
    )
