"""Matching signatures: the time, place and labels of one report, in comparable form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from enrich.affinity import validate_types
from enrich.areas import REGION_OF, place_key, report_municipality
from enrich.details import NONE, Details, story_details
from enrich.timing import AHEAD_SLACK, STRUCTURED_KINDS, UNSTATED_SLACK, event_interval
from schemas import EnrichedReport, Incident, Location, Precision
from schemas.geography import report_in_city

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
_PARTS = re.compile(r" - |&|/|,|\(|\)| and | at | near ")
_STREETISH = re.compile(r" - |&| and ")
_WORD = re.compile(r"[a-z][a-z'.]*")


# The part of the City each of the 158 neighbourhoods lies in, by former municipality, so
# that a call's or a corner's point can be told from a story naming another district ("in
# Scarborough"). The parts are those of ``enrich.areas.REGION_OF`` (the old City and East
# York form one core). A neighbourhood that straddles two parts, or whose part is
# uncertain, has none: it never makes a conflict.
CORE, YORK, NORTH_YORK = "core", "york", "north york"
ETOBICOKE, SCARBOROUGH = "etobicoke", "scarborough"


def _codes(*ranges: tuple[int, int]) -> list[str]:
    return [f"{n:03d}" for lo, hi in ranges for n in range(lo, hi + 1)]


# Codes of the City's 158-neighbourhood scheme (2022), by the former municipality they lie in.
_CITY_PARTS: dict[str, list[str]] = {
    ETOBICOKE: _codes((1, 20), (158, 161)),
    NORTH_YORK: _codes((21, 27), (31, 43), (46, 53), (149, 155)),
    CORE: _codes((54, 90), (93, 103), (105, 105), (162, 174)),
    YORK: _codes((108, 115)),
    SCARBOROUGH: _codes((116, 148), (156, 157)),
}
# Straddling or uncertain: Rustic, Maple Leaf, Brookhaven-Amesbury, Pelmo Park-Humberlea
# (the York / North York line), Flemingdon Park (North York / East York),
# Weston-Pelham Park, Corso Italia-Davenport, Humewood-Cedarvale, Oakwood Village
# (York / the old City).
_UNSURE = frozenset({"023", "028", "029", "030", "044", "091", "092", "106", "107"})

PART_OF_NEIGHBOURHOOD: dict[str, str] = {
    code: part for part, codes in _CITY_PARTS.items() for code in codes if code not in _UNSURE
}


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
    structured: bool = False  # a police or fire feed's own point, not a story's wording
    feed: bool = False  # a police call or fire incident (any point), not a story
    code: str | None = None  # a feed's own category (call code, fire event type)
    details: Details = NONE  # what a story states: ages, names, vehicles, streets
    named_streets: frozenset[str] = frozenset()  # streets of its place and of its text


# A wounded-person call comes from wherever the victim is, often a hospital the victim
# reached on their own (labelling guideline): it fits a shooting or a stabbing.
CODE_TYPES = {"WOU": frozenset({"assault", "shooting", "stabbing"})}


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


def _region(loc: Location) -> str | None:
    """The part of the City a place lies in: its named district's, else its
    neighbourhood's."""
    named = REGION_OF.get(place_key(loc.district) or "")
    if named is not None or loc.neighbourhood is None or loc.neighbourhood.scheme != "158":
        return named
    return PART_OF_NEIGHBOURHOOD.get(loc.neighbourhood.code)


def report_area(er: EnrichedReport) -> bool | None:
    """In the City? The one rule of ``schemas.geography.report_in_city``."""
    return report_in_city(er.classification, er.location)


def signature_of(
    er: EnrichedReport, lag_window: timedelta, follow_up_window: timedelta, follow_up: bool
) -> Signature:
    """Signature of one enriched report (``follow_up`` widens its time interval)."""
    loc, cls, report = er.location, er.classification, er.report
    lo, hi, precise = event_interval(er, lag_window, follow_up_window, follow_up)
    feed = report.source_kind in STRUCTURED_KINDS
    code = ((report.source_category or "").strip().upper() or None) if feed else None
    details = NONE
    if not feed:
        anchor = report.published_at or report.collected_at
        counts = cls.attributes
        details = story_details(
            report.title, report.body, anchor.year, counts.fatalities, counts.injured
        )
        if details.past_year is not None:  # "a 2024 killing": the event lies in that year
            lo = datetime(details.past_year, 1, 1, tzinfo=UTC)
            hi, precise = datetime(details.past_year + 1, 1, 1, tzinfo=UTC), False
    types = validate_types(cls.types or ["other"]) | CODE_TYPES.get(code or "", frozenset())
    streets = street_tokens(loc.text) or street_tokens(report.location_text)
    return Signature(
        source=report.source,
        types=types,
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
        region=_region(loc),
        streets=streets,
        area=report_area(er),
        municipality=report_municipality(er),
        structured=feed and loc.geocoder == "source",
        feed=feed,
        code=code,
        details=details,
        named_streets=streets | details.streets,
    )


def incident_signature(
    incident: Incident, lag_window: timedelta, follow_up_window: timedelta
) -> Signature:
    """One signature standing for an incident rehydrated from the store."""
    loc = incident.location
    if incident.occurred_at is not None:
        lo, hi = incident.occurred_at - UNSTATED_SLACK, incident.occurred_at + UNSTATED_SLACK
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
        region=_region(loc),
        streets=street_tokens(loc.text),
        area=incident.in_area,
        municipality=place_key(incident.municipality),
        named_streets=street_tokens(loc.text),
    )
