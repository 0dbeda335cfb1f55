"""Small builders of schema objects for the resolution, routing and activation tests.

Places are public street intersections with approximate coordinates; the texts are
written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from schemas import (
    Attributes,
    Classification,
    EnrichedReport,
    Location,
    Neighbourhood,
    Precision,
    RawReport,
    SourceKind,
)

_ids = count(1)

# (lat, lon) of a few Toronto places.
COURT_ADELAIDE = (43.650477, -79.374628)
CHURCH_ADELAIDE = (43.650760, -79.373900)
SHERBOURNE_DUNDAS = (43.658297, -79.371003)
JANE_SHEPPARD = (43.743300, -79.511500)
NORTH_YORK_CENTRE = (43.767600, -79.412800)
KENNEDY_EGLINTON = (43.726600, -79.263700)

DOWNTOWN_HOOD = Neighbourhood(code="168", name="Downtown Yonge East", classification=None)
MOSS_PARK = Neighbourhood(code="073", name="Moss Park", classification="Emerging Neighbourhood")
GLENFIELD = Neighbourhood(
    code="025", name="Glenfield-Jane Heights", classification="Neighbourhood Improvement Area"
)


def utc(text: str) -> datetime:
    """An aware UTC datetime from ``YYYY-MM-DDTHH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def place(
    point: tuple[float, float] | None,
    precision: Precision,
    text: str | None = None,
    hood: Neighbourhood | None = None,
    district: str | None = None,
    in_city: bool | None = True,
) -> Location:
    lat, lon = point if point else (None, None)
    return Location(
        lat=lat,
        lon=lon,
        precision=precision,
        text=text,
        neighbourhood=hood,
        district=district,
        in_city=in_city,
    )


def enriched(
    report: RawReport,
    types: list[str],
    location: Location | None = None,
    *,
    follow_up: bool = False,
    in_area: bool | None = True,
    municipality: str | None = "Toronto",
    occurred_at: datetime | None = None,
    occurred_at_text: str | None = None,
    fatalities: int | None = None,
    injured: int | None = None,
    weapon: str | None = None,
    notes: list[str] | None = None,
) -> EnrichedReport:
    classification = Classification(
        types=types,
        attributes=Attributes(
            fatalities=fatalities,
            injured=injured,
            weapon=weapon,
            occurred_at=occurred_at,
            occurred_at_text=occurred_at_text,
        ),
        is_follow_up=follow_up,
        in_area=in_area,
        municipality=municipality,
        notes=notes or [],
    )
    return EnrichedReport(
        report=report,
        classification=classification,
        location=location or Location(),
        content_hash=f"hash-{report.report_id}",
    )


def police_call(
    code: str,
    at: datetime,
    point: tuple[float, float],
    text: str,
    types: list[str],
    hood: Neighbourhood | None = None,
    item_id: str | None = None,
) -> EnrichedReport:
    report = RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=item_id or f"call-{next(_ids)}",
        title=f"{code} {text}",
        occurred_at=at,
        location_text=text,
        lat=point[0],
        lon=point[1],
        source_category=code,
        collected_at=at + timedelta(minutes=5),
    )
    located = place(point, Precision.INTERSECTION, text, hood)  # by the call's own point
    return enriched(report, types, located.model_copy(update={"geocoder": "source"}))


def news(
    source: str,
    published: datetime,
    types: list[str],
    location: Location | None = None,
    *,
    item_id: str | None = None,
    title: str = "Police investigating an incident",
    collected_after: timedelta = timedelta(minutes=10),
    **classification: Any,
) -> EnrichedReport:
    item = item_id or f"story-{next(_ids)}"
    report = RawReport(
        source=source,
        source_kind=SourceKind.NEWS,
        item_id=item,
        url=f"https://{source}.example.org/news/{item}",
        title=title,
        body="Written for tests.",
        published_at=published,
        collected_at=published + collected_after,
    )
    return enriched(report, types, location, **classification)


# -- scenarios from the real feeds, re-told ---------------------------------------------


def church_stabbing() -> tuple[EnrichedReport, EnrichedReport]:
    """A stabbing call at Court St and Adelaide, then the story forty minutes later."""
    call = police_call(
        "STA",
        utc("2026-07-14T22:26"),
        COURT_ADELAIDE,
        "COURT ST - ADELAIDE ST E",
        ["stabbing"],
        DOWNTOWN_HOOD,
    )
    story = news(
        "citynews",
        utc("2026-07-14T23:06"),
        ["stabbing"],
        place(
            CHURCH_ADELAIDE,
            Precision.INTERSECTION,
            "Church and Adelaide Streets",
            DOWNTOWN_HOOD,
        ),
        occurred_at=utc("2026-07-14T22:28"),
        injured=1,
        weapon="knife",
    )
    return call, story


def sherbourne_stabbing() -> tuple[EnrichedReport, EnrichedReport]:
    """A second stabbing about a kilometre away, two hours later."""
    call = police_call(
        "STA",
        utc("2026-07-15T00:37"),
        SHERBOURNE_DUNDAS,
        "DUNDAS ST E - LN N DUNDAS W SHERBOURNE",
        ["stabbing"],
        MOSS_PARK,
    )
    story = news(
        "citynews",
        utc("2026-07-15T01:06"),
        ["stabbing"],
        place(
            SHERBOURNE_DUNDAS, Precision.INTERSECTION, "Sherbourne and Dundas Streets", MOSS_PARK
        ),
        injured=1,
    )
    return call, story


def jane_sheppard_shooting() -> tuple[EnrichedReport, EnrichedReport]:
    """One outlet names the intersection, the other only the district, hours later."""
    citynews = news(
        "citynews",
        utc("2026-07-11T03:50"),
        ["shooting", "homicide"],
        place(
            JANE_SHEPPARD,
            Precision.INTERSECTION,
            "Jane Street and Sheppard Avenue",
            GLENFIELD,
            "North York",
        ),
        occurred_at=utc("2026-07-11T03:05"),
        fatalities=1,
        injured=2,
    )
    cbc = news(
        "cbc-toronto",
        utc("2026-07-11T12:23"),
        ["shooting", "homicide"],
        place(NORTH_YORK_CENTRE, Precision.DISTRICT, "North York", None, "North York"),
        fatalities=1,
        injured=1,
    )
    return citynews, cbc
