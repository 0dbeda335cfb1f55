"""Raw reports for the classifier tests."""

from __future__ import annotations

from datetime import datetime

from schemas import RawReport, SourceKind

PUBLISHED = datetime.fromisoformat("2026-07-11T03:35:00+00:00")  # Friday 23:35 in Toronto


def news(title: str, body: str = "", published: datetime = PUBLISHED) -> RawReport:
    return RawReport(
        source="citynews",
        source_kind=SourceKind.NEWS,
        item_id=str(abs(hash((title, body)))),
        title=title,
        body=body,
        published_at=published,
        collected_at=published,
    )


def police_call(code: str, lat: float = 43.70, lon: float = -79.40) -> RawReport:
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=f"tps_{code}",
        title=f"{code} - JANE ST - FINCH AVE W",
        source_category=code,
        lat=lat,
        lon=lon,
        occurred_at=PUBLISHED,
        collected_at=PUBLISHED,
    )


def fire_event(event_type: str) -> RawReport:
    return RawReport(
        source="tfs",
        source_kind=SourceKind.MUNICIPAL,
        item_id=f"F{abs(hash(event_type))}",
        title=f"{event_type} - PAPE AVE & LIPTON AVE",
        source_category=event_type,
        lat=43.68,
        lon=-79.35,
        occurred_at=PUBLISHED,
        collected_at=PUBLISHED,
    )
