"""The resolved incident (value of the compacted ``incidents.enriched.v1`` topic)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, Field

from schemas.reports import Attributes, EnrichedReport, Frozen, Location, SourceKind


class IncidentStatus(StrEnum):
    """How well an incident is established."""

    REPORTED = "reported"
    CORROBORATED = "corroborated"
    RETRACTED = "retracted"
    MERGED = "merged"  # found to be the same incident as ``merged_into``


class ContributingReport(Frozen):
    """Provenance of one report that contributed to an incident."""

    report_id: str
    source: str
    source_kind: SourceKind
    url: str | None = None
    title: str
    published_at: AwareDatetime | None = None
    collected_at: AwareDatetime
    is_follow_up: bool = False
    types: list[str] = Field(default_factory=list)
    resolution: str | None = Field(
        default=None,
        description="why the report joined this incident, or why it opened it "
        "(the candidates it refused and their reasons)",
    )

    @classmethod
    def of(cls, er: EnrichedReport, resolution: str | None = None) -> ContributingReport:
        """The provenance entry of one enriched report."""
        report = er.report
        return cls(
            report_id=report.report_id,
            source=report.source,
            source_kind=report.source_kind,
            url=report.url,
            title=report.title,
            published_at=report.published_at,
            collected_at=report.collected_at,
            is_follow_up=er.classification.is_follow_up,
            types=list(er.classification.types),
            resolution=resolution,
        )


class Incident(Frozen):
    """One real-world incident resolved from one or more reports."""

    incident_id: str
    version: int = Field(ge=1)
    status: IncidentStatus = IncidentStatus.REPORTED
    types: list[str]
    attributes: Attributes = Field(default_factory=Attributes)
    occurred_at: AwareDatetime | None = None
    location: Location = Field(default_factory=Location)
    in_area: bool | None = None
    municipality: str | None = None
    is_follow_up: bool = False
    ccrp_eligible: bool = False
    programs: list[str] = Field(default_factory=list)
    merged_into: str | None = Field(
        default=None, description="the incident this one was found to be (status merged)"
    )
    withheld: bool = Field(
        default=False,
        description="outputs show a generated summary only (see schemas.privacy)",
    )
    reports: list[ContributingReport]
    first_seen: AwareDatetime
    last_seen: AwareDatetime
