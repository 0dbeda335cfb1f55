"""Stated details of a story that tell one incident from another: ages, proper names,
vehicles and parties, the streets it names anywhere, and a past year it dates the event to.

Two stories of one incident agree on what both state (the victim's age, a name, the dump
truck); two of different incidents the same night in one district state different ages or
parties. The extraction is plain regular expressions over the title and summary, run once
per report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.geography import FORMER_MUNICIPALITIES, OUTSIDE_MUNICIPALITIES, REGIONS

_AGE = re.compile(
    r"\b(\d{1,2})-year-olds?\b|\b(?:man|woman|boy|girl|teen|person|victim|driver|senior|"
    r"pedestrian|cyclist|motorcyclist|suspect|male|female),? (?:aged )?(\d{1,2})\b",
    re.I,
)
_NAMED_AGE = re.compile(r"\b[A-Z][\w'’-]+, (\d{1,2})(?=,| who\b| of\b| was\b| is\b)")
_DECADE = re.compile(r"\bin (?:his|her|their) (?:early |mid-|late )?(\d)0s\b", re.I)
_SEX = re.compile(
    r"\b(?:(man|men|boy|boys|male|father|son|husband)|(woman|women|girl|girls|female|mother|"
    r"daughter|wife))\b",
    re.I,
)
_TEEN = re.compile(r"\b(?:teen|teenage|teenager)s?\b", re.I)
_SUFFIXES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Crescent|Cres|Court|Crt|"
    "Lane|Parkway|Pkwy|Way|Trail|Place|Gate|Circle|Terrace|Gardens"
)
_SUFFIX = rf"(?:{_SUFFIXES})\b\.?"  # "Dixon Road": capitalised, as a name is written
_WORD = r"(?:St\.|[A-Z][\w'’-]*)"  # a capitalised word ("St. Clair"), not a sentence's end
_WORDS = rf"{_WORD}(?: {_WORD}){{0,2}}"
_STREET = re.compile(rf"\b({_WORDS}) {_SUFFIX}")
# "Yonge and Dundas streets": two names sharing a plural suffix, in any case
_STREET_PAIR = re.compile(rf"\b({_WORDS}) and ({_WORDS}) (?i:{_SUFFIXES})s\b")
_HIGHWAY = re.compile(r"\b(?:Highway|Hwy\.?) (\d{1,3}[A-Z]?)\b")
_PAST_YEAR = re.compile(
    r"\b(20[0-4]\d) (?:killing|shooting|stabbing|homicide|murder|death|crash|collision|fire|"
    r"attack|assault|robbery|case)s?\b|\b(?:killing|shooting|stabbing|homicide|murder|death|"
    r"crash|collision|fire|attack|assault|robbery)s? in (20[0-4]\d)\b",
    re.I,
)
_VEHICLES = {
    "dump truck": "dump truck", "pickup": "pickup", "suv": "suv", "ttc bus": "bus",
    "bus": "bus", "streetcar": "streetcar", "motorcycle": "motorcycle",
    "motorcyclist": "motorcycle", "e-bike": "e-bike", "scooter": "scooter",
    "cyclist": "bicycle", "bicycle": "bicycle", "bike": "bicycle",
    "transport truck": "truck", "tractor-trailer": "truck", "truck": "truck",
    "taxi": "taxi", "van": "van", "minivan": "van", "train": "train", "subway": "train",
}  # fmt: skip
_VEHICLE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _VEHICLES), key=len)[::-1]) + r")s?\b"
)
_KIND_OF = {"dump truck": "truck", "pickup": "truck"}  # "a dump truck", later "the truck"
# Who was hurt on the road: a pedestrian and a cyclist are two different crashes.
_PARTY = re.compile(r"\b(pedestrian|cyclist|motorcyclist)s?\b")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*\.?")
_AREA_WORDS = {
    w
    for name in (*FORMER_MUNICIPALITIES, *REGIONS, *(m.name for m in OUTSIDE_MUNICIPALITIES))
    for w in name.casefold().split()
}
# Capitalised words that name no one thing: sentence openers, services, days, titles.
_STOP_WORDS = """
a an the and of in on at to for by with from after before as but or no not his her their
he she they it its this that these those there here one two three four five six seven eight
nine ten several many some all both police officers investigators paramedics crews emergency
fire firefighters services service regional provincial city council mayor premier ontario
canada canadian gta toronto metrolinx ttc go cbc citynews news reporter monday tuesday
wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec north
south east west northern southern eastern western downtown det const sgt insp staff chief mr
ms mrs dr st update updated breaking video watch man woman men women boy girl teen people
person family friends residents witnesses officials authorities anyone someone nobody
homicide unit squad marshal office hospital court judge crown justice superior york
hall centre center station plaza mall square school church
"""
_STOP = _AREA_WORDS | set(_STOP_WORDS.split())
_RANK_WORDS = "const sgt det insp supt chief spokesperson constable sergeant detective"
_RANKS = set(_RANK_WORDS.split())


@dataclass(frozen=True, slots=True)
class Details:
    """What a story states that could tell its incident apart."""

    ages: frozenset[int] = frozenset()
    decades: frozenset[int] = frozenset()  # "in his 40s": 40
    names: frozenset[str] = frozenset()  # proper names: people, venues, parks
    vehicles: frozenset[str] = frozenset()  # dump truck, streetcar, motorcycle
    parties: frozenset[str] = frozenset()  # pedestrian, cyclist, motorcyclist
    streets: frozenset[str] = frozenset()  # street-name words named anywhere in the text
    past_year: int | None = None  # "a 2024 killing": the event lies in that year
    fatalities: int | None = None
    injured: int | None = None  # 0: the story says no one was hurt
    sex: str | None = None  # of the first person the title names ("Woman, 51, hurt ...")


NONE = Details()


def _names(text: str) -> set[str]:
    """Runs of capitalised words that are not sentence-initial single words, street names,
    area names or common words: people, venues, parks ("Marcus Bellamy", "High Park")."""
    found: set[str] = set()
    run: list[str] = []
    initial = True  # the run started a sentence
    start_next = True  # the next word starts a sentence
    for token in text.split():
        word = token.strip("\"'“”‘’()[]:;,!?").rstrip(".")
        capital = bool(_CAPITALISED.fullmatch(word)) and not re.search(r"\d", word)
        if word.casefold() in _RANKS:  # "Const. Jane Doe": the officer quoted, not a party
            found.update(_run_key(run, initial and len(run) == 1))
            run, initial, start_next = [], False, False
            run.append(word)
            continue
        if capital:
            if not run:
                initial = start_next
            run.append(word)
        if not capital or token.endswith((".", "!", "?", ":", ",", ";")):
            found.update(_run_key(run, initial and len(run) == 1))
            run = []
        start_next = token.endswith((".", "!", "?", ":")) and word.casefold() not in _RANKS
    found.update(_run_key(run, initial and len(run) == 1))
    return found


def _run_key(run: list[str], starts_sentence: bool) -> list[str]:
    if not run or starts_sentence or run[0].casefold().rstrip(".") in _RANKS:
        return []  # a common word opening a sentence, or an officer quoted in many stories
    if any(re.fullmatch(rf"(?:{_SUFFIXES})s?\.?", w) for w in run):
        return []  # a street: counted among the streets
    words = [w.casefold() for w in run if w.casefold() not in _STOP]
    return [" ".join(words)] if words else []


def _streets(text: str) -> set[str]:
    from enrich.signatures import street_tokens

    words: set[str] = set()
    for match in _STREET_PAIR.finditer(text):
        words |= street_tokens(f"{match.group(1)} St and {match.group(2)} St")
    for match in _STREET.finditer(text):
        words |= street_tokens(match.group(0))
    words.update(m.group(1).casefold() for m in _HIGHWAY.finditer(text))
    return words


MAX_COUNT = 12  # a larger "count" is an age or a number misread (", 27, hurt")


def story_details(
    title: str,
    body: str,
    published_year: int,
    fatalities: int | None = None,
    injured: int | None = None,
) -> Details:
    """The details a story's title and summary state (with the classifier's counts)."""
    text = f"{title}. {body}"
    lower = text.casefold()
    ages = {int(a or b) for a, b in _AGE.findall(text)} | set(map(int, _NAMED_AGE.findall(text)))
    ages = {a for a in ages if a > 0}
    decades = {int(d) * 10 for d in _DECADE.findall(text)}
    if _TEEN.search(text) and not ages:
        decades.add(10)
    years = [int(a or b) for a, b in _PAST_YEAR.findall(text)]
    past = min((y for y in years if y < published_year), default=None)
    streets = _streets(text)
    vehicles = {_VEHICLES[v] for v in _VEHICLE.findall(lower)}
    return Details(
        ages=frozenset(ages),
        decades=frozenset(decades),
        names=frozenset(_names(text) - streets),
        vehicles=frozenset(vehicles | {_KIND_OF[v] for v in vehicles if v in _KIND_OF}),
        parties=frozenset(_PARTY.findall(lower)),
        streets=frozenset(streets),
        past_year=past,
        fatalities=fatalities if fatalities and fatalities <= MAX_COUNT else None,
        injured=injured if injured is not None and injured <= MAX_COUNT else None,
        sex=_sex(title),
    )


def _sex(title: str) -> str | None:
    found = _SEX.search(title)
    return None if found is None else "male" if found.group(1) else "female"
