"""A builder of resolved incidents for the rule tables of the case-system contract."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from schemas import (
    Attributes,
    ContributingReport,
    Incident,
    Location,
    Neighbourhood,
    Precision,
    SourceKind,
)
from tests.enrich.factories import GLENFIELD, utc

_ids = count(1)
AT = utc("2026-07-14T22:00")


def incident(
    types: list[str],
    *,
    at: datetime = AT,
    hood: Neighbourhood | None = GLENFIELD,
    fatalities: int | None = None,
    injured: int | None = None,
    youth: bool | None = None,
    weapon: str | None = None,
    in_area: bool | None = True,
    follow_up: bool = False,
    incident_id: str | None = None,
    version: int = 1,
    title: str = "Police investigating an incident",
) -> Incident:
    """One incident at a street corner of ``hood`` (a news report and its link)."""
    iid = incident_id or f"inc-{next(_ids)}"
    report = ContributingReport(
        report_id=f"news:{iid}",
        source="news",
        source_kind=SourceKind.NEWS,
        url=f"https://news.example.org/{iid}",
        title=title,
        collected_at=at + timedelta(minutes=20),
    )
    return Incident(
        incident_id=iid,
        version=version,
        types=types,
        attributes=Attributes(
            fatalities=fatalities, injured=injured, youth_involved=youth, weapon=weapon
        ),
        occurred_at=at,
        location=Location(
            lat=43.7433,
            lon=-79.5115,
            precision=Precision.INTERSECTION,
            text="Jane Street and Sheppard Avenue",
            neighbourhood=hood,
            in_city=True,
        ),
        in_area=in_area,
        municipality="Toronto",
        is_follow_up=follow_up,
        reports=[report],
        first_seen=at + timedelta(minutes=20),
        last_seen=at + timedelta(minutes=20),
    )
