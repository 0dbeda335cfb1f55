"""confluent-kafka producers and admin, and the JSON codec for topic models."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any, TypeVar

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from pydantic import BaseModel, ValidationError

from ccrp.errors import DecodeError, TransportError
from ccrp.settings import KafkaSettings
from schemas import ALL_TOPICS, RAW, REFERRALS, CcrReferral, RawReport, TopicSpec

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
Headers = list[tuple[str, str | bytes | None]]
# One message a stage produces: (topic name, key, value, headers).
Output = tuple[str, bytes, bytes, Headers | None]
# Kafka headers of a CloudEvents message in structured mode (the CloudEvents Kafka binding).
CLOUDEVENTS_JSON: Headers = [("content-type", b"application/cloudevents+json; charset=utf-8")]


def encode(model: BaseModel) -> bytes:
    return model.model_dump_json(exclude_none=False).encode("utf-8")


def decode(model: type[M], data: bytes | None) -> M:
    """Parse a topic value; any problem is a terminal :class:`DecodeError` with the reason."""
    if data is None:
        raise DecodeError("empty message value")
    try:
        return model.model_validate_json(data)
    except ValidationError as exc:
        raise DecodeError(f"invalid {model.__name__}: {describe(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise DecodeError(f"value is not UTF-8: {exc}") from exc


def describe(exc: ValidationError) -> str:
    """The first few validation problems, each naming its field."""
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}"
        for err in exc.errors()[:5]
    )


def client_config(kafka: KafkaSettings) -> dict[str, Any]:
    if not kafka.bootstrap:
        raise TransportError("no Kafka bootstrap servers configured")
    return {"bootstrap.servers": kafka.bootstrap, **kafka.client_config()}


def bounded_prefetch(batch_size: int) -> dict[str, int]:
    """Consumer settings that prefetch a few batches, not the client's default of up to
    64 MB a partition: a consumer that lags behind a backlog would otherwise hold it all
    (a soak's worker grew past 1.7 GB so)."""
    return {"queued.min.messages": 4 * batch_size, "queued.max.messages.kbytes": 8192}


class KeyedProducer:
    """Idempotent, acks=all, keyed producer for any topic model.

    The client reports failed deliveries only (``flush`` raises on any), so a batch of
    thousands costs no callback per message; ``per_message_acks`` turns every report on,
    for :meth:`deliver`, which waits on one message's own acknowledgement.
    """

    POLL_EVERY = 256  # serve the client's queue once per this many messages

    def __init__(
        self, kafka: KafkaSettings, per_message_acks: bool = False, **overrides: Any
    ) -> None:
        conf = client_config(kafka) | {
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": 5,
            "compression.type": "lz4",  # JSON shrinks several times: less to store and send
            "message.timeout.ms": int(kafka.delivery_timeout_s * 1000),
            "delivery.report.only.error": not per_message_acks,
            "on_delivery": self._on_delivery,
        }
        self.delivery_timeout_s = kafka.delivery_timeout_s
        self.per_message_acks = per_message_acks
        self._conf = conf | overrides
        self._producer = Producer(self._conf)
        self._errors: list[str] = []
        self.sent = 0

    def _on_delivery(self, err: Any, msg: Any) -> None:
        if err is not None:
            self._errors.append(f"{msg.topic()}[{msg.key()!r}]: {err}")

    def send_bytes(
        self, topic: str, key: str | bytes | None, value: bytes, headers: Headers | None = None
    ) -> None:
        if isinstance(key, str):
            key = key.encode()
        while True:
            try:
                self._producer.produce(topic, key=key or None, value=value, headers=headers)
                break
            except BufferError:  # local queue full: let deliveries drain, then retry
                self._producer.poll(0.1)
        self.sent += 1
        if self.sent % self.POLL_EVERY == 0:
            self._producer.poll(0)

    def send(self, topic: TopicSpec, key: str, model: BaseModel) -> None:
        self.send_bytes(topic.name, key, encode(model))

    def send_all(self, outputs: Iterable[Output]) -> None:
        """Produce every output and wait until the broker acknowledged all of them.

        On a failure the client is replaced before the error is raised: an idempotent
        producer whose broker lost its state (a restarted broker) may never deliver again,
        and the caller's retry sends everything anew through the fresh one.
        """
        try:
            for topic, key, value, headers in outputs:
                self.send_bytes(topic, key, value, headers)
            self.flush()
        except Exception:
            self.renew()
            raise

    def close(self) -> None:
        """Let the client go now (its configuration refers back to this object, so it would
        otherwise wait for the garbage collector, reconnecting all the while)."""
        self._producer.flush(0)
        self._producer = None  # type: ignore[assignment]
        self._conf = {}

    def renew(self) -> None:
        """Drop what the client still holds and start a new client."""
        try:
            self._producer.purge()
            self._producer.flush(0)
        except Exception as exc:  # the old client's state no longer matters
            log.debug("purging the producer failed: %s", exc)
        self._producer = Producer(self._conf)
        self._errors = []

    def deliver(
        self, topic: TopicSpec, key: str, model: BaseModel, timeout_s: float | None = None
    ) -> None:
        """Send one message and wait for its own acknowledgement; raise if it was not delivered.

        Safe to call from several threads at once: each call waits on its own message only.
        Needs a producer made with ``per_message_acks``.
        """
        if not self.per_message_acks:
            raise TransportError("deliver() needs a producer made with per_message_acks")
        acked = threading.Event()
        outcome: list[Any] = []

        def on_delivery(err: Any, _msg: Any) -> None:
            outcome.append(err)
            acked.set()

        self._producer.produce(
            topic.name, key=key.encode(), value=encode(model), on_delivery=on_delivery
        )
        timeout_s = timeout_s if timeout_s is not None else self.delivery_timeout_s + 5
        deadline = time.monotonic() + timeout_s
        while not acked.is_set():
            if time.monotonic() > deadline:
                raise TransportError(f"{key} not acknowledged after {timeout_s}s")
            self._producer.poll(0.05)
        if outcome[0] is not None:
            raise TransportError(f"{key} not delivered: {outcome[0]}")

    def flush(self, timeout_s: float | None = None) -> None:
        """Wait for every delivery; raise when any failed or is still pending."""
        timeout_s = timeout_s if timeout_s is not None else self.delivery_timeout_s + 5
        remaining = self._producer.flush(timeout_s)
        if remaining:
            raise TransportError(f"{remaining} messages not delivered after {timeout_s}s")
        if self._errors:
            errors, self._errors = self._errors, []
            raise TransportError(f"{len(errors)} deliveries failed, first: {errors[0]}")


class RawProducer(KeyedProducer):
    """Producer for ``incidents.raw.v1``, keyed by ``source:item_id``."""

    def send_report(self, report: RawReport) -> None:
        self.send(RAW, report.report_id, report)

    __call__ = send_report


class IntakeProducer(RawProducer):
    """The partner intake's own producer: reports and CCR referrals, each acknowledged.

    A message not acknowledged within ``timeout_s`` is also given up by the client, so a
    partner told 503 is not later surprised by the first attempt arriving after all.
    """

    def __init__(self, kafka: KafkaSettings, timeout_s: float = 10.0, **overrides: Any) -> None:
        conf = {
            "message.timeout.ms": int(timeout_s * 1000),
            # Partners retry within seconds: find a broker that is back just as soon.
            "reconnect.backoff.max.ms": 1000,
            "logger": log,  # client logs (e.g. broker unreachable) into the app's logging
        }
        super().__init__(kafka, per_message_acks=True, **(conf | overrides))
        self.timeout_s = timeout_s

    def deliver_intake_report(self, report: RawReport) -> None:
        """A community report to ``incidents.raw.v1``, acknowledged within the timeout."""
        self.deliver(RAW, report.report_id, report, self.timeout_s + 1.0)

    def deliver_referral(self, referral: CcrReferral) -> None:
        """A CCR referral to ``ccr.referrals.v1``, keyed ``partner:referral_id``."""
        self.deliver(REFERRALS, referral.key, referral, self.timeout_s + 1.0)


def create_topics(kafka: KafkaSettings, topics: Iterable[TopicSpec] = ALL_TOPICS) -> list[str]:
    """Create the versioned topics (compacted where the contract says so); returns new names."""
    admin = AdminClient(client_config(kafka))
    existing = set(admin.list_topics(timeout=10).topics)
    wanted = []
    for spec in topics:
        if spec.name in existing:
            continue
        config = {"cleanup.policy": "compact"} if spec.compacted else {}
        wanted.append(
            NewTopic(spec.name, kafka.partitions, kafka.replication_factor, config=config)
        )
    created = []
    for name, future in admin.create_topics(wanted).items() if wanted else []:
        try:
            future.result()
            created.append(name)
        except KafkaException as exc:
            if "TOPIC_ALREADY_EXISTS" not in str(exc):
                raise TransportError(f"cannot create topic {name}: {exc}") from exc
    return created


def consumer_lag(kafka: KafkaSettings, group: str, topics: Iterable[str]) -> int:
    """Messages on ``topics`` not yet committed by consumer group ``group``."""
    return sum(consumer_lag_by_topic(kafka, group, topics).values())


def consumer_lag_by_topic(
    kafka: KafkaSettings, group: str, topics: Iterable[str]
) -> dict[str, int]:
    """Per topic: messages not yet committed by consumer group ``group``."""
    consumer = Consumer(client_config(kafka) | {"group.id": group, "enable.auto.commit": False})
    try:
        metadata = consumer.list_topics(timeout=10)
        partitions = [
            TopicPartition(topic, partition)
            for topic in topics
            for partition in metadata.topics[topic].partitions
        ]
        lag: dict[str, int] = {}
        for tp in consumer.committed(partitions, timeout=10):
            low, high = consumer.get_watermark_offsets(tp, timeout=10)
            behind = max(0, high - (tp.offset if tp.offset >= 0 else low))
            lag[tp.topic] = lag.get(tp.topic, 0) + behind
        return lag
    finally:
        consumer.close()
