"""What goes into the daily digest: incidents of one local day, sorted into sections.

Every entry is already safe to print: for sensitive incidents (intimate-partner violence,
sexual assault) it carries only the types and the area, never titles, addresses or links
that could name the people involved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schemas import ActivationEvent, Incident, Location
from sinks.errors import DigestError
from sinks.store import Store

SENSITIVE_TYPES = frozenset({"intimate_partner_violence", "sexual_assault"})
CLASS_LABELS = {"NIA": "Neighbourhood Improvement Area", "Emerging": "Emerging Neighbourhood"}


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
    redacted: bool
    lat: float | None
    lon: float | None
    neighbourhood_code: str | None
    status: str
    in_area: bool | None
    municipality: str | None
    activation: str | None = None
    window_opens: datetime | None = None
    window_closes: datetime | None = None

    @property
    def primary_type(self) -> str:
        return self.types[0] if self.types else "other"


@dataclass
class DigestContent:
    """The sections of one day's digest, times already in the local zone."""

    day: date
    tz: str
    start: datetime
    end: datetime
    activations: list[DigestEntry] = field(default_factory=list)
    in_city: dict[str, list[DigestEntry]] = field(default_factory=dict)
    out_of_area: list[DigestEntry] = field(default_factory=list)
    follow_ups: list[DigestEntry] = field(default_factory=list)

    def all_entries(self) -> list[DigestEntry]:
        grouped = [e for entries in self.in_city.values() for e in entries]
        return self.activations + grouped + self.out_of_area + self.follow_ups


def day_window(day: date, tz: str) -> tuple[datetime, datetime]:
    """Start and end of a local calendar day (23 or 25 hours long on DST changes)."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DigestError(f"unknown time zone {tz!r}") from exc
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def _area(location: Location, municipality: str | None) -> tuple[str, str | None]:
    hood = location.neighbourhood
    if hood is not None:
        return f"{hood.name} ({hood.code})", CLASS_LABELS.get(hood.classification or "")
    return location.district or municipality or "unknown area", None


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("https://", "http://")) else None


def entry_for(
    incident: Incident, tz: ZoneInfo, activation: ActivationEvent | None = None
) -> DigestEntry:
    """The digest view of one incident, redacted when its types are sensitive."""
    redacted = bool(SENSITIVE_TYPES & set(incident.types))
    location = incident.location
    area, area_class = _area(location, incident.municipality)
    sources = [
        SourceLink(r.source, None if redacted else r.title, None if redacted else _safe_url(r.url))
        for r in incident.reports
    ]
    data = activation.ccrp if activation else None
    if data and not sources and not redacted:
        sources = [SourceLink("link", None, _safe_url(url)) for url in data.report_urls]

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(tz) if value else None

    return DigestEntry(
        incident_id=incident.incident_id,
        types=list(incident.types),
        area=area,
        area_class=area_class,
        location_text=None if redacted else location.text,
        precision="neighbourhood" if redacted and location.neighbourhood else location.precision,
        occurred_at=local(incident.occurred_at),
        first_seen=incident.first_seen.astimezone(tz),
        sources=sources,
        report_count=len(incident.reports),
        redacted=redacted,
        lat=None if redacted else location.lat,
        lon=None if redacted else location.lon,
        neighbourhood_code=location.neighbourhood.code if location.neighbourhood else None,
        status=incident.status.value,
        in_area=incident.in_area,
        municipality=incident.municipality,
        activation=activation.type.value if activation else None,
        window_opens=local(data.window_opens_at) if data else None,
        window_closes=local(data.window_closes_at) if data else None,
    )


def _incident_from_activation(event: ActivationEvent) -> Incident:
    # The case system may have an activation whose incident row was never stored.
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


def _latest_per_incident(events: list[ActivationEvent]) -> dict[str, ActivationEvent]:
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


def build_digest(
    store: Store, day: date, tz: str = "America/Toronto", until: datetime | None = None
) -> DigestContent:
    """Sort the day's incidents into activations, in-City, out-of-area and follow-ups.

    ``until`` makes it the 24 hours ending then (what the scheduled digest covers)
    instead of the local calendar day.
    """
    zone = ZoneInfo(tz)
    if until is None:
        start, end = day_window(day, tz)
    else:
        end = until.astimezone(zone)
        start = end - timedelta(hours=24)
    content = DigestContent(day=day, tz=tz, start=start, end=end)
    activated = _latest_per_incident(store.activations_between(start, end))
    for incident_id, event in activated.items():
        incident = store.get_incident(incident_id) or _incident_from_activation(event)
        content.activations.append(entry_for(incident, zone, event))
    in_city: dict[str, list[DigestEntry]] = defaultdict(list)
    for incident in store.incidents_between(start, end):
        if incident.incident_id in activated or set(incident.types) <= {"not_incident"}:
            continue
        entry = entry_for(incident, zone)
        if incident.is_follow_up:
            content.follow_ups.append(entry)
        elif incident.in_area is False:
            content.out_of_area.append(entry)
        else:
            in_city[entry.primary_type].append(entry)
    content.activations.sort(key=lambda e: e.occurred_at or e.first_seen)
    content.in_city = {t: in_city[t] for t in sorted(in_city, key=lambda t: (-len(in_city[t]), t))}
    return content
