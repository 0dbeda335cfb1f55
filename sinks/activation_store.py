"""Activation events: recorded once by their stable id, read back for the digest."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from schemas import ActivationEvent, ActivationType
from sinks.engine import require_aware
from sinks.rows import activation_row
from sinks.store_base import StoreBase, chunked
from sinks.tables import Base

ACTIVATIONS = Base.metadata.tables["activations"]
CCRP_TYPES = (ActivationType.CREATED, ActivationType.UPDATED, ActivationType.CANCELLED)


class ActivationStoreMixin(StoreBase):
    """Store operations on activation events."""

    def record_activation(self, event: ActivationEvent) -> bool:
        """Keep an activation event; False when its id was recorded already."""
        with self._write("record activation") as conn:
            return self._changed_rows(conn, self._activation_insert(), activation_row(event)) > 0

    def _record_activations_in(self, conn: Connection, events: Sequence[ActivationEvent]) -> None:
        if events:
            self._execute_many(conn, self._activation_insert(), [activation_row(e) for e in events])

    def _activation_insert(self) -> Any:
        return self._statement(
            "activation", lambda: self._insert(ACTIVATIONS).on_conflict_do_nothing()
        )

    def activation_count(self) -> int:
        """How many activation events are recorded."""
        with self._read("count activations") as conn:
            return int(conn.execute(select(func.count()).select_from(ACTIVATIONS)).scalar_one())

    def last_activation(self, incident_id: str) -> ActivationEvent | None:
        """The CCRP activation for the highest incident version (latest time breaks ties)."""
        query = (
            select(ACTIVATIONS.c.doc)
            .where(ACTIVATIONS.c.incident_id == incident_id)
            .where(ACTIVATIONS.c.type.in_([t.value for t in CCRP_TYPES]))
            .order_by(ACTIVATIONS.c.incident_version.desc(), ACTIVATIONS.c.time.desc())
            .limit(1)
        )
        with self._read("last activation") as conn:
            doc = conn.execute(query).scalar()
        return None if doc is None else ActivationEvent.model_validate(doc)

    def activations_between(self, start: datetime, end: datetime) -> list[ActivationEvent]:
        """Activation events whose time is in ``[start, end)``, in time order."""
        require_aware(start, "start")
        require_aware(end, "end")
        query = (
            select(ACTIVATIONS.c.doc)
            .where(ACTIVATIONS.c.time >= start, ACTIVATIONS.c.time < end)
            .order_by(ACTIVATIONS.c.time, ACTIVATIONS.c.event_id)
        )
        with self._read("list activations") as conn:
            return [ActivationEvent.model_validate(d) for d in conn.execute(query).scalars()]

    def recorded_event_ids(self, event_ids: Collection[str]) -> set[str]:
        """Those of these event ids that are recorded."""
        found: set[str] = set()
        with self._read("look up activations") as conn:
            for batch in chunked(set(event_ids)):
                query = select(ACTIVATIONS.c.event_id).where(ACTIVATIONS.c.event_id.in_(batch))
                found.update(conn.execute(query).scalars())
        return found

    def activations_of(self, incident_ids: Collection[str]) -> dict[str, list[ActivationEvent]]:
        """Every activation event of these incidents, each list in time order."""
        found: dict[str, list[ActivationEvent]] = {i: [] for i in incident_ids}
        with self._read("list incident activations") as conn:
            for batch in chunked(sorted(found)):
                query = (
                    select(ACTIVATIONS.c.doc)
                    .where(ACTIVATIONS.c.incident_id.in_(batch))
                    .order_by(ACTIVATIONS.c.time, ACTIVATIONS.c.event_id)
                )
                for doc in conn.execute(query).scalars():
                    event = ActivationEvent.model_validate(doc)
                    found.setdefault(event.subject, []).append(event)
        return found
