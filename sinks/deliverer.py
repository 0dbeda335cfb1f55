"""Delivery passes over the log: attempt what is due, schedule retries, give up in time.

A failed attempt that is worth retrying (timeout, connection error, 408/425/429, 5xx) is
scheduled again with exponential backoff and jitter, or after the receiver's
``Retry-After``. A delivery older than ``give_up_after_s`` (counted from when it entered
the log, or from its last manual retry), or one the receiver refuses for good (another
4xx), fails: its original bytes go to the dead letter topic with the reason.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from schemas import ACTIVATIONS, DeadLetter
from sinks.delivery_store import DeliveryRecord, DeliveryStatus
from sinks.errors import DeliveryError
from sinks.settings import WebhookSettings
from sinks.store import Store
from sinks.webhook import AttemptOutcome, WebhookClient

log = logging.getLogger(__name__)
DeadLetterSink = Callable[[DeadLetter], None]


def backoff_s(attempts: int, settings: WebhookSettings, rand: Callable[[], float]) -> float:
    """Delay before attempt ``attempts + 1``: doubling from the initial delay, capped, with
    "equal jitter" (between half and all of it) so retries of many events spread out."""
    ceiling = min(settings.max_backoff_s, settings.initial_backoff_s * 2 ** max(0, attempts - 1))
    return ceiling / 2 + rand() * ceiling / 2


@dataclass
class PassResult:
    """What one delivery pass did."""

    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


class Deliverer:
    """Delivers due events of the log through a webhook client."""

    def __init__(
        self,
        store: Store,
        settings: WebhookSettings,
        dead_letter: DeadLetterSink,
        client: WebhookClient | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.store = store
        self.settings = settings
        self.dead_letter = dead_letter
        self.client = client or WebhookClient(settings)
        self.clock = clock
        self.rand = rand
        # A claimed row is not claimed again before its attempt can have ended.
        self.lease = timedelta(seconds=2 * settings.timeout_s + 30)

    def run_due(self, limit: int | None = None) -> PassResult:
        """Attempt every delivery due now (at most ``limit``, default the batch size)."""
        result = PassResult()
        due = self.store.claim_due_deliveries(
            self.clock(), limit or self.settings.batch, self.lease
        )
        for record in due:
            self._attempt(record, result)
        return result

    def _attempt(self, record: DeliveryRecord, result: PassResult) -> None:
        result.attempted += 1
        try:
            outcome = self.client.send(record.event_id, record.body, self.clock())
        except DeliveryError as exc:  # the event itself cannot be sent: terminal
            outcome = AttemptOutcome(False, False, "invalid event", str(exc))
        now = self.clock()
        if outcome.delivered:
            self.store.record_delivery_attempt(
                record.event_id, now, DeliveryStatus.DELIVERED, outcome.status
            )
            result.delivered += 1
            return
        deadline = record.retrying_since + timedelta(seconds=self.settings.give_up_after_s)
        if outcome.retryable and now < deadline:
            wait = self._wait_s(record.attempts + 1, outcome)
            next_at = min(now + timedelta(seconds=wait), deadline)
            self.store.record_delivery_attempt(
                record.event_id,
                now,
                DeliveryStatus.PENDING,
                outcome.status,
                outcome.error,
                next_at,
            )
            result.retrying += 1
            return
        reason = (
            f"gave up after {record.attempts + 1} attempts over "
            f"{(now - record.retrying_since).total_seconds():.0f} s: {outcome.error}"
            if outcome.retryable
            else f"refused by the receiver: {outcome.error}"
        )
        self._fail(record, now, outcome, reason)
        result.failed += 1

    def _wait_s(self, attempts: int, outcome: AttemptOutcome) -> float:
        if outcome.retry_after_s is not None:
            return min(outcome.retry_after_s, self.settings.max_retry_after_s)
        return backoff_s(attempts, self.settings, self.rand)

    def _fail(
        self, record: DeliveryRecord, now: datetime, outcome: AttemptOutcome, reason: str
    ) -> None:
        log.warning("delivery of %s failed: %s", record.event_id, reason)
        self.dead_letter(
            DeadLetter(
                key=record.subject,
                value_b64=DeadLetter.encode(record.body.encode("utf-8")),
                topic=record.topic or ACTIVATIONS.name,
                partition=record.partition,
                offset=record.offset,
                stage="deliver",
                error=reason[:2000],
                error_type="DeliveryFailed",
                failed_at=now,
            )
        )
        # Recorded after the dead letter is handed over: a crash in between retries it.
        self.store.record_delivery_attempt(
            record.event_id, now, DeliveryStatus.FAILED, outcome.status, reason
        )

    def close(self) -> None:
        self.client.close()
