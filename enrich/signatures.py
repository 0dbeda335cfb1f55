"""Matching signatures: the time, place and labels of one report, in comparable form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from enrich.affinity import validate_types
from schemas import EnrichedReport, Incident, Precision, SourceKind

STRUCTURED_KINDS = frozenset({SourceKind.POLICE, SourceKind.MUNICIPAL})
STRUCTURED_SLACK = timedelta(minutes=45)  # a call's time is when it was placed
EXTRACTED_SLACK = timedelta(hours=3)  # "late Friday night", "just after 11 p.m."
FOLLOW_UP_EXTRACTED_SLACK = timedelta(hours=36)  # "last Tuesday", "on May 18"
AHEAD_SLACK = timedelta(hours=1)

_STREET_WORDS = frozenset(
    {
        *("st", "street", "streets", "ave", "av", "avenue", "avenues", "rd", "road", "roads"),
        *("blvd", "boulevard", "dr", "drive", "cres", "crescent", "crt", "ct", "court"),
        *("ln", "lane", "pl", "place", "pkwy", "parkway", "trl", "trail", "sq", "square"),
        *("cir", "circle", "terr", "terrace", "gt", "gate", "hwy", "highway", "way"),
        *("grv", "grove", "gdns", "gardens"),
    }
)
# Words that say nothing about which street: directions, connectors, the City's districts.
_GENERIC = frozenset(
    {
        *("e", "w", "n", "s", "east", "west", "north", "south", "intersection"),
        *("the", "of", "at", "near", "area", "in", "on", "by", "toronto", "ontario"),
        *("york", "scarborough", "etobicoke", "downtown"),
    }
)
# Area names as news copy uses them, by the part of the City they lie in; two names in
# different parts cannot describe one place. Names not listed are never a conflict.
_REGIONS = {
    "north york": ("north york", "willowdale", "don mills", "downsview", "jane and finch"),
    "scarborough": ("scarborough", "malvern", "agincourt", "west hill", "scarborough village"),
    "etobicoke": ("etobicoke", "rexdale", "mimico", "long branch", "new toronto", "islington"),
    "york": ("york", "weston", "mount dennis"),
    "core": (
        *("downtown", "midtown", "old toronto", "toronto and east york", "east york"),
        *("parkdale", "leslieville", "liberty village", "chinatown", "the annex"),
    ),
}
REGION_OF = {name: region for region, names in _REGIONS.items() for name in names}
_PARTS = re.compile(r" - |&|/|,|\(|\)| and | at | near ")
_STREETISH = re.compile(r" - |&| and ")
_WORD = re.compile(r"[a-z][a-z'.]*")


@dataclass(frozen=True, slots=True)
class Signature:
    """What matching needs to know of one contributing report."""

    source: str
    types: frozenset[str]
    lo: float  # POSIX seconds: plausible event time from lo to hi
    hi: float
    precise: bool
    anchor: float  # when the report itself appeared
    is_follow_up: bool
    lat: float | None
    lon: float | None
    precision: Precision
    neighbourhood: str | None
    district: str | None
    region: str | None
    streets: frozenset[str]
    area: bool | None
    municipality: str | None


def place_key(name: str | None) -> str | None:
    """Comparable form of a district or municipality name."""
    if not name:
        return None
    key = re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()
    return key or None


def street_tokens(text: str | None) -> frozenset[str]:
    """Distinctive street-name words of a location text ("Church and Adelaide Streets")."""
    if not text:
        return frozenset()
    lowered = text.casefold()
    words = {w.strip("'.") for w in _WORD.findall(lowered)}
    if not words & _STREET_WORDS and not _STREETISH.search(lowered):
        return frozenset()  # a place name ("North York"), not streets
    tokens: set[str] = set()
    for part in _PARTS.split(lowered):
        names = [w.strip("'.") for w in _WORD.findall(part)]
        names = [w for w in names if w not in _GENERIC]
        while len(names) > 1 and names[-1] in _STREET_WORDS:
            names.pop()  # "court st" keeps "court", "adelaide streets" keeps "adelaide"
        if len(names) > 1 and names[0] in ("ln", "lane"):
            names = names[1:]  # TPS lanes: "LN N DUNDAS W SHERBOURNE"
        tokens.update(w for w in names if len(w) > 1)
    return frozenset(tokens)


def report_area(er: EnrichedReport) -> bool | None:
    """In the City? An explicit out-of-City classification or location wins."""
    cls, loc = er.classification, er.location
    if cls.in_area is False or loc.in_city is False:
        return False
    if cls.in_area or loc.in_city:
        return True
    return None


def event_interval(
    er: EnrichedReport, lag_window: timedelta, follow_up_window: timedelta, follow_up: bool
) -> tuple[datetime, datetime, bool]:
    """(earliest, latest, precise) plausible time of the event a report describes."""
    report = er.report
    limit = report.collected_at + AHEAD_SLACK  # times in the future are not credible
    extracted = er.classification.attributes.occurred_at
    when: datetime | None
    if report.occurred_at and report.source_kind in STRUCTURED_KINDS:
        when, slack = report.occurred_at, STRUCTURED_SLACK
    elif extracted:
        when = extracted
        slack = FOLLOW_UP_EXTRACTED_SLACK if follow_up else EXTRACTED_SLACK
    elif report.occurred_at:
        when, slack = report.occurred_at, EXTRACTED_SLACK
    else:
        when, slack = None, timedelta(0)
    if when is not None and when <= limit:
        return when - slack, when + slack, not follow_up
    anchor = report.published_at or report.collected_at
    back = follow_up_window if follow_up else lag_window
    return anchor - back, anchor + AHEAD_SLACK, False


def signature_of(
    er: EnrichedReport, lag_window: timedelta, follow_up_window: timedelta, follow_up: bool
) -> Signature:
    """Signature of one enriched report (``follow_up`` widens its time interval)."""
    loc, cls, report = er.location, er.classification, er.report
    lo, hi, precise = event_interval(er, lag_window, follow_up_window, follow_up)
    return Signature(
        source=report.source,
        types=validate_types(cls.types or ["other"]),
        lo=lo.timestamp(),
        hi=hi.timestamp(),
        precise=precise,
        anchor=(report.published_at or report.occurred_at or report.collected_at).timestamp(),
        is_follow_up=follow_up,
        lat=loc.lat,
        lon=loc.lon,
        precision=loc.precision,
        neighbourhood=loc.neighbourhood.code if loc.neighbourhood else None,
        district=place_key(loc.district),
        region=REGION_OF.get(place_key(loc.district) or ""),
        streets=street_tokens(loc.text) or street_tokens(report.location_text),
        area=report_area(er),
        municipality=place_key(cls.municipality),
    )


def incident_signature(
    incident: Incident, lag_window: timedelta, follow_up_window: timedelta
) -> Signature:
    """One signature standing for an incident rehydrated from the store."""
    loc = incident.location
    if incident.occurred_at is not None:
        lo, hi = incident.occurred_at - EXTRACTED_SLACK, incident.occurred_at + EXTRACTED_SLACK
        precise = not incident.is_follow_up
    else:
        back = follow_up_window if incident.is_follow_up else lag_window
        lo, hi, precise = incident.first_seen - back, incident.last_seen + AHEAD_SLACK, False
    return Signature(
        source=incident.reports[0].source if incident.reports else "",
        types=validate_types(incident.types),
        lo=lo.timestamp(),
        hi=hi.timestamp(),
        precise=precise,
        anchor=incident.first_seen.timestamp(),
        is_follow_up=incident.is_follow_up,
        lat=loc.lat,
        lon=loc.lon,
        precision=loc.precision,
        neighbourhood=loc.neighbourhood.code if loc.neighbourhood else None,
        district=place_key(loc.district),
        region=REGION_OF.get(place_key(loc.district) or ""),
        streets=street_tokens(loc.text),
        area=incident.in_area,
        municipality=place_key(incident.municipality),
    )
