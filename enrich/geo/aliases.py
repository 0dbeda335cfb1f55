"""Street names hidden inside other names: highway ramps, highways, trails named after streets.

``"401 C W WILSON AV RAMP"`` is the ramp between Highway 401 and Wilson Avenue;
``"HWY 401 E EXPRESS"`` is Highway 401; ``"DUNN AVENUE PARKETTE TRL"`` lies on Dunn Avenue;
``"KIPLING AVE BICYCLE TRL"`` follows Kipling Avenue. The names derived here are extra
candidates: the full name is still tried first, since feeds teach the gazetteer ramps too.
"""

from __future__ import annotations

import re

from enrich.geo.streets import normalise_street

# Short forms of the highways in ramp names -> the base name the gazetteer files them under.
HIGHWAY_NAMES: dict[str, str] = {
    "DVP": "DON VALLEY",
    "GARDINER": "GARDINER",
    "ALLEN": "WILLIAM R ALLEN",
    "LAKESHORE": "LAKE SHORE",
    "QEW": "QUEEN ELIZABETH",
}
# Ramp-name words that are not part of either street's name.
_RAMP_NOISE = {
    "RAMP",
    "ON",
    "OFF",
    "ACCESS",
    "C",
    "X",
    "XY",
    "HS",
    "NB",
    "SB",
    "EB",
    "WB",
    "N",
    "S",
    "E",
    "W",
    "EXPRESS",
    "COLLECTOR",
}
# Type words that mark a road in a path's name; "GROVE", "GARDENS" and the like name parks.
_ROAD_TYPES = {"STREET", "ST", "AVENUE", "AVE", "ROAD", "RD", "BOULEVARD", "BLVD", "DRIVE", "DR"}
_NUMBERED = re.compile(r"^(?:HWY|HIGHWAY)\s+(?P<n>\d{1,3}[A-Z]?)\b(?P<rest>.*)$")
_HIGHWAY_NUMBER = re.compile(r"^\d{1,3}[A-Z]?$")
# "<NAME> <TYPE WORD> <PARKETTE|PARK|BICYCLE|...> <TRL|LANE>": a path named after a street.
_NAMED_AFTER = re.compile(
    r"^(?P<street>.+?\s(?P<type>[A-Z]+))\s(?:PARKETTE|PARK|BICYCLE|MULTI-USE|PLAYGROUND)?\s?"
    r"(?:TRL|TRAIL|LANE)$"
)


def _highway(number: str) -> str:
    return f"{number} HWY"


def ramp_streets(name: str) -> list[str]:
    """The streets a ramp joins, in name order: ``"LAWRENCE E DVP S RAMP"`` ->
    ``["LAWRENCE", "DON VALLEY"]``; highways by number (``"401 HWY"``)."""
    words = name.split()
    if "RAMP" not in words:
        return []
    runs: list[list[str]] = [[]]
    for word in words:
        if word in _RAMP_NOISE:
            runs.append([])
        elif _HIGHWAY_NUMBER.match(word):
            runs.extend([[_highway(word)], []])
        else:
            runs[-1].append(word)
    streets = []
    for run in runs:
        if not run:
            continue
        text = " ".join(run)
        street = HIGHWAY_NAMES.get(text) or normalise_street(text.replace(" AV", " AVE"))
        if street and street not in streets:
            streets.append(street)
    return streets


def derived_streets(name: str) -> list[str]:
    """Other names under which a canonical street name can be found (possibly none)."""
    if ramp := ramp_streets(name):
        return ramp
    if numbered := _NUMBERED.match(name):
        return [_highway(numbered["n"])]
    first = name.split()[0] if name else ""
    if _HIGHWAY_NUMBER.match(first) and len(name.split()) > 1 and name != _highway(first):
        return [_highway(first)]  # "401 HWY E EXPRESS", "401 X W 401 C W", "427 C N"
    if (named := _NAMED_AFTER.match(name)) and named["type"] in _ROAD_TYPES:
        street = normalise_street(named["street"])
        return [street] if street != name else []
    return []
