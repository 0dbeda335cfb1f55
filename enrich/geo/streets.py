"""Street-name normalisation to the City's upper-case abbreviated style (``FRONT ST E``)."""

from __future__ import annotations

import re
from functools import lru_cache

# Full or variant spelling -> the City's abbreviation. Applied to the street-type word only.
STREET_TYPES: dict[str, str] = {
    "STREET": "ST",
    "ST": "ST",
    "AVENUE": "AVE",
    "AVE": "AVE",
    "AV": "AVE",
    "ROAD": "RD",
    "RD": "RD",
    "BOULEVARD": "BLVD",
    "BLVD": "BLVD",
    "DRIVE": "DR",
    "DR": "DR",
    "CRESCENT": "CRES",
    "CRES": "CRES",
    "COURT": "CRT",
    "CRT": "CRT",
    "CT": "CRT",
    "PLACE": "PL",
    "PL": "PL",
    "TRAIL": "TRL",
    "TRL": "TRL",
    "PARKWAY": "PKWY",
    "PKWY": "PKWY",
    "TERRACE": "TER",
    "TER": "TER",
    "GARDENS": "GDNS",
    "GDNS": "GDNS",
    "GROVE": "GRV",
    "GRV": "GRV",
    "HEIGHTS": "HTS",
    "HTS": "HTS",
    "SQUARE": "SQ",
    "SQ": "SQ",
    "CIRCLE": "CIR",
    "CIR": "CIR",
    "CIRCUIT": "CRCT",
    "CRCT": "CRCT",
    "GATE": "GT",
    "GT": "GT",
    "WAY": "WAY",
    "LANE": "LANE",
    "HIGHWAY": "HWY",
    "HWY": "HWY",
    "EXPRESSWAY": "XWY",
    "XWY": "XWY",
    "MEWS": "MEWS",
    "PATH": "PATH",
    "WALK": "WALK",
    "MALL": "MALL",
    "QUAY": "QUAY",
    "GREEN": "GRN",
    "GRN": "GRN",
    "CLOSE": "CLOSE",
    "ROW": "ROW",
}
DIRECTIONS: dict[str, str] = {
    "EAST": "E",
    "E": "E",
    "WEST": "W",
    "W": "W",
    "NORTH": "N",
    "N": "N",
    "SOUTH": "S",
    "S": "S",
}
_PUNCTUATION = re.compile(r"[^A-Z0-9' ]+")


@lru_cache(maxsize=65_536)  # feeds name the same streets all day
def normalise_street(name: str) -> str:
    """Canonical street name: ``"Sheppard Avenue West"`` -> ``"SHEPPARD AVE W"``.

    Type and direction words are abbreviated only in trailing position, so names such as
    ``AVENUE RD`` or ``THE EAST MALL`` keep their leading words; ``Saint``/``St.`` as a
    first word becomes ``ST`` as in the City's ``ST CLAIR AVE E``.
    """
    # The City writes O'Connor as "O CONNOR" but St John's as "ST JOHNS".
    text = re.sub(r"\bO[’']", "O ", name.upper().replace(".", " "))
    text = _PUNCTUATION.sub(" ", text.replace("’", "'")).replace("'", "")
    words = text.split()
    if not words:
        return ""
    if words[0] == "SAINT":
        words[0] = "ST"
    if len(words) > 1 and words[0] in ("HWY", "HIGHWAY") and re.match(r"^\d{1,3}[A-Z]?$", words[1]):
        words[:2] = [words[1], "HWY"]  # "HIGHWAY 27" is the City's "27 HWY"
    if len(words) > 1 and words[-1] in DIRECTIONS:
        words[-1] = DIRECTIONS[words[-1]]
        type_at = len(words) - 2
    else:
        type_at = len(words) - 1
    if type_at > 0 and words[type_at] in STREET_TYPES:
        words[type_at] = STREET_TYPES[words[type_at]]
    return " ".join(words)


@lru_cache(maxsize=65_536)
def base_name(canonical: str) -> str:
    """The street's own name without type and direction: ``"SHEPPARD AVE W"`` -> ``"SHEPPARD"``."""
    words = canonical.split()
    if len(words) > 1 and words[-1] in ("E", "W", "N", "S"):
        words = words[:-1]
    if len(words) > 1 and words[-1] in STREET_TYPES.values():
        words = words[:-1]
    return " ".join(words)


def has_street_type(canonical: str) -> bool:
    """True when the name ends in a street type, optionally followed by a direction."""
    words = canonical.split()
    if len(words) > 1 and words[-1] in ("E", "W", "N", "S"):
        words = words[:-1]
    return len(words) > 1 and words[-1] in STREET_TYPES.values()
