"""What analysts see of an incident: one record shape for the command and the API.

The withholding rule is ``schemas.privacy``: for a withheld incident the record keeps the
generated summary, types, area, times, status and the names and counts of its sources;
it never carries source titles, links, report ids (which embed source item ids), location
text, extracted attributes, or a point finer than its neighbourhood's representative point.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from schemas import Incident
from schemas.privacy import area_of, generated_summary, is_withheld

Points = Mapping[str, tuple[float, float]]  # neighbourhood code -> representative (lat, lon)


class NeighbourhoodOut(BaseModel):
    """A City of Toronto neighbourhood and its class (NIA, Emerging, neither)."""

    code: str
    name: str
    classification: str | None = None


class PlaceOut(BaseModel):
    """Where, with the precision reached; a withheld incident's point is its area's."""

    lat: float | None = None
    lon: float | None = None
    precision: str
    text: str | None = None


class SourceCount(BaseModel):
    """How many reports one source contributed."""

    source: str
    source_kind: str
    reports: int


class ReportOut(BaseModel):
    """Provenance of one contributing report (titles and links only when not withheld)."""

    source: str
    source_kind: str
    collected_at: datetime
    published_at: datetime | None = None
    is_follow_up: bool = False
    types: list[str] = Field(default_factory=list)
    report_id: str | None = None
    title: str | None = None
    url: str | None = None
    first_version: int | None = None


class IncidentRecord(BaseModel):
    """One incident as analysts see it."""

    incident_id: str
    version: int
    status: str
    merged_into: str | None = None  # the surviving incident of a merged one
    withheld: bool
    summary: str
    title: str | None = None
    types: list[str]
    occurred_at: datetime | None = None
    first_seen: datetime
    last_seen: datetime
    area: str
    neighbourhood: NeighbourhoodOut | None = None
    location: PlaceOut
    in_area: bool | None = None
    municipality: str | None = None
    is_follow_up: bool
    ccrp_eligible: bool
    programs: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] | None = None
    sources: list[SourceCount]
    report_count: int
    reports: list[ReportOut]


class IncidentDetail(IncidentRecord):
    """An incident with every stored version (the same rule applied to each)."""

    versions: list[IncidentRecord]


def _place(incident: Incident, withheld: bool, points: Points) -> PlaceOut:
    location, hood = incident.location, incident.location.neighbourhood
    if not withheld:
        return PlaceOut(
            lat=location.lat, lon=location.lon, precision=location.precision, text=location.text
        )
    if hood is None:
        return PlaceOut(precision="unknown")
    point = points.get(hood.code)
    lat, lon = point if point else (None, None)
    return PlaceOut(lat=lat, lon=lon, precision="neighbourhood")


def _reports(incident: Incident, withheld: bool, first: Mapping[str, int]) -> list[ReportOut]:
    shown = []
    for report in incident.reports:
        visible: dict[str, Any] = {}
        if not withheld:
            visible = {"report_id": report.report_id, "title": report.title, "url": report.url}
        shown.append(
            ReportOut(
                source=report.source,
                source_kind=report.source_kind,
                collected_at=report.collected_at,
                published_at=report.published_at,
                is_follow_up=report.is_follow_up,
                types=list(report.types),
                first_version=first.get(report.report_id),
                **visible,
            )
        )
    return shown


def incident_record(
    incident: Incident,
    points: Points | None = None,
    withheld: bool | None = None,
    first_versions: Mapping[str, int] | None = None,
    tz: str = "America/Toronto",
) -> IncidentRecord:
    """The record of one incident version; ``withheld`` overrides the rule's own decision."""
    hidden = is_withheld(incident) if withheld is None else withheld
    hood = incident.location.neighbourhood
    kinds = Counter((r.source, r.source_kind.value) for r in incident.reports)
    return IncidentRecord(
        incident_id=incident.incident_id,
        version=incident.version,
        status=incident.status,
        merged_into=incident.merged_into,
        withheld=hidden,
        summary=generated_summary(incident, tz),
        title=None if hidden or not incident.reports else incident.reports[0].title,
        types=list(incident.types),
        occurred_at=incident.occurred_at,
        first_seen=incident.first_seen,
        last_seen=incident.last_seen,
        area=area_of(incident),
        neighbourhood=(
            NeighbourhoodOut(code=hood.code, name=hood.name, classification=hood.classification)
            if hood
            else None
        ),
        location=_place(incident, hidden, points or {}),
        in_area=incident.in_area,
        municipality=incident.municipality,
        is_follow_up=incident.is_follow_up,
        ccrp_eligible=incident.ccrp_eligible,
        programs=[] if hidden else list(incident.programs),
        attributes=None if hidden else incident.attributes.model_dump(mode="json"),
        sources=[SourceCount(source=s, source_kind=k, reports=n) for (s, k), n in kinds.items()],
        report_count=len(incident.reports),
        reports=_reports(incident, hidden, first_versions or {}),
    )


def incident_detail(
    versions: Sequence[Incident], points: Points | None = None, tz: str = "America/Toronto"
) -> IncidentDetail:
    """The newest version with every version; withheld if any version must be."""
    hidden = any(is_withheld(v) for v in versions)
    first: dict[str, int] = {}
    for version in versions:
        for report in version.reports:
            first.setdefault(report.report_id, version.version)
    records = [incident_record(v, points, hidden, first, tz) for v in versions]
    return IncidentDetail(**records[-1].model_dump(), versions=records)


def feature(record: IncidentRecord) -> dict[str, Any]:
    """A GeoJSON Feature (RFC 7946): the record's point, or no geometry when it has none."""
    location = record.location
    geometry = None
    if location.lat is not None and location.lon is not None:
        geometry = {"type": "Point", "coordinates": [location.lon, location.lat]}
    properties = record.model_dump(mode="json")
    return {
        "type": "Feature",
        "id": record.incident_id,
        "geometry": geometry,
        "properties": properties,
    }


def feature_collection(records: Sequence[IncidentRecord]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of incident records."""
    return {"type": "FeatureCollection", "features": [feature(r) for r in records]}
