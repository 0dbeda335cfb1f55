"""The relational schema of the store (SQLAlchemy 2 typed declarative models).

Alembic migrations under ``sinks/migrations`` create exactly these tables; a test
checks that the two never drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sinks.errors import StoreInputError

JSONDoc = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no zone-aware type and hands back naive values, so values are stored
    as UTC and UTC is attached again on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise StoreInputError(f"naive datetime {value.isoformat()} given; use an aware one")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base holding the store's metadata."""

    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONDoc}


class ReportRow(Base):
    """One collected report with its classification and location."""

    __tablename__ = "reports"

    report_id: Mapped[str] = mapped_column(String(600), primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    source_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    occurred_at: Mapped[datetime | None]
    collected_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(128), index=True)
    url_norm: Mapped[str | None] = mapped_column(Text, index=True)
    incident_id: Mapped[str | None] = mapped_column(String(200), index=True)
    duplicate_of: Mapped[str | None] = mapped_column(String(600))
    is_follow_up: Mapped[bool] = mapped_column(Boolean)
    types: Mapped[Any] = mapped_column(JSONDoc)
    classification: Mapped[dict[str, Any]]
    location: Mapped[dict[str, Any]]
    raw: Mapped[dict[str, Any]]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    seen_count: Mapped[int] = mapped_column(Integer)


class IncidentRow(Base):
    """The latest version of one resolved incident; ``doc`` is the full model dump."""

    __tablename__ = "incidents"

    incident_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    types: Mapped[Any] = mapped_column(JSONDoc)
    occurred_at: Mapped[datetime | None]
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(20))
    location_text: Mapped[str | None] = mapped_column(Text)
    neighbourhood_code: Mapped[str | None] = mapped_column(String(20))
    neighbourhood_name: Mapped[str | None] = mapped_column(String(200))
    neighbourhood_class: Mapped[str | None] = mapped_column(String(100))
    in_area: Mapped[bool | None] = mapped_column(Boolean)
    municipality: Mapped[str | None] = mapped_column(String(200))
    is_follow_up: Mapped[bool] = mapped_column(Boolean)
    ccrp_eligible: Mapped[bool] = mapped_column(Boolean)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime] = mapped_column(index=True)
    doc: Mapped[dict[str, Any]]


class IncidentReportRow(Base):
    """Which reports contributed to which incident."""

    __tablename__ = "incident_reports"

    incident_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    report_id: Mapped[str] = mapped_column(String(600), primary_key=True, index=True)


class ActivationRow(Base):
    """One activation event sent to the case system, keyed by its stable id."""

    __tablename__ = "activations"

    event_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(200), index=True)
    type: Mapped[str] = mapped_column(String(50))
    incident_version: Mapped[int] = mapped_column(Integer)
    time: Mapped[datetime] = mapped_column(index=True)
    doc: Mapped[dict[str, Any]]


class DeliveryRow(Base):
    """The delivery log: one event on its way to the case system's webhook."""

    __tablename__ = "deliveries"

    event_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    subject: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer)
    last_status: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    enqueued_at: Mapped[datetime]
    retrying_since: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    topic: Mapped[str | None] = mapped_column(String(200))
    partition: Mapped[int | None] = mapped_column(Integer)
    offset: Mapped[int | None] = mapped_column(BigInteger)
    body: Mapped[str] = mapped_column(Text)


Index("ix_deliveries_due", DeliveryRow.status, DeliveryRow.next_attempt_at)


class CcrReferralRow(Base):
    """The status of one CCR referral (the latest submission decides); never a name."""

    __tablename__ = "ccr_referrals"

    referral_key: Mapped[str] = mapped_column(String(400), primary_key=True)
    partner: Mapped[str] = mapped_column(String(100))
    referral_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    flagged_at: Mapped[datetime | None]
    event_id: Mapped[str | None] = mapped_column(String(300))
    doc: Mapped[dict[str, Any]]


class DeadLetterRow(Base):
    """A message a stage could not handle, with its original bytes."""

    __tablename__ = "dead_letters"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    key: Mapped[str | None] = mapped_column(String(600), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    partition: Mapped[int | None] = mapped_column(Integer)
    offset: Mapped[int | None] = mapped_column(BigInteger)
    stage: Mapped[str] = mapped_column(String(100))
    error: Mapped[str] = mapped_column(Text)
    error_type: Mapped[str] = mapped_column(String(200))
    value_b64: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(index=True)
    replayed_at: Mapped[datetime | None]


# Replays of the same Kafka position must not add a second row; letters without a
# position (raised outside a consumer) are all kept.
Index(
    "uq_dead_letters_position",
    DeadLetterRow.topic,
    DeadLetterRow.partition,
    DeadLetterRow.offset,
    unique=True,
    sqlite_where=DeadLetterRow.offset.is_not(None),
    postgresql_where=DeadLetterRow.offset.is_not(None),
)


class CollectorStateRow(Base):
    """A collector's cursor (last modified, ETag, last offset...) between runs."""

    __tablename__ = "collector_state"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class CollectedItemRow(Base):
    """An item a collector has already emitted, with the hash of its content."""

    __tablename__ = "collected_items"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(500), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(128))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class TokenHolder:
    """Columns of a bearer-token holder: a name and the SHA-256 of its token, never the token."""

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean)


class PartnerRow(TokenHolder, Base):
    """A community partner allowed to submit reports and referrals."""

    __tablename__ = "partners"


class IntakeKeyRow(Base):
    """A partner's idempotency key: the message it became (``report_id``, of ``kind``), kept
    in ``payload`` until the broker acknowledged it, and its ``state`` (pending/delivered)."""

    __tablename__ = "intake_keys"

    partner: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    report_id: Mapped[str] = mapped_column(String(600))
    created_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(20), server_default="report")
    state: Mapped[str] = mapped_column(String(20), server_default="pending")
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any] | None]
    delivered_at: Mapped[datetime | None]


class AnalystTokenRow(TokenHolder, Base):
    """An analyst allowed to read the API."""

    __tablename__ = "analyst_tokens"


class IncidentVersionRow(Base):
    """Every stored version of an incident; ``doc`` is the full model dump of that version."""

    __tablename__ = "incident_versions"

    incident_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_at: Mapped[datetime]
    doc: Mapped[dict[str, Any]]


class GeocodeCacheRow(Base):
    """A cached geocoder answer for one query string."""

    __tablename__ = "geocode_cache"

    provider: Mapped[str] = mapped_column(String(100), primary_key=True)
    query: Mapped[str] = mapped_column(String(1000), primary_key=True)
    result: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class DigestSendRow(Base):
    """The daily digest's send log: one row per local day, so a rerun never mails twice.

    ``status`` is ``sending`` while a process holds the day (``claimed_at``), then ``sent``
    or ``failed`` (a failed day is claimed again on the next try).
    """

    __tablename__ = "digest_sends"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    covered_from: Mapped[datetime | None]
    covered_until: Mapped[datetime | None] = mapped_column(index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    recipients: Mapped[Any] = mapped_column(JSONDoc)
    counts: Mapped[dict[str, Any]]
    archive: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)


class CorrectionRow(Base):
    """A correction of resolution -- a merge or a split -- with who made it and why."""

    __tablename__ = "incident_corrections"

    correction_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    incident_id: Mapped[str] = mapped_column(String(200), index=True)
    other_incident_id: Mapped[str | None] = mapped_column(String(200), index=True)
    report_ids: Mapped[Any] = mapped_column(JSONDoc)
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime]
    applied_at: Mapped[datetime]
