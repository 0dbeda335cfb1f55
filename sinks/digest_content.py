"""What goes into the daily digest: incidents of one local day, sorted into sections.

Every entry is already safe to print. Source text is cleaned (``digest_format``), and an
incident that ``schemas.privacy`` withholds (violence against a person, wording of
intimate-partner violence or naming a victim, whatever its labels) carries only its
generated summary (type, area, time) and the names and count of its sources: never
titles, links, location text, or a point finer than its neighbourhood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schemas import ActivationEvent, Incident, NeighbourhoodContext, Priority, Support
from schemas.privacy import area_of, generated_summary, is_withheld
from sinks.digest_format import clean_text, safe_url
from sinks.errors import DigestError

CLASS_LABELS = {"NIA": "Neighbourhood Improvement Area", "Emerging": "Emerging Neighbourhood"}
PRIORITY_RANK = {"urgent": 0, "high": 1, "standard": 2}


@dataclass(frozen=True)
class SourceLink:
    """One contributing report as the digest shows it (``url`` only for http(s) links)."""

    source: str
    title: str | None
    url: str | None


@dataclass(frozen=True)
class DigestEntry:
    """One incident, reduced to what staff need and may see."""

    incident_id: str
    types: list[str]
    area: str
    area_class: str | None
    location_text: str | None
    precision: str
    occurred_at: datetime | None
    first_seen: datetime
    sources: list[SourceLink]
    report_count: int
    withheld: bool
    summary: str | None
    lat: float | None
    lon: float | None
    neighbourhood_code: str | None
    status: str
    in_area: bool | None
    municipality: str | None
    activation: str | None = None
    window_opens: datetime | None = None
    window_closes: datetime | None = None
    priority: Priority | None = None
    supports: list[Support] = field(default_factory=list)
    context: NeighbourhoodContext | None = None

    @property
    def primary_type(self) -> str:
        return self.types[0] if self.types else "other"

    @property
    def source_names(self) -> list[str]:
        return sorted({s.source for s in self.sources})

    def urgency(self) -> tuple[int, int, datetime]:
        """Sort key, most urgent first: priority level, score, then the closing window."""
        level = PRIORITY_RANK.get(self.priority.level.value, 3) if self.priority else 3
        score = -self.priority.score if self.priority else 0
        return level, score, self.window_closes or self.occurred_at or self.first_seen


@dataclass
class DigestContent:
    """The sections of one day's digest, times already in the local zone."""

    day: date
    tz: str
    start: datetime
    end: datetime
    since: datetime | None = None
    closing_soon: list[DigestEntry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    activations: list[DigestEntry] = field(default_factory=list)
    neighbourhoods: list[NeighbourhoodRepeat] = field(default_factory=list)
    in_city: dict[str, list[DigestEntry]] = field(default_factory=dict)
    out_of_area: list[DigestEntry] = field(default_factory=list)
    follow_ups: list[DigestEntry] = field(default_factory=list)

    def all_entries(self) -> list[DigestEntry]:
        grouped = [e for entries in self.in_city.values() for e in entries]
        return self.activations + grouped + self.out_of_area + self.follow_ups

    def counts(self) -> dict[str, int]:
        """The figures of the subject line and the header."""
        return {
            "activations": len(self.activations),
            "closing_24h": len(self.closing_soon),
            "changes": len(self.changes),
            "in_city": sum(len(v) for v in self.in_city.values()),
            "out_of_area": len(self.out_of_area),
            "follow_ups": len(self.follow_ups),
        }


@dataclass(frozen=True)
class Change:
    """Something that changed since the last digest: a new source, an upgrade (e.g. to
    homicide), a cancellation, a retraction, a reinstatement."""

    kind: str
    entry: DigestEntry
    detail: str
    at: datetime


@dataclass(frozen=True)
class NeighbourhoodRepeat:
    """The repeat context of one neighbourhood with an activation."""

    code: str
    name: str
    area_class: str | None
    ccrp_30d: int
    same_type_30d: int | None
    recent: list[tuple[list[str], datetime | None]]
    from_event: bool


def day_window(day: date, tz: str) -> tuple[datetime, datetime]:
    """Start and end of a local calendar day (23 or 25 hours long on DST changes)."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DigestError(f"unknown time zone {tz!r}") from exc
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def short_type(event: ActivationEvent) -> str:
    """``ca.toronto.ccrp.activation.updated`` -> ``updated``."""
    return event.type.value.rsplit(".", 1)[-1]


def entry_for(
    incident: Incident, tz: ZoneInfo, activation: ActivationEvent | None = None
) -> DigestEntry:
    """The digest view of one incident; a withheld incident shows its generated summary."""
    withheld = is_withheld(incident)
    location = incident.location
    hood = location.neighbourhood
    sources = [
        SourceLink(
            clean_text(r.source, 60),
            None if withheld else clean_text(r.title) or None,
            None if withheld else safe_url(r.url),
        )
        for r in incident.reports
    ]
    data = activation.ccrp if activation else None
    if data and not sources and not withheld:
        sources = [SourceLink("link", None, safe_url(url)) for url in data.report_urls]

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(tz) if value else None

    return DigestEntry(
        incident_id=incident.incident_id,
        types=list(incident.types),
        area=clean_text(area_of(incident), 120),
        area_class=CLASS_LABELS.get(hood.classification or "") if hood else None,
        location_text=None if withheld else clean_text(location.text) or None,
        precision="neighbourhood" if withheld and hood else location.precision.value,
        occurred_at=local(incident.occurred_at),
        first_seen=incident.first_seen.astimezone(tz),
        sources=sources,
        report_count=len(incident.reports),
        withheld=withheld,
        summary=clean_text(generated_summary(incident, str(tz))) if withheld else None,
        lat=None if withheld else location.lat,
        lon=None if withheld else location.lon,
        neighbourhood_code=hood.code if hood else None,
        status=incident.status.value,
        in_area=incident.in_area,
        municipality=incident.municipality,
        activation=short_type(activation) if activation else None,
        window_opens=local(data.window_opens_at) if data else None,
        window_closes=local(data.window_closes_at) if data else None,
        priority=data.priority if data else None,
        supports=list(data.supports) if data else [],
        context=data.neighbourhood_context if data else None,
    )


def incident_from_activation(event: ActivationEvent) -> Incident:
    """The incident an activation describes, for one whose row was never stored."""
    data = event.ccrp
    return Incident(
        incident_id=data.incident_id,
        version=data.incident_version,
        types=data.types,
        occurred_at=data.occurred_at,
        location=data.location,
        in_area=True,
        reports=[],
        first_seen=event.time,
        last_seen=event.time,
    )


def latest_per_incident(events: list[ActivationEvent]) -> dict[str, ActivationEvent]:
    """The newest CCRP event of each incident (other programs' events are left out)."""
    latest: dict[str, ActivationEvent] = {}
    for event in events:
        if not event.is_ccrp:
            continue
        data = event.ccrp
        kept = latest.get(data.incident_id)
        if kept is None or (data.incident_version, event.time) >= (
            kept.ccrp.incident_version,
            kept.time,
        ):
            latest[data.incident_id] = event
    return latest
