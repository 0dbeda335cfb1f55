"""A high-volume stage as a batch loop on a confluent-kafka consumer, in a thread of its own.

The two stages every report passes through consume with librdkafka (batches of up to a few
hundred messages per call) instead of faust's per-event stream: the profile in
``docs/performance.md`` shows faust's consumer and producer, not the stage functions, to be
the limit there. The contract is the agents' one: a batch's offsets are committed only
after its effects are durable (outputs acknowledged by the broker, the store written);
while the store or the broker is down the loop stops consuming, retries the failing step
with backoff and reports itself blocked; stopped meanwhile, it commits nothing, and the
batch is consumed again after the restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from confluent_kafka import Consumer, Message, TopicPartition

from ccrp.errors import CcrpError, is_infrastructure
from ccrp.resilience import Backoff, Health
from ccrp.settings import KafkaSettings
from ccrp.stage_groups import Consumed, next_offsets
from ccrp.transport import KeyedProducer, bounded_prefetch, client_config

log = logging.getLogger(__name__)
T = TypeVar("T")


class Stopped(CcrpError):
    """The loop was asked to stop while a step waited for infrastructure."""


class Retrier:
    """Runs one step of a batch until it succeeds; only infrastructure errors are retried."""

    def __init__(self, health: Health, stop: threading.Event, backoff: Backoff) -> None:
        self.health, self._stop, self.backoff = health, stop, backoff

    def __call__(self, step: Callable[[], T], component: str) -> T:
        attempt = 0
        while True:
            try:
                result = step()
            except Exception as exc:
                if not is_infrastructure(exc):
                    raise
                blocked = self.health.block(component, f"{type(exc).__name__}: {exc}")
                delay = self.backoff.delay(attempt)
                log.warning(
                    "%s blocked (attempt %d): %s; retrying in %.1f s",
                    component, blocked.attempts, blocked.reason, delay,
                )  # fmt: skip
                attempt += 1
                if self._stop.wait(delay):
                    raise Stopped(f"{component}: stopped while blocked") from exc
                continue
            if attempt:
                self.health.clear(component)
            return result


@dataclass
class StageLoad:
    """What a loop has done: messages and batches handled, wall and CPU seconds spent."""

    messages: int = 0
    batches: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0

    def add(self, messages: int, wall_s: float, cpu_s: float) -> None:
        self.messages += messages
        self.batches += 1 if messages else 0
        self.wall_s += wall_s
        self.cpu_s += cpu_s

    def describe(self) -> str:
        per = 1e6 / self.messages if self.messages else 0.0
        return (
            f"{self.messages} messages in {self.batches} batches; per message "
            f"{self.cpu_s * per:.0f} us CPU, {self.wall_s * per:.0f} us handling"
        )


# What makes a batch's effects durable (produce its outputs, write the store), given the
# loop's producer; it runs while the next batch is being computed.
Finish = Callable[[KeyedProducer], None]


class BatchHandler(Protocol):
    """What a stage does with one batch: compute it, returning what makes it durable; the
    steps that need the broker or the store run through ``retry``."""

    def __call__(self, batch: Sequence[Consumed], retry: Retrier) -> Finish: ...


class StageLoop:
    """Consume ``topic`` in group ``group``; hand each batch to ``handle``; then commit."""

    def __init__(
        self,
        name: str,
        kafka: KafkaSettings,
        group: str,
        topic: str,
        handle: BatchHandler,
        health: Health,
        batch_size: int = 500,
        poll_s: float = 0.05,
        backoff: Backoff = Backoff(),
    ) -> None:
        self.name, self.kafka, self.group, self.topic = name, kafka, group, topic
        self.handle, self.health = handle, health
        self.batch_size, self.poll_s = batch_size, poll_s
        self._stop = threading.Event()
        self._retry = Retrier(health, self._stop, backoff)
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None  # why the loop ended early, if it did
        self.load = StageLoad()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"ccrp-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _consumer(self) -> Consumer:
        return Consumer(
            client_config(self.kafka)
            | {
                "group.id": self.group,
                "auto.offset.reset": "earliest",
                "enable.auto.commit": False,
                "session.timeout.ms": self.kafka.session_timeout_ms,
                "heartbeat.interval.ms": min(1000, self.kafka.session_timeout_ms // 3),
                # A fetch returns as soon as any data is there; an idle partition is asked
                # again after this long (every fetch costs the broker work, idle or not).
                "fetch.wait.max.ms": 200,
            }
            | bounded_prefetch(self.batch_size)
        )

    def _run(self) -> None:
        """Consume until stopped; a fault of the stage restarts the consumer from the last
        commit after a backoff, so the failed batch is consumed again, never skipped."""
        producer = KeyedProducer(self.kafka)
        try:
            self._run_with(producer)
        finally:
            producer.close()

    def _run_with(self, producer: KeyedProducer) -> None:
        attempt = 0
        while not self._stop.is_set():
            consumer = self._consumer()
            try:
                self._consume(consumer, producer)
                return
            except Stopped:
                log.info("%s stopped with a batch not yet durable: consumed again", self.name)
                return
            except Exception as exc:
                self.failure = exc
                self.health.block(self.name, f"{type(exc).__name__}: {exc}")
                log.exception("%s failed on a batch; it is consumed again", self.name)
            finally:
                _close(consumer)
            if self._stop.wait(self._retry.backoff.delay(attempt)):
                return
            attempt += 1

    def _consume(self, consumer: Consumer, producer: KeyedProducer) -> None:
        """Compute batch N while batch N-1's effects are made durable, then commit N-1.

        The two overlap because producing waits for the broker's acknowledgements and
        the store's writes wait on the database: neither needs the interpreter the whole
        time. Offsets are committed strictly in order, each once its batch is durable.
        """
        joined = threading.Event()
        flight = _InFlight(self, consumer, producer)

        def on_assign(_consumer: Consumer, _partitions: list[TopicPartition]) -> None:
            joined.set()

        def on_revoke(revoked: Consumer, _partitions: list[TopicPartition]) -> None:
            joined.clear()
            flight.hand_over()

        consumer.subscribe([self.topic], on_assign=on_assign, on_revoke=on_revoke)
        try:
            while not self._stop.is_set():
                messages = consumer.consume(self.batch_size, timeout=self.poll_s)
                batch = [Consumed.of(m) for m in messages if not _failed(m)]
                if not batch:
                    flight.settle(only_if_done=True)
                    continue
                started, cpu = time.perf_counter(), time.thread_time()
                finish = self.handle(batch, self._retry)
                self.load.add(len(batch), time.perf_counter() - started, time.thread_time() - cpu)
                log.debug("%s: computed %d in %.1f ms", self.name, len(batch), _ms(started))
                flight.settle()
                flight.launch(batch, finish)
            flight.settle()
        finally:
            flight.close()
            self._settle(consumer, joined)

    def durable(self) -> None:
        """A batch's effects are durable: the stage is healthy again if it was not."""
        if self.failure is not None:
            self.failure = None
            self.health.clear(self.name)

    def _settle(self, consumer: Consumer, joined: threading.Event) -> None:
        """Let a join in progress finish before the consumer leaves.

        A member that leaves while its group is forming can leave a broker's group
        coordinator waiting for it (seen with the embedded broker), and the next member
        never gets partitions; waiting for the assignment first costs at most one join.
        Whatever is consumed meanwhile is not committed: it is consumed again later.
        """
        deadline = time.monotonic() + self.kafka.session_timeout_ms / 1000 + 3
        while not joined.is_set() and time.monotonic() < deadline:
            consumer.consume(self.batch_size, timeout=0.05)


class _InFlight:
    """The one batch whose effects are being made durable, in a thread of their own."""

    def __init__(self, loop: StageLoop, consumer: Consumer, producer: KeyedProducer) -> None:
        self.loop, self.consumer, self.producer = loop, consumer, producer
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=f"ccrp-{loop.name}-out")
        self._pending: tuple[Future[None], list[TopicPartition]] | None = None
        self._durable: list[TopicPartition] = []

    def launch(self, batch: Sequence[Consumed], finish: Finish) -> None:
        self._pending = (self._pool.submit(self._finish, finish, len(batch)), next_offsets(batch))

    def _finish(self, finish: Finish, messages: int) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        finish(self.producer)
        self.loop.load.add(0, time.perf_counter() - started, time.thread_time() - cpu)
        log.debug("%s: made %d durable in %.1f ms", self.loop.name, messages, _ms(started))

    def settle(self, only_if_done: bool = False) -> None:
        """Wait for the batch in flight (raising what stopped it) and commit its offsets."""
        if self._pending is None or (only_if_done and not self._pending[0].done()):
            return
        future, offsets = self._pending
        self._pending = None
        future.result()
        self._durable = offsets
        self.consumer.commit(offsets=offsets, asynchronous=True)
        self.loop.durable()

    def hand_over(self) -> None:
        """Partitions are being revoked: finish and commit everything done first."""
        try:
            self.settle()
            if self._durable:
                self.consumer.commit(offsets=self._durable, asynchronous=False)
        except Exception as exc:  # the batch is consumed again by the partitions' next owner
            log.warning("%s: handing partitions over: %s", self.loop.name, exc)

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def _failed(msg: Message) -> bool:
    error = msg.error()
    if error is None:
        return False
    log.warning("consumer error: %s", error)  # partition EOF and transient broker errors
    return True


def _close(consumer: Any) -> None:
    try:
        consumer.close()
    except Exception:  # the broker may be gone already; the group times the member out
        log.debug("closing the consumer failed", exc_info=True)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
