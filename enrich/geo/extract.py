"""Place mentions from feed location fields and from free text (titles and bodies)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from enrich.geo.aliases import derived_streets
from enrich.geo.mentions import RANK, Mention, MentionKind
from enrich.geo.places import (
    DISTRICT_CODES,
    DISTRICTS,
    LANDMARKS,
    OTHER_MUNICIPALITIES,
    OTHER_POLICE_SERVICES,
    OUTSIDE_LANDMARKS,
)
from enrich.geo.streets import has_street_type, normalise_street

_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Crescent|Cres|Court|Crt|Ct|"
    r"Place|Pl|Trail|Trl|Parkway|Pkwy|Way|Lane|Gate|Gardens|Square|Circle|Terrace|Heights|"
    r"Highway|Hwy|Grove|Mews|Quay)\b\.?"
)
_WORD = r"(?:[A-Z][A-Za-z'’.-]*|O'[A-Z][a-z]+)"
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,3}}"
_DIR = r"(?:\s(?:East|West|North|South|E|W|N|S)\b\.?)?"
_TYPED = rf"{_NAME}\s{_TYPE}{_DIR}"
_NOT_A_STREET = rf"(?!\s{_TYPE})"
_ADDRESS = re.compile(rf"\b(?P<num>\d{{1,5}}[A-Za-z]?)\s(?P<street>{_TYPED})")
# A lookahead so that a rejected candidate ("Stabbing near Church") does not hide an
# overlapping good one ("Church and Wellesley streets").
_INTERSECTION = re.compile(
    rf"(?<![\w'’.-])(?=(?P<all>(?P<a>{_TYPED}|{_NAME}{_DIR})\s(?P<join>and|&|at|near)\s"
    rf"(?P<b>{_TYPED}|{_NAME}{_DIR})"
    r"(?P<plural>\s(?:[Ss]treets|[Aa]venues|[Rr]oads))?"
    r"(?P<area>\s(?:area|intersection|neighbourhood|community))?))"
)
_STREET = re.compile(_TYPED)
_LEADING_WORDS = {"On", "At", "Near", "In", "Of", "By", "And", "Around", "Police", "Officers"}
_PLURAL_TYPE = {"streets": "ST", "avenues": "AVE", "roads": "RD"}
_FIELD_DISTRICT = re.compile(
    r"^(?P<d>Toronto|North York|Scarborough|Etobicoke|East York|York)\s+-\s*(?P<rest>.*)$", re.I
)
_FIELD_CODE = re.compile(r"^(?P<head>[^,]*),\s*(?P<code>[A-Z]{2,3})\b(?P<tail>.*)$")
_FIELD_NEAR = re.compile(r"\((?:near\s+)?(?P<inner>[^)]*)\)", re.I)
_FIELD_SPLIT = re.compile(r"\s+(?:-|&|/|@|AND|AT)\s+|\s+-$|^-\s+|\s*/\s*", re.I)
_FIELD_ADDRESS = re.compile(r"^(?P<num>\d{1,5}[A-Z]?)\s+(?P<street>[A-Z].*)$", re.I)
_LANE = re.compile(r"^LN\s+(?:\d+\s+)?[NSEW]\s+(?P<a>.+?)\s+[NSEW]\s+(?P<b>.+)$", re.I)
# "401 HWY E", "401 C W WILSON AV RAMP", "27 N ALBION E RAMP": highways, not house numbers.
_HIGHWAY = re.compile(r"^\d{1,3}\s+(?:HWY|C|X|E|W|N|S|EXPRESS|COLLECTOR)\b|RAMP$|^\d+\s+\d", re.I)
_POSTAL_AREA = re.compile(r"^M\d[A-Z]$", re.I)


def parse_location_field(text: str | None) -> list[Mention]:
    """Mentions in a structured feed field: TPS, TFS and livecad styles.

    ``"SHERBOURNE ST - DUNDAS ST E"``, ``"Toronto - PAPE AVE & LIPTON AVE"``,
    ``"North York - RIDLEY BLVD (near ESGORE DR)"``, ``"CHESSWOOD DR, NY (STEEPROCK DR /
    VANLEY CRES)"``, ``"LN N DUNDAS W SHERBOURNE"``, ``"3950 LAWRENCE AVE E"``, ``"M3J"``.
    Feeds repeat the same fields all day, so answers are remembered (bounded).
    """
    return list(_parse_field(text or ""))


@lru_cache(maxsize=32_768)
def _parse_field(text: str) -> tuple[Mention, ...]:
    return tuple(_parse_field_uncached(text))


def _parse_field_uncached(text: str) -> list[Mention]:
    raw = " ".join(text.split())
    district = None
    if m := _FIELD_DISTRICT.match(raw):
        district, raw = m["d"].title(), m["rest"]
    if (m := _FIELD_CODE.match(raw)) and m["code"].upper() in DISTRICT_CODES:
        district, raw = DISTRICT_CODES[m["code"].upper()], f"{m['head']} {m['tail']}"
    raw = _FIELD_NEAR.sub(lambda n: f" / {n['inner']}", raw)
    parts = [p.strip() for p in _FIELD_SPLIT.split(raw) if p and p.strip(" -/&")]
    mentions: list[Mention] = []
    streets: list[str] = []
    lanes: list[Mention] = []
    for part in parts:
        if _POSTAL_AREA.match(part):
            mentions.append(Mention(MentionKind.POSTAL_AREA, part, name=part.upper()))
        elif lane := _LANE.match(part):
            pair = (normalise_street(lane["a"]), normalise_street(lane["b"]))
            lanes.append(Mention(MentionKind.LANE, part, streets=pair, district=district))
        elif (addr := _FIELD_ADDRESS.match(part)) and not _HIGHWAY.match(part):
            street = normalise_street(addr["street"])
            mentions.append(
                Mention(MentionKind.ADDRESS, part, (street,), addr["num"], district=district)
            )
            streets.append(street)
        elif name := normalise_street(part):
            streets.append(name)
    # Names hidden in ramps and trails come after the names as written, so they pair last.
    written = set(streets)
    distinct = list(dict.fromkeys(streets + [d for s in streets for d in derived_streets(s)]))
    for i, first in enumerate(distinct):
        for second in distinct[i + 1 :]:
            derived = not {first, second} <= written
            pair = (first, second)
            mentions.append(
                Mention(MentionKind.INTERSECTION, text, pair, district=district, derived=derived)
            )
    mentions.extend(lanes)
    mentions.extend(
        Mention(MentionKind.STREET, s, (s,), district=district, derived=s not in written)
        for s in distinct
    )
    if district:
        kind = MentionKind.CITY if district == "Toronto" else MentionKind.DISTRICT
        mentions.append(Mention(kind, district, name=district, district=district))
    return sorted(mentions, key=lambda m: RANK[m.kind])


def _clean_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def _street_mentions(text: str) -> tuple[list[Mention], list[tuple[int, int]]]:
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for m in _ADDRESS.finditer(text):
        street = normalise_street(_clean_name(m["street"]))
        found.append(Mention(MentionKind.ADDRESS, m[0], (street,), m["num"], start=m.start()))
        spans.append(m.span())
    for m in _INTERSECTION.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        a, b = normalise_street(_clean_name(m["a"])), normalise_street(_clean_name(m["b"]))
        if m["plural"]:
            suffix = _PLURAL_TYPE[m["plural"].strip().lower()]
            a, b = (s if has_street_type(s) else f"{s} {suffix}" for s in (a, b))
        typed = [has_street_type(a), has_street_type(b)]
        loose_join = m["join"] in ("at", "near")
        if a == b or _is_place_name(a) or _is_place_name(b):
            continue
        if not (all(typed) if loose_join else any(typed) or m["area"]):
            continue
        found.append(Mention(MentionKind.INTERSECTION, m["all"], (a, b), start=m.start()))
        spans.append((m.start(), m.start() + len(m["all"])))
    for m in _STREET.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        street = normalise_street(_clean_name(m[0]))
        found.append(Mention(MentionKind.STREET, m[0], (street,), start=m.start()))
    return found, spans


def _is_place_name(street: str) -> bool:
    lowered = street.lower()
    return lowered in DISTRICTS or lowered in _MUNICIPALITY_NAMES or lowered == "toronto"


_MUNICIPALITY_NAMES = {m.lower() for m in OTHER_MUNICIPALITIES}


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(n) for n in names}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-]){_NOT_A_STREET}", re.I)


_YORK = re.compile(
    r"(?<!New )(?<!North )(?<!East )\bYork\b(?!\s(?:Region|Regional|University|Mills|Street|St|"
    r"Avenue|Ave|Road|Rd|Boulevard|Blvd|Quay|Heights|Ont\w*))"
)
_TORONTO = re.compile(r"\bToronto\b")


def _named_mentions(
    text: str, aliases: dict[str, str], taken: list[tuple[int, int]]
) -> list[Mention]:
    """Landmarks, neighbourhoods, districts, other municipalities and the City itself."""
    found: list[Mention] = []
    tables: list[tuple[MentionKind, dict[str, str]]] = [
        (MentionKind.LANDMARK, {k: LANDMARKS[k].name for k in LANDMARKS}),
        (MentionKind.OUTSIDE, dict(OUTSIDE_LANDMARKS)),
        (MentionKind.OUTSIDE, dict(OTHER_POLICE_SERVICES)),
        (MentionKind.OUTSIDE, {m.lower(): m for m in OTHER_MUNICIPALITIES}),
        (MentionKind.NEIGHBOURHOOD, aliases),
        (MentionKind.DISTRICT, {k: DISTRICTS[k].name for k in DISTRICTS if k != "york"}),
    ]
    for kind, table in tables:
        if not table:
            continue
        for m in _names_pattern(tuple(table)).finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            name = table.get(" ".join(m[0].lower().split()))
            if name is None:
                continue
            taken.append(m.span())
            found.append(Mention(kind, m[0], name=name, start=m.start()))
    for m in _YORK.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append(Mention(MentionKind.DISTRICT, m[0], name="York", start=m.start()))
    if city := _TORONTO.search(text):
        found.append(Mention(MentionKind.CITY, city[0], name="Toronto", start=city.start()))
    return found


def neighbourhood_aliases(names: Iterable[str]) -> dict[str, str]:
    """Lower-case alias -> official neighbourhood name, for names as written in news copy.

    Besides each full name, a hyphen part counts when it is unique and specific enough
    (``"Regent Park"``, ``"Malvern"``-style words of six letters or more).
    """
    names = list(names)
    aliases: dict[str, str] = {}
    part_owners: dict[str, set[str]] = {}
    for name in names:
        for variant in {name, name.replace("St.", "St. "), name.replace("St.", "St ")}:
            aliases[" ".join(variant.lower().split())] = name
        for part in re.split(r"[-/]", name):
            part = part.strip()
            if part != name and (" " in part or len(part) >= 6):
                part_owners.setdefault(part.lower(), set()).add(name)
    blocked = set(DISTRICTS) | {"university", "steeles", "toronto", "centre", "corridor"}
    for part, owners in part_owners.items():
        if len(owners) == 1 and part not in aliases and part not in blocked:
            aliases[part] = next(iter(owners))
    return aliases


def extract_mentions(text: str, aliases: dict[str, str] | None = None) -> list[Mention]:
    """All place mentions in free text, most specific first, then in reading order."""
    text = text or ""
    found, spans = _street_mentions(text)
    found.extend(_named_mentions(text, aliases or {}, list(spans)))
    return sorted(found, key=lambda m: (RANK[m.kind], m.start))
