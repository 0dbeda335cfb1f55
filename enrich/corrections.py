"""Corrections to resolution: two incidents found to be one, and one found to be two.

- **Merge.** A later report that bridges two incidents (it matches both, and nothing in
  the two conflicts) shows they are one. The survivor keeps its id -- the one already
  activated, else the one first seen -- and takes the other's reports and facts; the
  other becomes an alias (status ``merged``, ``merged_into`` the survivor).
- **Split.** An operator names the reports of an incident that are another incident; both
  are rebuilt from their own reports.

Every rule here is a plain function over incidents and reports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from enrich.merge import (
    either_youth,
    max_count,
    merge_report,
    merge_types,
    more_precise,
    open_incident,
)
from schemas import Attributes, EnrichedReport, Incident, IncidentStatus


def survivor_first(a: Incident, b: Incident, activated: set[str]) -> tuple[Incident, Incident]:
    """(survivor, absorbed): the activated one survives, else the one first seen."""

    def key(i: Incident) -> tuple[bool, object, str]:
        return (i.incident_id not in activated, i.first_seen, i.incident_id)

    return (a, b) if key(a) <= key(b) else (b, a)


def combine(
    survivor: Incident, absorbed: Incident, rank_s: int, rank_a: int
) -> tuple[Incident, int]:
    """The survivor with the absorbed incident's reports and facts folded in (same version)."""
    occurred, text, rank = survivor.occurred_at, survivor.attributes.occurred_at_text, rank_s
    other = absorbed.occurred_at
    if other is not None and (
        rank_a > rank_s or (rank_a == rank_s and (occurred is None or other < occurred))
    ):
        occurred, text, rank = other, absorbed.attributes.occurred_at_text, rank_a
    s, a = survivor.attributes, absorbed.attributes
    attributes = Attributes(
        fatalities=max_count(s.fatalities, a.fatalities),
        injured=max_count(s.injured, a.injured),
        weapon=s.weapon or a.weapon,
        youth_involved=either_youth(s.youth_involved, a.youth_involved),
        occurred_at=occurred,
        occurred_at_text=text,
    )
    reports = {r.report_id: r for r in (*survivor.reports, *absorbed.reports)}
    ordered = sorted(
        reports.values(), key=lambda r: (r.published_at or r.collected_at, r.report_id)
    )
    if IncidentStatus.RETRACTED in (survivor.status, absorbed.status):
        status = IncidentStatus.RETRACTED
    elif len({r.source for r in ordered}) >= 2:
        status = IncidentStatus.CORROBORATED
    else:
        status = IncidentStatus.REPORTED
    in_area = survivor.in_area if survivor.in_area is not None else absorbed.in_area
    location = survivor.location
    if more_precise(location, absorbed.location):
        location = absorbed.location
    combined = survivor.model_copy(
        update={
            "types": merge_types(survivor.types, absorbed.types),
            "attributes": attributes,
            "occurred_at": occurred,
            "location": location,
            "in_area": in_area,
            "municipality": survivor.municipality or absorbed.municipality,
            "is_follow_up": survivor.is_follow_up and absorbed.is_follow_up,
            "status": status,
            "withheld": survivor.withheld or absorbed.withheld,
            "reports": ordered,
            "first_seen": min(survivor.first_seen, absorbed.first_seen),
            "last_seen": max(survivor.last_seen, absorbed.last_seen),
        }
    )
    return combined, rank


def merged_away(absorbed: Incident, survivor_id: str) -> Incident:
    """The absorbed incident's last version: an alias of the survivor, its reports moved."""
    return absorbed.model_copy(
        update={
            "version": absorbed.version + 1,
            "status": IncidentStatus.MERGED,
            "merged_into": survivor_id,
            "reports": [],
            "ccrp_eligible": False,
            "programs": [],
        }
    )


def split_incident_id(incident_id: str, report_ids: Sequence[str]) -> str:
    """Stable id of the incident an operator splits off ``incident_id``."""
    name = f"split:{incident_id}:" + ",".join(sorted(report_ids))
    return "inc-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def rebuilt(
    incident_id: str, reports: Sequence[EnrichedReport], version: int
) -> tuple[Incident, int]:
    """An incident made anew of these reports, in time order, under a given id and version."""
    ordered = sorted(reports, key=lambda er: (er.report.reported_at, er.report_id))
    incident, rank = open_incident(ordered[0])
    for er in ordered[1:]:
        incident, rank = merge_report(incident, er, rank)
    return incident.model_copy(update={"incident_id": incident_id, "version": version}), rank
