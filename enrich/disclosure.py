"""What an event sent to the case system may show of an incident (``schemas.privacy``).

For a withheld incident the event carries the generated summary (type, area, time), no
report links, no location text, and no place finer than the neighbourhood: the location
keeps the neighbourhood, district and in-City flag, and drops coordinates and street text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from schemas import Incident, Location, Precision
from schemas.privacy import generated_summary, is_withheld

FINER_THAN_NEIGHBOURHOOD = frozenset({Precision.ADDRESS, Precision.INTERSECTION})


@dataclass(frozen=True)
class Disclosure:
    """The parts of an incident an event shows."""

    summary: str
    location: Location
    report_urls: list[str]
    withheld: bool


def coarse_location(location: Location) -> Location:
    """The location with nothing finer than its neighbourhood (or district, or city)."""
    precision = location.precision
    if precision in FINER_THAN_NEIGHBOURHOOD:
        if location.neighbourhood is not None:
            precision = Precision.NEIGHBOURHOOD
        elif location.district:
            precision = Precision.DISTRICT
        else:
            precision = Precision.CITY if location.in_city else Precision.UNKNOWN
    return Location(
        precision=precision,
        neighbourhood=location.neighbourhood,
        district=location.district,
        in_city=location.in_city,
    )


def shown_location(incident: Incident) -> Location:
    """The location an event shows: coarse for a withheld incident, whole otherwise."""
    return coarse_location(incident.location) if is_withheld(incident) else incident.location


def disclose(incident: Incident, summary: Callable[[Incident], str]) -> Disclosure:
    """Summary, location and links as the withholding rule allows them."""
    if is_withheld(incident):
        return Disclosure(
            summary=generated_summary(incident),
            location=shown_location(incident),
            report_urls=[],
            withheld=True,
        )
    return Disclosure(
        summary=summary(incident),
        location=incident.location,
        report_urls=[r.url for r in incident.reports if r.url],
        withheld=False,
    )
