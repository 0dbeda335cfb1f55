"""Names of areas in and around the City, and which of them cannot be one place.

Districts: news copy names the former municipalities ("North York") and everyday areas
("Rexdale", "downtown"); two names in different parts of the City conflict, names not
listed never do. Outside the City a report may name a town ("Ajax") or its regional
municipality ("Durham Region"); a town and its own region do not conflict.
"""

from __future__ import annotations

import re

from schemas import EnrichedReport, Precision
from schemas.geography import AREA_PART, OUTSIDE_MUNICIPALITIES, outside_places


def place_key(name: str | None) -> str | None:
    """Comparable form of a district or municipality name."""
    if not name:
        return None
    key = re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()
    return key or None


# Area names as news copy uses them, by the part of the City they lie in (the old City and
# East York form one core); two names in different parts cannot describe one place. Names
# not listed are never a conflict.
_CORE = ("Toronto", "East York")


def _region_key(part: str) -> str:
    return "core" if part in _CORE else part.casefold()


REGION_OF: dict[str, str] = {
    place_key(name) or name: _region_key(part) for name, part in AREA_PART.items() if part
}
REGION_OF["toronto and east york"] = "core"
# Regional municipalities around the City and their towns: a report may name either.
UPPER_TIER_OF: dict[str, str] = {
    place_key(m.name) or m.name: place_key(m.region) or m.region
    for m in OUTSIDE_MUNICIPALITIES
    if m.region
}
# Communities inside an outside municipality ("Woodbridge" in Vaughan).
_MUNICIPALITY_OF: dict[str, str] = {
    place_key(name) or name: place_key(town) or town
    for name, town in outside_places().items()
    if name != town
}


def municipalities_conflict(a: str | None, b: str | None) -> bool:
    """True when two municipality names cannot be the same place ("Ajax" vs "Pickering");
    a town and its region ("Mississauga", "Peel Region") do not conflict."""
    if not a or not b or a == b:
        return False
    a, b = _MUNICIPALITY_OF.get(a, a), _MUNICIPALITY_OF.get(b, b)
    if a == b:
        return False
    return UPPER_TIER_OF.get(a) != b and UPPER_TIER_OF.get(b) != a


def report_municipality(er: EnrichedReport) -> str | None:
    """The most specific municipality a report names: the town its out-of-City location
    names ("Ajax") when the classification gives none or only its region."""
    named = place_key(er.classification.municipality)
    loc = er.location
    if loc.precision != Precision.CITY or loc.in_city is not False:
        return named
    town = place_key(loc.text)
    if town and (named is None or UPPER_TIER_OF.get(town) == named):
        return town
    return named
