"""Names of areas in and around the City, and which of them cannot be one place.

Districts: news copy names the former municipalities ("North York") and everyday areas
("Rexdale", "downtown"); two names in different parts of the City conflict, names not
listed never do. Outside the City a report may name a town ("Ajax") or its regional
municipality ("Durham Region"); a town and its own region do not conflict.
"""

from __future__ import annotations

import re

from schemas import EnrichedReport, Precision

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
# Regional municipalities around the City and their towns: a report may name either.
_UPPER_TIER = {
    "peel region": ("mississauga", "brampton", "caledon"),
    "york region": (
        *("vaughan", "markham", "richmond hill", "newmarket", "aurora"),
        *("whitchurch stouffville", "king", "east gwillimbury", "georgina"),
    ),
    "durham region": (
        *("pickering", "ajax", "whitby", "oshawa", "clarington"),
        *("uxbridge", "scugog", "brock"),
    ),
    "halton region": ("oakville", "burlington", "milton", "halton hills"),
}
UPPER_TIER_OF = {town: tier for tier, towns in _UPPER_TIER.items() for town in towns}


def municipalities_conflict(a: str | None, b: str | None) -> bool:
    """True when two municipality names cannot be the same place ("Ajax" vs "Pickering");
    a town and its region ("Mississauga", "Peel Region") do not conflict."""
    if not a or not b or a == b:
        return False
    return UPPER_TIER_OF.get(a) != b and UPPER_TIER_OF.get(b) != a


def place_key(name: str | None) -> str | None:
    """Comparable form of a district or municipality name."""
    if not name:
        return None
    key = re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()
    return key or None


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
