"""Where a text places an incident: inside the City of Toronto, or another municipality.

Hand-written gazetteers of Toronto districts, neighbourhoods and landmarks and of the
surrounding municipalities and police services. Mentions of where a person is *from*
("a Brampton man", "of Mississauga") say nothing about where the incident happened and are
ignored; a police service investigating is strong evidence; the title weighs more.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TORONTO = "Toronto"

TORONTO_PLACES: tuple[str, ...] = (
    "Toronto",
    "downtown Toronto",
    "North York",
    "Scarborough",
    "Etobicoke",
    "East York",
    "Old Toronto",
    "York, Ont.",
    "the Beaches",
    "Rexdale",
    "Malvern",
    "Jane and Finch",
    "Jane-Finch",
    "Kensington Market",
    "Parkdale",
    "Regent Park",
    "St. James Town",
    "Liberty Village",
    "the Annex",
    "Yorkville",
    "Leslieville",
    "Riverdale",
    "the Danforth",
    "Greektown",
    "Moss Park",
    "Cabbagetown",
    "Church-Wellesley",
    "the Village",
    "Little Italy",
    "Little Portugal",
    "the Junction",
    "Weston",
    "Mount Dennis",
    "Lawrence Heights",
    "Thorncliffe Park",
    "Flemingdon Park",
    "Don Mills",
    "Agincourt",
    "Port Union",
    "West Hill",
    "Morningside",
    "Highland Creek",
    "Kingston-Galloway",
    "Dorset Park",
    "Woburn",
    "Bendale",
    "L'Amoreaux",
    "Milliken",
    "Steeles",
    "Willowdale",
    "Bayview Village",
    "York Mills",
    "Downsview",
    "Black Creek",
    "Humber Summit",
    "Thistletown",
    "Humbermede",
    "Mimico",
    "Long Branch",
    "New Toronto",
    "Alderwood",
    "Islington",
    "the Kingsway",
    "Bloordale",
    "Dufferin Grove",
    "Trinity Bellwoods",
    "Chinatown",
    "Harbourfront",
    "Distillery District",
    "St. Lawrence Market",
    "Corktown",
    "Queen West",
    "Polson Pier",
    "Port Lands",
    "Toronto Island",
    "Allan Gardens",
    "Dufferin Mall",
    "Yorkdale",
    "Scarborough Town Centre",
    "Union Station",
    "Nathan Phillips Square",
    "High Park",
    "Eaton Centre",
    "Yonge-Dundas",
    "CN Tower",
    "Exhibition Place",
    "Ontario Place",
    "Scarborough Bluffs",
    "Birchcliff",
    "Oakwood",
    "Vaughan Road",
    "Eglinton West",
    "Little Jamaica",
    "Corso Italia",
    "St. Clair West",
    "Davenport",
    "Wychwood",
    "Forest Hill",
    "Rosedale",
    "Lawrence Park",
    "Leaside",
    "Danforth",
    "Crescent Town",
    "Taylor-Massey",
    "Golden Mile",
    "Clairlea",
    "Eglinton East",
    "Guildwood",
    "Rouge",
    "Malvern Town Centre",
    "Emery",
    "Pelmo Park",
    "Weston-Pellam Park",
    "Rockcliffe",
    "Smythe Park",
    "Keelesdale",
    "Caledonia-Fairbank",
    "Lansing",
    "Newtonbrook",
    "Hillcrest",
    "Bathurst Manor",
    "Clanton Park",
    "Westminster-Branson",
    "Yonge-Eglinton",
    "Midtown Toronto",
    "Humber Bay",
    "Etobicoke North",
    "Kipling",
    "Albion Road",
    "Humberwood",
    "Mount Olive",
    "Jamestown",
    "Sherbourne",
    "Yonge-Bay",
    "Bay Street corridor",
    "Wellesley",
    "Dundas Square",
    "Trinity-Spadina",
    "Exhibition",
    "Salsa on St. Clair",
    "Taste of the Danforth",
    "Taste of Lawrence",
    "Caribana",
)

OTHER_MUNICIPALITIES: tuple[str, ...] = (
    "Brampton",
    "Mississauga",
    "Caledon",
    "Vaughan",
    "Markham",
    "Richmond Hill",
    "Newmarket",
    "Aurora",
    "King City",
    "Whitchurch-Stouffville",
    "Stouffville",
    "East Gwillimbury",
    "Georgina",
    "Pickering",
    "Ajax",
    "Whitby",
    "Oshawa",
    "Clarington",
    "Courtice",
    "Bowmanville",
    "Uxbridge",
    "Scugog",
    "Hamilton",
    "Stoney Creek",
    "Ancaster",
    "Dundas, Ont.",
    "Burlington",
    "Oakville",
    "Milton",
    "Halton Hills",
    "Georgetown",
    "Barrie",
    "Innisfil",
    "Bradford",
    "Orillia",
    "Kitchener",
    "Waterloo",
    "Cambridge",
    "Guelph",
    "St. Catharines",
    "Niagara Falls",
    "Welland",
    "Brantford",
    "London, Ont.",
    "Windsor",
    "Kingston",
    "Peterborough",
    "Ottawa",
    "Sudbury",
    "Montreal",
    "Calgary",
    "Edmonton",
    "Vancouver",
    "Winnipeg",
    "Halifax",
    "New York",
    "Manhattan",
    "Port Credit",
    "Meadowvale",
    "Malton",
    "Bolton",
    "Woodbridge",
    "Maple, Ont.",
    "Thornhill",
    "Unionville",
    "Port Perry",
    "Peel Region",
    "York Region",
    "Durham Region",
    "Halton Region",
    "Niagara Region",
    "Waterloo Region",
    "Simcoe County",
)

TORONTO_SERVICES: tuple[str, ...] = (
    "Toronto police",
    "Toronto Police Service",
    "TPS",
    "Toronto Fire",
    "Toronto Fire Services",
    "Toronto Paramedic Services",
    "Toronto Community Housing",
    "TTC",
)

OTHER_SERVICES: dict[str, str] = {
    "Peel Regional Police": "Peel Region",
    "Peel police": "Peel Region",
    "PRP": "Peel Region",
    "York Regional Police": "York Region",
    "York police": "York Region",
    "YRP": "York Region",
    "Durham Regional Police": "Durham Region",
    "Durham police": "Durham Region",
    "DRPS": "Durham Region",
    "Halton Regional Police": "Halton Region",
    "Halton police": "Halton Region",
    "HRPS": "Halton Region",
    "Hamilton police": "Hamilton",
    "Niagara Regional Police": "Niagara Region",
    "Niagara police": "Niagara Region",
    "Waterloo Regional Police": "Waterloo Region",
    "Barrie police": "Barrie",
    "Ottawa police": "Ottawa",
    "Calgary Police": "Calgary",
    "NYPD": "New York",
    "Police in Peel": "Peel Region",
    "Police in Durham": "Durham Region",
    "Police in York Region": "York Region",
    "Police in Halton": "Halton Region",
    "Police in Hamilton": "Hamilton",
    "Peel Public Health": "Peel Region",
}

# A place right before a person noun, or after "of"/"from", is where someone lives.
_PERSON_AFTER = re.compile(
    r"^\W{0,3}(?:-based\s+)?(?:man|woman|men|women|teen|teenager|boy|girl|resident|residents|"
    r"couple|family|driver|youth|person|people|senior|father|mother|mom|dad|native|rapper|"
    r"mayor|councillor|MPP|MP|company|business|firm)\b",
    re.IGNORECASE,
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:(?<!city )(?<!town )(?<!region )of|from|to|left|leave)\s+$", re.IGNORECASE
)


class AreaVerdict(NamedTuple):
    """Whether the text places the incident in the City of Toronto, and which municipality."""

    in_area: bool | None
    municipality: str | None
    toronto_score: float
    other_score: float


def _pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(n) for n in names}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


_TORONTO_RE = _pattern(list(TORONTO_PLACES))
_OTHER_RE = _pattern(list(OTHER_MUNICIPALITIES))
_TORONTO_SERVICE_RE = _pattern(list(TORONTO_SERVICES))
_OTHER_SERVICE_RE = _pattern(list(OTHER_SERVICES))
_CANONICAL = {n.lower(): n for n in OTHER_MUNICIPALITIES} | {
    k.lower(): v for k, v in OTHER_SERVICES.items()
}
# Mentions that contain a Toronto word but are not in the City.
_NOT_TORONTO = re.compile(
    r"\b(?:Greater Toronto|GTA|Toronto Pearson|Pearson|Toronto-area|Toronto area|"
    r"Toronto Tempo|Toronto Blue Jays|Toronto Raptors|Toronto Maple Leafs|Toronto FC|"
    r"Toronto Argonauts|from Toronto|to Toronto)\b",
    re.IGNORECASE,
)


def _is_origin(text: str, start: int, end: int) -> bool:
    return bool(_PERSON_AFTER.match(text[end : end + 40])) or bool(
        _ORIGIN_BEFORE.search(text[max(0, start - 12) : start])
    )


def _score(text: str, weight: float, scores: dict[str, float]) -> None:
    masked = _NOT_TORONTO.sub(lambda m: "#" * len(m.group(0)), text)
    toronto_services = len(_TORONTO_SERVICE_RE.findall(masked))
    scores[TORONTO] = scores.get(TORONTO, 0.0) + 2.0 * weight * toronto_services
    for match in _OTHER_SERVICE_RE.finditer(masked):
        name = _CANONICAL[match.group(1).lower()]
        scores[name] = scores.get(name, 0.0) + 2.5 * weight
    for match in _TORONTO_RE.finditer(masked):
        if not _is_origin(masked, match.start(), match.end()):
            scores[TORONTO] = scores.get(TORONTO, 0.0) + 1.5 * weight
    for match in _OTHER_RE.finditer(masked):
        if not _is_origin(masked, match.start(), match.end()):
            name = _CANONICAL[match.group(1).lower()]
            scores[name] = scores.get(name, 0.0) + 2.0 * weight


def place_incident(title: str, body: str) -> AreaVerdict:
    """Decide in-area from the title (weighted double) and the body of a report."""
    scores: dict[str, float] = {}
    _score(title, 2.0, scores)
    _score(body, 1.0, scores)
    toronto = scores.pop(TORONTO, 0.0)
    if not scores and not toronto:
        return AreaVerdict(None, None, 0.0, 0.0)
    best, other = max(scores.items(), key=lambda kv: kv[1]) if scores else (None, 0.0)
    if other > toronto:
        return AreaVerdict(False, best, toronto, other)
    return AreaVerdict(True, TORONTO, toronto, other)


# The City's bounding box; points outside it are certainly not in Toronto.
_CITY_BOX = (43.580, 43.856, -79.640, -79.115)


def point_in_city(lat: float | None, lon: float | None) -> bool | None:
    """True inside the City's bounding box, False outside, None without coordinates."""
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None
    south, north, west, east = _CITY_BOX
    return south <= lat <= north and west <= lon <= east
