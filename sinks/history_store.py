"""The durable record that resolution consults (``enrich.record.IncidentRecord``)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select

from schemas import ActivationEvent, EnrichedReport, Incident, RawReport, SourceKind
from sinks.engine import require_aware
from sinks.rows import report_from_row
from sinks.store_base import StoreBase, chunked
from sinks.tables import Base

REPORTS = Base.metadata.tables["reports"]
INCIDENTS = Base.metadata.tables["incidents"]
LINKS = Base.metadata.tables["incident_reports"]
ACTIVATIONS = Base.metadata.tables["activations"]
LOCATED_KINDS = (SourceKind.POLICE.value, SourceKind.MUNICIPAL.value)


class HistoryStoreMixin(StoreBase):
    """Batched reads of links, incidents with their reports, and last activations."""

    def report_incidents(self, report_ids: Collection[str]) -> dict[str, str]:
        """``{report_id: incident_id}`` for the reports that joined an incident, as a
        member or as a copy of a member (the report row's own link)."""
        found: dict[str, str] = {}
        with self._read("look up report links") as conn:
            for batch in chunked(set(report_ids)):
                rows = conn.execute(
                    select(LINKS.c.report_id, LINKS.c.incident_id)
                    .where(LINKS.c.report_id.in_(batch))
                    .order_by(LINKS.c.report_id, LINKS.c.incident_id)
                )
                for report_id, incident_id in rows:
                    found.setdefault(str(report_id), str(incident_id))
                rest = [r for r in batch if r not in found]
                if rest:
                    rows = conn.execute(
                        select(REPORTS.c.report_id, REPORTS.c.incident_id).where(
                            REPORTS.c.report_id.in_(rest), REPORTS.c.incident_id.is_not(None)
                        )
                    )
                    found.update({str(r): str(i) for r, i in rows})
        return found

    def incidents_with_reports(
        self, incident_ids: Collection[str]
    ) -> list[tuple[Incident, list[EnrichedReport]]]:
        """Each incident's latest stored version with its stored member reports."""
        wanted = sorted(set(incident_ids))
        incidents: dict[str, Incident] = {}
        members: dict[str, list[EnrichedReport]] = {}
        with self._read("load incidents with reports") as conn:
            for batch in chunked(wanted):
                for doc in conn.execute(
                    select(INCIDENTS.c.doc).where(INCIDENTS.c.incident_id.in_(batch))
                ).scalars():
                    incident = Incident.model_validate(doc)
                    incidents[incident.incident_id] = incident
            report_ids = {r.report_id: i.incident_id for i in incidents.values() for r in i.reports}
            for batch in chunked(sorted(report_ids)):
                for row in conn.execute(select(REPORTS).where(REPORTS.c.report_id.in_(batch))):
                    members.setdefault(report_ids[row.report_id], []).append(report_from_row(row))
        ordered = sorted(incidents.values(), key=lambda i: (i.last_seen, i.incident_id))
        return [(i, members.get(i.incident_id, [])) for i in ordered]

    def incident_ids_active(self, start: datetime, end: datetime) -> list[str]:
        """Ids of incidents active in ``[start, end)`` (last seen from start, first seen
        before end), oldest activity first."""
        require_aware(start, "start")
        require_aware(end, "end")
        query = (
            select(INCIDENTS.c.incident_id)
            .where(INCIDENTS.c.last_seen >= start, INCIDENTS.c.first_seen < end)
            .order_by(INCIDENTS.c.last_seen, INCIDENTS.c.incident_id)
        )
        with self._read("list incidents by activity") as conn:
            return [str(i) for i in conn.execute(query).scalars()]

    def incident_labels_active(self, start: datetime, end: datetime) -> list[tuple[str, list[str]]]:
        """``(incident_id, types)`` of the incidents active in ``[start, end)``: their ids
        and labels only, to choose which to read whole."""
        require_aware(start, "start")
        require_aware(end, "end")
        query = (
            select(INCIDENTS.c.incident_id, INCIDENTS.c.types)
            .where(INCIDENTS.c.last_seen >= start, INCIDENTS.c.first_seen < end)
            .order_by(INCIDENTS.c.last_seen, INCIDENTS.c.incident_id)
        )
        with self._read("list incident labels by activity") as conn:
            return [(str(i), list(types or [])) for i, types in conn.execute(query)]

    def last_activations(self, incident_ids: Collection[str]) -> dict[str, ActivationEvent]:
        """The CCRP activation event of the highest version of each incident (latest time
        breaks ties)."""
        latest: dict[str, ActivationEvent] = {}
        with self._read("last activations") as conn:
            for batch in chunked(sorted(set(incident_ids))):
                rows = conn.execute(
                    select(ACTIVATIONS.c.doc)
                    .where(ACTIVATIONS.c.incident_id.in_(batch))
                    .order_by(ACTIVATIONS.c.incident_version, ACTIVATIONS.c.time)
                )
                for doc in rows.scalars():
                    event = ActivationEvent.model_validate(doc)
                    if event.is_ccrp:
                        latest[event.ccrp.incident_id] = event
        return latest

    def latest_activity(self) -> datetime | None:
        """When the most recently active stored incident was last seen."""
        with self._read("latest activity") as conn:
            value: datetime | None = conn.execute(select(func.max(INCIDENTS.c.last_seen))).scalar()
        return value

    def recent_fingerprints(self, limit: int) -> list[tuple[str, str | None, str]]:
        """``(report_id, url, content_hash)`` of the latest ``limit`` reports, oldest first:
        what exact de-duplication remembers across a restart."""
        query = (
            select(REPORTS.c.report_id, REPORTS.c.url, REPORTS.c.content_hash)
            .order_by(REPORTS.c.collected_at.desc(), REPORTS.c.report_id.desc())
            .limit(limit)
        )
        with self._read("recent fingerprints") as conn:
            rows = [(str(r), u, str(h)) for r, u, h in conn.execute(query)]
        return rows[::-1]

    def located_reports(self, limit: int) -> list[RawReport]:
        """The latest ``limit`` police and municipal reports, oldest first: the calls whose
        coordinates teach the gazetteer where their location texts lie."""
        query = (
            select(REPORTS)
            .where(REPORTS.c.source_kind.in_(LOCATED_KINDS))
            .order_by(REPORTS.c.collected_at.desc(), REPORTS.c.report_id.desc())
            .limit(limit)
        )
        with self._read("located reports") as conn:
            rows = [report_from_row(row).report for row in conn.execute(query)]
        return [r for r in reversed(rows) if r.lat is not None and r.location_text]
