"""What the digest needs of the store: the send log, and each neighbourhood's history.

A day is claimed in the send log before it is mailed, once. Two processes (or a rerun of
the daily job) that race for the same day both try to claim it; the primary key lets
exactly one win. A day whose send failed, or whose claim was left by a process that died
before finishing, can be claimed again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from schemas import Incident
from sinks.engine import require_aware
from sinks.store_base import StoreBase, chunked
from sinks.tables import Base

SENDS = Base.metadata.tables["digest_sends"]
INCIDENTS = Base.metadata.tables["incidents"]


@dataclass(frozen=True)
class DigestSend:
    """One day's entry of the send log."""

    day: date
    status: str
    claimed_at: datetime
    sent_at: datetime | None
    covered_from: datetime | None
    covered_until: datetime | None
    subject: str | None
    message_id: str | None
    recipients: list[str]
    counts: dict[str, Any]
    archive: str | None
    error: str | None


def _send(row: Any) -> DigestSend:
    return DigestSend(
        day=date.fromisoformat(row.day),
        status=row.status,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        covered_from=row.covered_from,
        covered_until=row.covered_until,
        subject=row.subject,
        message_id=row.message_id,
        recipients=list(row.recipients or []),
        counts=dict(row.counts or {}),
        archive=row.archive,
        error=row.error,
    )


class DigestStoreMixin(StoreBase):
    """Store operations of the digest: its send log and neighbourhood history."""

    def neighbourhood_incidents(
        self, codes: Collection[str], start: datetime, end: datetime
    ) -> list[Incident]:
        """CCRP-eligible incidents of these neighbourhoods first seen in ``[start, end)``."""
        require_aware(start, "start")
        require_aware(end, "end")
        found: list[Incident] = []
        for batch in chunked(sorted(set(codes))):
            query = (
                select(INCIDENTS.c.doc)
                .where(
                    INCIDENTS.c.neighbourhood_code.in_(batch),
                    INCIDENTS.c.ccrp_eligible.is_(True),
                    INCIDENTS.c.first_seen >= start,
                    INCIDENTS.c.first_seen < end,
                )
                .order_by(INCIDENTS.c.first_seen, INCIDENTS.c.incident_id)
            )
            found.extend(self._incident_docs(query))
        return found

    def _incident_docs(self, query: Any) -> list[Incident]:
        with self._read("list incidents") as conn:
            return [Incident.model_validate(doc) for doc in conn.execute(query).scalars()]

    def claim_digest_day(
        self, day: date, now: datetime, lease: timedelta, force: bool = False
    ) -> bool:
        """True when this caller may mail ``day``: never claimed, failed, or a dead claim.

        ``force`` takes a day that was already sent (an explicit resend).
        """
        require_aware(now, "now")
        ins = self._insert(SENDS).values(
            day=day.isoformat(), status="sending", claimed_at=now, recipients=[], counts={}
        )
        takeable = or_(
            SENDS.c.status == "failed",
            (SENDS.c.status == "sending") & (SENDS.c.claimed_at < now - lease),
        )
        if force:
            takeable = or_(takeable, SENDS.c.status == "sent")
        stmt = ins.on_conflict_do_update(
            index_elements=["day"],
            set_={"status": "sending", "claimed_at": now, "error": None},
            where=takeable,
        )
        with self._write("claim digest day") as conn:
            return self._changed_rows(conn, stmt) > 0

    def finish_digest_day(self, day: date, **fields: Any) -> None:
        """Record a day as sent (or failed, with ``status="failed"`` and ``error``)."""
        values = {"status": "sent", **fields}
        stmt = SENDS.update().where(SENDS.c.day == day.isoformat()).values(**values)
        with self._write("finish digest day") as conn:
            conn.execute(stmt)

    def digest_send(self, day: date) -> DigestSend | None:
        """The log entry of one day."""
        with self._read("get digest send") as conn:
            row = conn.execute(select(SENDS).where(SENDS.c.day == day.isoformat())).first()
        return _send(row) if row else None

    def last_digest_sent(self, before: datetime, other_than: date) -> DigestSend | None:
        """The latest digest sent for another day that covered time up to ``before``."""
        require_aware(before, "before")
        query = (
            select(SENDS)
            .where(
                SENDS.c.status == "sent",
                SENDS.c.day != other_than.isoformat(),
                SENDS.c.covered_until <= before,
            )
            .order_by(SENDS.c.covered_until.desc())
            .limit(1)
        )
        with self._read("last digest sent") as conn:
            row = conn.execute(query).first()
        return _send(row) if row else None
