"""Small builders of schema objects for the store and digest tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from schemas import (
    ActivationData,
    ActivationEvent,
    ActivationType,
    Classification,
    ContributingReport,
    DeadLetter,
    EnrichedReport,
    Incident,
    Location,
    Neighbourhood,
    Precision,
    RawReport,
    SourceKind,
)

T0 = datetime(2026, 7, 15, 16, 0, tzinfo=UTC)  # 12:00 in Toronto
JANE_FINCH = Neighbourhood(code="024", name="Black Creek", classification="NIA")


def location(
    lat: float | None = 43.7589,
    lon: float | None = -79.5197,
    text: str | None = "JANE ST - FINCH AVE W",
    hood: Neighbourhood | None = JANE_FINCH,
    precision: Precision = Precision.INTERSECTION,
) -> Location:
    return Location(
        lat=lat, lon=lon, text=text, neighbourhood=hood, precision=precision, in_city=True
    )


def raw_report(
    item_id: str = "1",
    source: str = "tps-calls",
    title: str = "Shooting at Jane and Finch",
    body: str = "",
    url: str | None = None,
    collected_at: datetime = T0,
    kind: SourceKind = SourceKind.POLICE,
) -> RawReport:
    return RawReport(
        source=source,
        source_kind=kind,
        item_id=item_id,
        url=url,
        title=title,
        body=body,
        published_at=collected_at - timedelta(minutes=5),
        occurred_at=collected_at - timedelta(minutes=30),
        location_text="JANE ST - FINCH AVE W",
        lat=43.7589,
        lon=-79.5197,
        source_category="SHO",
        raw={"call_type_code": "SHO"},
        collected_at=collected_at,
    )


def enriched(
    item_id: str = "1",
    types: tuple[str, ...] = ("shooting",),
    follow_up: bool = False,
    content_hash: str | None = None,
    **raw_kwargs: object,
) -> EnrichedReport:
    report = raw_report(item_id=item_id, **raw_kwargs)  # type: ignore[arg-type]
    digest = content_hash or hashlib.sha256(report.text.encode()).hexdigest()
    return EnrichedReport(
        report=report,
        classification=Classification(types=list(types), is_follow_up=follow_up, in_area=True),
        location=location(),
        content_hash=digest,
    )


def incident(
    incident_id: str = "inc-1",
    version: int = 1,
    types: tuple[str, ...] = ("shooting",),
    reports: tuple[EnrichedReport, ...] = (),
    first_seen: datetime = T0,
    last_seen: datetime | None = None,
    in_area: bool | None = True,
    follow_up: bool = False,
    loc: Location | None = None,
    municipality: str | None = "Toronto",
) -> Incident:
    ccrp = bool(set(types) & {"shooting", "stabbing", "homicide", "shots_fired"})
    return Incident(
        incident_id=incident_id,
        version=version,
        types=list(types),
        occurred_at=first_seen - timedelta(minutes=30),
        location=loc or location(),
        in_area=in_area,
        municipality=municipality,
        is_follow_up=follow_up,
        ccrp_eligible=ccrp and bool(in_area) and not follow_up,
        reports=[ContributingReport.of(er) for er in reports]
        or [ContributingReport.of(enriched())],
        first_seen=first_seen,
        last_seen=last_seen or first_seen,
    )


def activation(
    inc: Incident,
    kind: ActivationType = ActivationType.CREATED,
    time: datetime | None = None,
) -> ActivationEvent:
    occurred = inc.occurred_at
    return ActivationEvent(
        id=f"{inc.incident_id}:v{inc.version}:{kind.value}",
        type=kind,
        time=time or inc.last_seen,
        subject=inc.incident_id,
        data=ActivationData(
            incident_id=inc.incident_id,
            incident_version=inc.version,
            types=list(inc.types),
            occurred_at=occurred,
            window_opens_at=occurred + timedelta(hours=12) if occurred else None,
            window_closes_at=occurred + timedelta(hours=72) if occurred else None,
            location=inc.location,
            summary=", ".join(inc.types),
            report_urls=[r.url for r in inc.reports if r.url],
        ),
    )


def dead_letter(offset: int | None = 7, key: str | None = "tps-calls:9") -> DeadLetter:
    return DeadLetter(
        key=key,
        value_b64=DeadLetter.encode(b"{not json"),
        topic="incidents.raw.v1",
        partition=0,
        offset=offset,
        stage="classify",
        error="Expecting property name",
        error_type="JSONDecodeError",
        failed_at=T0,
    )
