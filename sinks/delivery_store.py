"""The delivery log: each event on its way to the case system's webhook, durably.

An event enters the log once (by its id, so a replayed event is never delivered twice),
as ``pending``; each attempt counts, and the event ends ``delivered`` or, after the
configured age, ``failed``. Senders claim a due row by moving its next attempt forward
(a lease) in one conditional update, so two delivery processes never send it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update

from sinks.engine import require_aware
from sinks.store_base import StoreBase
from sinks.tables import Base

DELIVERIES = Base.metadata.tables["deliveries"]


class DeliveryStatus(StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class NewDelivery:
    """An event read from the activations topic, to enter the log."""

    event_id: str
    subject: str
    type: str
    body: str
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None


@dataclass(frozen=True)
class DeliveryRecord:
    """One row of the delivery log."""

    event_id: str
    subject: str
    type: str
    status: DeliveryStatus
    attempts: int
    last_status: str | None
    last_error: str | None
    enqueued_at: datetime
    retrying_since: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    topic: str | None
    partition: int | None
    offset: int | None
    body: str


def _record(row: Any) -> DeliveryRecord:
    values = dict(row._mapping)
    values["status"] = DeliveryStatus(values["status"])
    return DeliveryRecord(**values)


class DeliveryStoreMixin(StoreBase):
    """Store operations on the delivery log."""

    def enqueue_deliveries(self, items: Iterable[NewDelivery], now: datetime) -> int:
        """Add events to the log as pending and due now; returns how many were new."""
        require_aware(now, "now")
        rows = [
            {
                **item.__dict__,
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "last_status": None,
                "last_error": None,
                "enqueued_at": now,
                "retrying_since": now,
                "next_attempt_at": now,
                "last_attempt_at": None,
                "delivered_at": None,
            }
            for item in {i.event_id: i for i in items}.values()
        ]
        if not rows:
            return 0
        stmt = self._statement(
            "enqueue_delivery", lambda: self._insert(DELIVERIES).on_conflict_do_nothing()
        )
        with self._write("enqueue deliveries") as conn:
            return sum(self._changed_rows(conn, stmt, row) for row in rows)

    def claim_due_deliveries(
        self, now: datetime, limit: int, lease: timedelta
    ) -> list[DeliveryRecord]:
        """Pending deliveries due at ``now``, oldest first, each leased to this caller."""
        require_aware(now, "now")
        query = (
            select(DELIVERIES)
            .where(DELIVERIES.c.status == DeliveryStatus.PENDING.value)
            .where(DELIVERIES.c.next_attempt_at <= now)
            .order_by(DELIVERIES.c.next_attempt_at, DELIVERIES.c.enqueued_at)
            .limit(limit)
        )
        claimed = []
        with self._write("claim deliveries") as conn:
            for row in conn.execute(query).all():
                take = (
                    update(DELIVERIES)
                    .where(DELIVERIES.c.event_id == row.event_id)
                    .where(DELIVERIES.c.status == DeliveryStatus.PENDING.value)
                    .where(DELIVERIES.c.next_attempt_at == row.next_attempt_at)
                    .values(next_attempt_at=now + lease)
                )
                if self._changed_rows(conn, take) == 1:
                    claimed.append(_record(row))
        return claimed

    def record_delivery_attempt(
        self,
        event_id: str,
        at: datetime,
        status: DeliveryStatus,
        last_status: str,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> None:
        """Count one attempt and its outcome; ``next_attempt_at`` for a pending retry."""
        require_aware(at, "at")
        values: dict[str, Any] = {
            "attempts": DELIVERIES.c.attempts + 1,
            "status": status.value,
            "last_status": last_status[:200],
            "last_error": error[:2000] if error else None,
            "last_attempt_at": at,
            "next_attempt_at": next_attempt_at or at,
        }
        if status == DeliveryStatus.DELIVERED:
            values["delivered_at"] = at
        with self._write("record delivery attempt") as conn:
            conn.execute(update(DELIVERIES).where(DELIVERIES.c.event_id == event_id).values(values))

    def delivery(self, event_id: str) -> DeliveryRecord | None:
        """One row of the log."""
        with self._read("get delivery") as conn:
            row = conn.execute(select(DELIVERIES).where(DELIVERIES.c.event_id == event_id)).first()
        return _record(row) if row else None

    def deliveries(
        self, statuses: Sequence[DeliveryStatus] | None = None, limit: int = 1_000
    ) -> list[DeliveryRecord]:
        """Rows of the log with these statuses (all when None), in the order they entered."""
        query = select(DELIVERIES).order_by(DELIVERIES.c.enqueued_at, DELIVERIES.c.event_id)
        if statuses is not None:
            query = query.where(DELIVERIES.c.status.in_([s.value for s in statuses]))
        with self._read("list deliveries") as conn:
            return [_record(row) for row in conn.execute(query.limit(limit)).all()]

    def delivery_counts(self) -> dict[DeliveryStatus, int]:
        """How many deliveries stand at each status."""
        query = select(DELIVERIES.c.status, func.count()).group_by(DELIVERIES.c.status)
        with self._read("count deliveries") as conn:
            counts = {DeliveryStatus(s): int(n) for s, n in conn.execute(query).all()}
        return {s: counts.get(s, 0) for s in DeliveryStatus}

    def reset_deliveries(self, now: datetime, event_ids: Sequence[str] | None = None) -> int:
        """Make pending and failed deliveries due now, their give-up age starting again."""
        require_aware(now, "now")
        stmt = (
            update(DELIVERIES)
            .where(DELIVERIES.c.status != DeliveryStatus.DELIVERED.value)
            .values(status=DeliveryStatus.PENDING.value, next_attempt_at=now, retrying_since=now)
        )
        if event_ids is not None:
            stmt = stmt.where(DELIVERIES.c.event_id.in_(list(event_ids)))
        with self._write("reset deliveries") as conn:
            return self._changed_rows(conn, stmt)
