"""The analysts' incident query: one function shared by ``ccrp incidents`` and the API.

Filters combine with AND; several types match an incident having any of them. Times
select on when the incident occurred (when it was first seen, if its time is unknown),
from ``since`` (inclusive) to ``until`` (exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, literal, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB

from schemas import Incident, IncidentStatus
from sinks.engine import translated_errors
from sinks.errors import StoreInputError
from sinks.store import Store
from sinks.tables import Base

INCIDENTS = Base.metadata.tables["incidents"]
VERSIONS = Base.metadata.tables["incident_versions"]
# The neighbourhood classes as stored, by the names analysts type.
NIA_CLASSES = {"nia": "NIA", "emerging": "Emerging", "neither": "neither"}
STATUSES = tuple(status.value for status in IncidentStatus)


@dataclass(frozen=True)
class IncidentFilter:
    """What to select; ``None`` or empty leaves a criterion out."""

    since: datetime | None = None
    until: datetime | None = None
    types: tuple[str, ...] = ()
    neighbourhood: str | None = None
    nia: str | None = None
    program: str | None = None
    status: str | None = None
    limit: int | None = None
    offset: int = 0


def as_instant(value: date | datetime, tz: str) -> datetime:
    """A day is its local midnight; a time without a zone is local time. Always in UTC."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as exc:  # e.g. year 1 at a negative offset
        raise StoreInputError(f"{value.isoformat()}: out of range") from exc


def parse_instant(value: str, tz: str) -> datetime:
    """``2026-07-09`` (local midnight), or an ISO date-time (local time when it has no zone)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return as_instant(date.fromisoformat(text), tz)
        return as_instant(datetime.fromisoformat(text.replace("Z", "+00:00")), tz)
    except ValueError as exc:
        raise StoreInputError(f"{value!r}: expected YYYY-MM-DD or an ISO date-time") from exc


def nia_class(value: str) -> str:
    """The stored neighbourhood class for ``nia``, ``emerging`` or ``neither``."""
    stored = NIA_CLASSES.get(value.strip().lower())
    if stored is None:
        raise StoreInputError(f"NIA class {value!r}: use one of {', '.join(NIA_CLASSES)}")
    return stored


def _contains(dialect: str, column: Any, value: str, path: str | None = None) -> Any:
    """``value`` is an element of the JSON array in ``column`` (or at ``column.path``)."""
    if dialect == "postgresql":
        document = type_coerce(column, JSONB)
        return document.contains({path: [value]} if path else [value])
    elements = func.json_each(column, f"$.{path}") if path else func.json_each(column)
    table = elements.table_valued("value")
    return exists(select(literal(1)).select_from(table).where(table.c.value == value))


def _conditions(dialect: str, chosen: IncidentFilter) -> list[Any]:
    c = INCIDENTS.c
    when = func.coalesce(c.occurred_at, c.first_seen)
    found: list[Any] = []
    if chosen.since is not None:
        found.append(when >= chosen.since)
    if chosen.until is not None:
        found.append(when < chosen.until)
    if chosen.types:
        found.append(or_(*(_contains(dialect, c.types, t) for t in chosen.types)))
    if chosen.neighbourhood:
        wanted = chosen.neighbourhood.strip()
        found.append(
            or_(c.neighbourhood_code == wanted, func.lower(c.neighbourhood_name) == wanted.lower())
        )
    if chosen.nia:
        found.append(c.neighbourhood_class == nia_class(chosen.nia))
    if chosen.program:
        found.append(_contains(dialect, c.doc, chosen.program.strip(), path="programs"))
    if chosen.status:
        if chosen.status not in STATUSES:
            raise StoreInputError(f"status {chosen.status!r}: use one of {', '.join(STATUSES)}")
        found.append(c.status == chosen.status)
    return found


def query_incidents(store: Store, chosen: IncidentFilter) -> tuple[list[Incident], int]:
    """The latest version of each matching incident in time order, and how many match."""
    for moment, name in ((chosen.since, "since"), (chosen.until, "until")):
        if moment is not None and moment.utcoffset() is None:
            raise StoreInputError(f"{name} must be timezone-aware")
    conditions = _conditions(store.dialect_name, chosen)
    c = INCIDENTS.c
    query = (
        select(c.doc)
        .where(*conditions)
        .order_by(func.coalesce(c.occurred_at, c.first_seen), c.incident_id)
        .offset(max(chosen.offset, 0))
    )
    if chosen.limit is not None:
        query = query.limit(chosen.limit)
    counting = select(func.count()).select_from(INCIDENTS).where(*conditions)
    with translated_errors("query incidents"), store.engine.connect() as conn:
        incidents = [Incident.model_validate(doc) for doc in conn.execute(query).scalars()]
        total = int(conn.execute(counting).scalar() or 0)
    return incidents, total


def incident_versions(store: Store, incident_id: str) -> list[Incident]:
    """Every stored version of one incident, oldest first (empty when unknown)."""
    query = (
        select(VERSIONS.c.doc)
        .where(VERSIONS.c.incident_id == incident_id)
        .order_by(VERSIONS.c.version)
    )
    with translated_errors("incident versions"), store.engine.connect() as conn:
        return [Incident.model_validate(doc) for doc in conn.execute(query).scalars()]
