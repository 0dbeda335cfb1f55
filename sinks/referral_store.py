"""CCR referral statuses: flagged, pending consent, or not qualifying, with the reason.

The latest submission of a referral (by its ``submitted_at``) decides its status; an
older one arriving late changes nothing. ``flagged_at`` and the flagged event's id stay
once set, so the case system's record of the flag is never lost from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from schemas import CcrReferral, ReferralStatus
from sinks.engine import require_aware
from sinks.store_base import StoreBase
from sinks.tables import Base

REFERRALS = Base.metadata.tables["ccr_referrals"]


@dataclass(frozen=True)
class ReferralRecord:
    """The stored status of one referral."""

    referral_key: str
    partner: str
    referral_id: str
    status: ReferralStatus
    reason: str
    submitted_at: datetime
    updated_at: datetime
    flagged_at: datetime | None
    event_id: str | None
    doc: dict[str, Any]


def _record(row: Any) -> ReferralRecord:
    values = dict(row._mapping)
    values["status"] = ReferralStatus(values["status"])
    return ReferralRecord(**values)


class ReferralStoreMixin(StoreBase):
    """Store operations on CCR referral statuses."""

    def record_referral(
        self,
        referral: CcrReferral,
        status: ReferralStatus,
        reason: str,
        now: datetime,
        event_id: str | None = None,
    ) -> ReferralRecord:
        """Record a submission's verdict unless a later submission is stored; the result."""
        require_aware(now, "now")
        flagged = status == ReferralStatus.FLAGGED
        row = {
            "referral_key": referral.key,
            "partner": referral.partner,
            "referral_id": referral.referral_id,
            "status": status.value,
            "reason": reason,
            "submitted_at": referral.submitted_at,
            "updated_at": now,
            "flagged_at": now if flagged else None,
            "event_id": event_id if flagged else None,
            "doc": referral.model_dump(mode="json"),
        }
        stmt = self._statement("record_referral", self._referral_upsert)
        with self._write("record referral") as conn:
            conn.execute(stmt, row)
            stored = conn.execute(
                select(REFERRALS).where(REFERRALS.c.referral_key == referral.key)
            ).one()
        return _record(stored)

    def _referral_upsert(self) -> Any:
        ins = self._insert(REFERRALS)
        new = ins.excluded
        replaced = ("status", "reason", "submitted_at", "updated_at", "doc")
        update: dict[str, Any] = {name: new[name] for name in replaced}
        update["flagged_at"] = func.coalesce(REFERRALS.c.flagged_at, new.flagged_at)
        update["event_id"] = func.coalesce(REFERRALS.c.event_id, new.event_id)
        return ins.on_conflict_do_update(
            index_elements=["referral_key"],
            set_=update,
            where=REFERRALS.c.submitted_at <= new.submitted_at,
        )

    def referral(self, referral_key: str) -> ReferralRecord | None:
        """The stored status of one referral (key ``partner:referral_id``)."""
        query = select(REFERRALS).where(REFERRALS.c.referral_key == referral_key)
        with self._read("get referral") as conn:
            row = conn.execute(query).first()
        return _record(row) if row else None

    def referrals(self, status: ReferralStatus | None = None) -> list[ReferralRecord]:
        """Every stored referral (or those of one status), latest submission first."""
        query = select(REFERRALS).order_by(REFERRALS.c.submitted_at.desc())
        if status is not None:
            query = query.where(REFERRALS.c.status == status.value)
        with self._read("list referrals") as conn:
            return [_record(row) for row in conn.execute(query).all()]
