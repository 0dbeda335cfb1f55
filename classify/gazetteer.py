"""Where a text places an incident: inside the City of Toronto, or another municipality.

Hand-written gazetteers of Toronto districts, neighbourhoods and landmarks and of the
surrounding municipalities and police services. Mentions of where a person is *from*
("a Brampton man", "of Mississauga") say nothing about where the incident happened and are
ignored; a police service investigating is strong evidence; the title weighs more.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from classify.caseless import caseless
from classify.places import (
    CITY_NEIGHBOURHOODS,
    NOT_TORONTO,
    OUTSIDE_ELSEWHERE,
    STREET_SUFFIXES,
    SUBWAY_STATIONS,
    TORONTO_STREET_NAMES,
)
from schemas.geography import (
    CITY,
    CITY_AREA_NAMES,
    CITY_LANDMARKS,
    CITY_SERVICES,
    FORMER_MUNICIPALITIES,
    OUTSIDE_LANDMARKS,
    outside_places,
    police_service_names,
)

TORONTO = CITY

# A place right before a person noun, or after "of"/"from", is where someone lives.
_PERSON_AFTER = caseless(
    r"^\W{0,3}(?:(?:ont|ontario|que|alta|b\.c)\W{0,3})?(?:-based\s+)?"
    r"(?:man|woman|men|women|teen|teenager|boy|girl|resident|residents|"
    r"couple|family|driver|youth|person|people|senior|father|mother|mom|dad|native|rapper|"
    r"mayor|councillor|MPP|MP|company|business|firm)\b"
)
_ORIGIN_BEFORE = caseless(r"\b(?:(?<!city )(?<!town )(?<!region )of|from|to|left|leave)\s+$")


class AreaVerdict(NamedTuple):
    """Whether the text places the incident in the City of Toronto, and which municipality."""

    in_area: bool | None
    municipality: str | None


_WORD = re.compile(r"[\w']+(?:-[\w']+)*")


def _normalise(text: str) -> str:
    return text.replace("\u2011", "-").replace("\u2019", "'").lower()


def _key(name: str) -> str:
    return " ".join(_WORD.findall(_normalise(name)))


_GAZETTEER: dict[str, tuple[str, str]] = {}
for _name in (*FORMER_MUNICIPALITIES, *CITY_AREA_NAMES, *CITY_LANDMARKS, *CITY_NEIGHBOURHOODS):
    _GAZETTEER[_key(_name)] = ("toronto_place", TORONTO)
# Every city has a downtown: the bare word is as weak as a street name.
for _name in ("Downtown", "Midtown"):
    _GAZETTEER[_key(_name)] = ("toronto_street", TORONTO)
for _name, _where in {**outside_places(), **OUTSIDE_LANDMARKS}.items():
    _GAZETTEER[_key(_name)] = ("other_place", _where)
for _name in OUTSIDE_ELSEWHERE:
    _GAZETTEER.setdefault(_key(_name), ("other_place", _name))
for _name in CITY_SERVICES:
    _GAZETTEER[_key(_name)] = ("toronto_service", TORONTO)
for _name, _where in police_service_names().items():
    _GAZETTEER[_key(_name)] = ("other_service", _where)
for _station in SUBWAY_STATIONS:
    for _form in ("station", "subway station", "TTC station"):
        _GAZETTEER.setdefault(_key(f"{_station} {_form}"), ("toronto_place", TORONTO))
for _street in TORONTO_STREET_NAMES:
    for _suffix in STREET_SUFFIXES:
        _GAZETTEER.setdefault(_key(f"{_street} {_suffix}"), ("toronto_street", TORONTO))
for _first in TORONTO_STREET_NAMES:
    for _second in TORONTO_STREET_NAMES:
        if _first != _second:
            _GAZETTEER.setdefault(_key(f"{_first} and {_second}"), ("toronto_street", TORONTO))
for _name in NOT_TORONTO:
    _GAZETTEER[_key(_name)] = ("ignore", "")
# Distinct entry lengths by first word, longest first: most words start no entry at all,
# and a street starts a hundred pairs of the same length.
_LENGTHS: dict[str, set[int]] = {}
for _entry in _GAZETTEER:
    _LENGTHS.setdefault(_entry.split()[0], set()).add(len(_entry.split()))
_BY_FIRST: dict[str, list[int]] = {k: sorted(v, reverse=True) for k, v in _LENGTHS.items()}


def _mentions(text: str) -> list[tuple[str, str, int, int]]:
    """Gazetteer mentions (kind, name, start, end), longest match first, left to right."""
    words = [
        (m.group(0).removesuffix("'s"), m.start(), m.end())
        for m in _WORD.finditer(_normalise(text))
    ]
    found = []
    i = 0
    while i < len(words):
        step = 1
        for n in _BY_FIRST.get(words[i][0], ()):
            entry = _GAZETTEER.get(" ".join(w for w, _, _ in words[i : i + n]))
            if entry and i + n <= len(words):
                found.append((entry[0], entry[1], words[i][1], words[i + n - 1][2]))
                step = n
                break
        i += step
    return found


def _is_origin(text: str, start: int, end: int) -> bool:
    return bool(_PERSON_AFTER.match(text[end : end + 40].lower())) or bool(
        _ORIGIN_BEFORE.search(text[max(0, start - 12) : start].lower())
    )


_WEIGHTS = {
    "toronto_service": 2.0,
    "other_service": 2.5,
    "toronto_place": 1.5,
    "other_place": 2.0,
    "toronto_street": 0.5,
}


def _score(text: str, weight: float, scores: dict[str, float]) -> None:
    for kind, name, start, end in _mentions(text):
        if kind == "ignore" or (kind.endswith("place") and _is_origin(text, start, end)):
            continue
        scores[name] = scores.get(name, 0.0) + _WEIGHTS[kind] * weight
    for name, start, end, strength in _elsewhere(text):
        if not _is_origin(text, start, end):
            scores[name] = scores.get(name, 0.0) + strength * weight


# A wire story's dateline says where it was filed: "WASHINGTON (AP) --", "KELOWNA, B.C. --",
# or "OTTAWA --" for a place the gazetteer knows to be outside.
_DATELINE = re.compile(
    r"^\W{0,3}(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"
    r"(?P<region>, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?\s*"
    r"(?P<agency>\((?:AP|CP|AFP|Reuters|The Canadian Press)\)\s*)?(?:[\u2014\u2013]|--?)"
)
# "Collingwood, Ont.": a town the gazetteer may not know, in Ontario and so not the City.
_ONTARIO_TOWN = re.compile(r"\b(?P<place>[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2}),\s+Ont\b\.?")


def _elsewhere(text: str) -> list[tuple[str, int, int, float]]:
    """Places outside the City named by their form rather than the gazetteer: (name, start,
    end, weight)."""
    found = []
    dateline = _DATELINE.match(text)
    if dateline:
        kind = _GAZETTEER.get(_key(dateline.group("place")), ("", ""))[0]
        plain = not dateline.group("agency") and not dateline.group("region")
        if not kind.startswith("toronto") and (kind == "other_place" or not plain):
            found.append((dateline.group("place").title(), 0, dateline.end(), 4.0))
    for match in _ONTARIO_TOWN.finditer(text):
        kind = _GAZETTEER.get(_key(match.group("place")), ("", ""))[0]
        if not kind:
            found.append(
                (match.group("place"), match.start(), match.end(), _WEIGHTS["other_place"])
            )
    return found


def place_incident(title: str, body: str) -> AreaVerdict:
    """Decide in-area from the title (weighted double) and the body of a report."""
    scores: dict[str, float] = {}
    _score(title, 2.0, scores)
    _score(body, 1.0, scores)
    toronto = scores.pop(TORONTO, 0.0)
    if not scores and not toronto:
        return AreaVerdict(None, None)
    other = sum(scores.values())
    if other > toronto:
        # Name the municipality rather than its region when the text gives both.
        places = {k: v for k, v in scores.items() if not k.endswith(" Region")} or scores
        return AreaVerdict(False, max(places, key=lambda k: places[k]))
    return AreaVerdict(True, TORONTO)
