"""What resolution may ask of the durable record (the store implements it).

Memory holds the recent incidents; the record holds every one. Before a batch is
resolved, the stage asks the record for what memory lacks: the incidents of reports it
has seen before (a redelivery after a crash joins the incident it joined then), and the
incidents of times memory has already forgotten (a report about an event weeks back).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from schemas import ActivationEvent, EnrichedReport, Incident

IncidentWithReports = tuple[Incident, list[EnrichedReport]]


class IncidentRecord(Protocol):
    """Read access to stored incidents, their reports and their activation events."""

    def report_incidents(self, report_ids: Collection[str]) -> dict[str, str]:
        """``{report_id: incident_id}`` for those of these reports that joined an incident
        (as a member, or as an exact copy of a member)."""
        ...

    def incidents_with_reports(self, incident_ids: Collection[str]) -> list[IncidentWithReports]:
        """The latest stored version of each incident with its stored member reports."""
        ...

    def incident_ids_active(self, start: datetime, end: datetime) -> list[str]:
        """Ids of incidents last seen from ``start`` and first seen before ``end``."""
        ...

    def incident_labels_active(self, start: datetime, end: datetime) -> list[tuple[str, list[str]]]:
        """``(incident_id, types)`` of the incidents last seen from ``start`` and first
        seen before ``end``."""
        ...

    def last_activations(self, incident_ids: Collection[str]) -> dict[str, ActivationEvent]:
        """The latest CCRP activation event of each of these incidents that has one."""
        ...

    def latest_activity(self) -> datetime | None:
        """When the most recently active stored incident was last seen (None: empty)."""
        ...
