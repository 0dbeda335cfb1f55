"""Folding one enriched report into an incident: types, attributes, place, status.

Every rule is idempotent and order-insensitive where it can be (unions, maxima, the most
precise place), so re-delivering a report changes nothing and a replay rebuilds the
same incident.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from enrich.retraction import is_retraction
from enrich.signatures import report_area
from enrich.timing import STRUCTURED_KINDS, stated_time_slack
from schemas import (
    Attributes,
    ContributingReport,
    EnrichedReport,
    Incident,
    IncidentStatus,
    Location,
    Precision,
)
from schemas.privacy import withhold_reason
from schemas.taxonomy import ALL_TYPES, IncidentType

PRECISION_RANK = {
    Precision.ADDRESS: 5,
    Precision.INTERSECTION: 4,
    Precision.NEIGHBOURHOOD: 3,
    Precision.DISTRICT: 2,
    Precision.CITY: 1,
    Precision.UNKNOWN: 0,
}
# How far to trust a report's occurred-at: a call's own time, a story's time of day, a
# story's day ("on Saturday"), a follow-up's "last week".
RANK_STRUCTURED, RANK_STORY, RANK_STORY_DAY, RANK_FOLLOW_UP, RANK_NONE = 4, 3, 2, 1, 0
_TYPE_ORDER = {t: i for i, t in enumerate(ALL_TYPES)}
_FUTURE_SLACK = timedelta(hours=1)


def incident_id_for(report_id: str) -> str:
    """Stable incident id derived from the id of the report that opened it."""
    return "inc-" + hashlib.sha256(report_id.encode("utf-8")).hexdigest()[:16]


def merge_types(*label_sets: list[str]) -> list[str]:
    """Union of labels in taxonomy order; ``not_incident`` and ``shots_fired`` drop out
    when something more specific (anything, resp. ``shooting``) is present."""
    labels = {t for labels in label_sets for t in labels}
    if len(labels) > 1:
        labels.discard(IncidentType.NOT_INCIDENT)
    if IncidentType.SHOOTING in labels:
        labels.discard(IncidentType.SHOTS_FIRED)
    return sorted(labels, key=lambda t: _TYPE_ORDER.get(t, len(_TYPE_ORDER)))


def report_occurrence(er: EnrichedReport) -> tuple[datetime | None, int, str | None]:
    """(occurred-at, trust rank, text) of a report; future times are not credible."""
    report, attrs = er.report, er.classification.attributes
    limit = report.collected_at + _FUTURE_SLACK
    structured = report.source_kind in STRUCTURED_KINDS
    if structured and report.occurred_at and report.occurred_at <= limit:
        return report.occurred_at, RANK_STRUCTURED, None
    when = attrs.occurred_at or report.occurred_at
    if when is None or when > limit:
        return None, RANK_NONE, None
    text = attrs.occurred_at_text if attrs.occurred_at else None
    if er.classification.is_follow_up:
        rank = RANK_FOLLOW_UP
    else:
        rank = RANK_STORY if stated_time_slack(text)[1] else RANK_STORY_DAY
    return when, rank, text


def occurrence_rank(er: EnrichedReport) -> int:
    """How far a report's occurred-at is trusted (the rank merging keeps the best of)."""
    return report_occurrence(er)[1]


def more_precise(current: Location, candidate: Location) -> bool:
    """Whether ``candidate`` places the incident better than ``current``.

    At the same precision a feed's own point (a police or fire dispatch's coordinates)
    is preferred to a place geocoded from words, so the incident's place does not depend
    on which of the two reports arrived first.
    """

    def key(loc: Location) -> tuple[int, bool, bool, bool]:
        rank = PRECISION_RANK[loc.precision]
        return (rank, loc.lat is not None, loc.neighbourhood is not None, loc.geocoder == "source")

    return key(candidate) > key(current)


def either_youth(a: bool | None, b: bool | None) -> bool | None:
    if a or b:
        return True
    return False if False in (a, b) else None


def max_count(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def merge_report(
    incident: Incident, er: EnrichedReport, occurred_rank: int, why: str | None = None
) -> tuple[Incident, int]:
    """The incident with ``er`` folded in (same version), and the new occurred-at rank.

    Routing fields (``ccrp_eligible``, ``programs``) are left for the caller.
    """
    cls = er.classification
    attrs, new = incident.attributes, cls.attributes
    when, rank, when_text = report_occurrence(er)
    occurred_at, occurred_text = incident.occurred_at, attrs.occurred_at_text
    if when is not None and (
        rank > occurred_rank
        or (rank == occurred_rank and (occurred_at is None or when < occurred_at))
    ):
        occurred_at, occurred_text, occurred_rank = when, when_text, rank
    attributes = Attributes(
        fatalities=max_count(attrs.fatalities, new.fatalities),
        injured=max_count(attrs.injured, new.injured),
        weapon=attrs.weapon or new.weapon,
        youth_involved=either_youth(attrs.youth_involved, new.youth_involved),
        occurred_at=occurred_at,
        occurred_at_text=occurred_text,
    )
    area = report_area(er)
    in_area, municipality = incident.in_area, incident.municipality
    if area is False and in_area is not False:
        in_area, municipality = False, cls.municipality or municipality
    elif area is True and in_area is None:
        in_area, municipality = True, cls.municipality or municipality
    elif municipality is None and area == in_area:
        municipality = cls.municipality
    earlier = next((r for r in incident.reports if r.report_id == er.report_id), None)
    entry = ContributingReport.of(er, why or (earlier.resolution if earlier else None))
    reports = [r for r in incident.reports if r.report_id != entry.report_id] + [entry]
    reports.sort(key=lambda r: (r.published_at or r.collected_at, r.report_id))
    status = incident.status
    if is_retraction(er):
        status = IncidentStatus.RETRACTED
    elif status != IncidentStatus.RETRACTED:
        independent = len({r.source for r in reports}) >= 2
        status = IncidentStatus.CORROBORATED if independent else IncidentStatus.REPORTED
    seen = er.report.reported_at
    report = er.report
    withheld = incident.withheld or (
        withhold_reason(cls.types, (report.title, report.body)) is not None
    )
    merged = incident.model_copy(
        update={
            "types": merge_types(incident.types, cls.types or [IncidentType.OTHER]),
            "attributes": attributes,
            "occurred_at": occurred_at,
            "location": er.location
            if more_precise(incident.location, er.location)
            else incident.location,
            "in_area": in_area,
            "municipality": municipality,
            "is_follow_up": incident.is_follow_up and cls.is_follow_up,
            "status": status,
            "withheld": withheld,
            "reports": reports,
            "first_seen": min(incident.first_seen, seen),
            "last_seen": max(incident.last_seen, seen),
        }
    )
    return merged, occurred_rank


def open_incident(er: EnrichedReport, why: str | None = None) -> tuple[Incident, int]:
    """A new incident made of one report, and its occurred-at rank."""
    seed = Incident(
        incident_id=incident_id_for(er.report_id),
        version=1,
        types=[],
        is_follow_up=True,
        reports=[],
        first_seen=er.report.reported_at,
        last_seen=er.report.reported_at,
    )
    return merge_report(seed, er, RANK_NONE, why)


def rehydrated_rank(incident: Incident) -> int:
    """Best guess of the occurred-at rank of an incident loaded from the store."""
    if incident.occurred_at is None:
        return RANK_NONE
    if any(r.source_kind in STRUCTURED_KINDS for r in incident.reports):
        return RANK_STRUCTURED
    return RANK_FOLLOW_UP if incident.is_follow_up else RANK_STORY
