"""The history of corrections: recorded once by their stable id, listed per incident."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import Connection, or_, select

from schemas.corrections import IncidentCorrection
from sinks.store_base import StoreBase, chunked, utc_now
from sinks.tables import Base

CORRECTIONS = Base.metadata.tables["incident_corrections"]


class CorrectionStoreMixin(StoreBase):
    """Store operations on corrections of resolution."""

    def record_corrections(self, corrections: Iterable[IncidentCorrection]) -> None:
        """Keep corrections; one already recorded (a replay) changes nothing."""
        with self._write("record corrections") as conn:
            self._record_corrections_in(conn, corrections)

    def _record_corrections_in(
        self, conn: Connection, corrections: Iterable[IncidentCorrection]
    ) -> None:
        rows = [
            {**c.model_dump(mode="python"), "kind": c.kind.value, "applied_at": utc_now()}
            for c in corrections
        ]
        if rows:
            stmt = self._statement(
                "correction", lambda: self._insert(CORRECTIONS).on_conflict_do_nothing()
            )
            self._execute_many(conn, stmt, rows)

    def recorded_corrections(self, correction_ids: Collection[str]) -> set[str]:
        """Those of these correction ids that are recorded (applied)."""
        found: set[str] = set()
        with self._read("look up corrections") as conn:
            for batch in chunked(set(correction_ids)):
                query = select(CORRECTIONS.c.correction_id).where(
                    CORRECTIONS.c.correction_id.in_(batch)
                )
                found.update(conn.execute(query).scalars())
        return found

    def corrections_of(self, incident_id: str) -> list[IncidentCorrection]:
        """Every correction involving an incident, oldest first."""
        query = (
            select(CORRECTIONS)
            .where(
                or_(
                    CORRECTIONS.c.incident_id == incident_id,
                    CORRECTIONS.c.other_incident_id == incident_id,
                )
            )
            .order_by(CORRECTIONS.c.requested_at, CORRECTIONS.c.correction_id)
        )
        with self._read("list corrections") as conn:
            return [
                IncidentCorrection.model_validate(
                    {k: v for k, v in row._mapping.items() if k != "applied_at"}
                )
                for row in conn.execute(query)
            ]

    def split_pairs(self) -> list[tuple[str, str]]:
        """Incidents split apart by hand: (original, split-off), never to be merged again."""
        query = select(CORRECTIONS.c.incident_id, CORRECTIONS.c.other_incident_id).where(
            CORRECTIONS.c.kind == "split", CORRECTIONS.c.other_incident_id.is_not(None)
        )
        with self._read("list splits") as conn:
            return [(str(a), str(b)) for a, b in conn.execute(query)]
