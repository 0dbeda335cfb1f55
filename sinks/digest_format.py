"""How the digest writes things: source text made safe, and the words and colours shared by
the HTML and the plain-text digest.

Titles and links come from feeds anyone can write to. Before any renderer sees them,
control and format characters are dropped (a right-to-left override can make a link or a
place read backwards; zero-width characters hide words), whitespace is collapsed, long
text is cut, and links are kept only when they are plain http(s) URLs, with every
character that could end an HTML attribute or a Markdown autolink percent-encoded.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from urllib.parse import quote, urlsplit, urlunsplit

from schemas import Priority, Support

MAX_TEXT = 300
MAX_URL = 2_000
# Cc control, Cf format (bidi overrides and isolates, zero-width), Co private use,
# Cs surrogates, Cn unassigned; line and paragraph separators become spaces.
_DROPPED = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
_SPACES = frozenset({"Zl", "Zp", "Zs"})
_HOST = re.compile(r"^[a-z0-9.-]+(?::\d{1,5})?$")
# What may stay literal in a path, query or fragment; everything else is percent-encoded.
_URL_SAFE = "/:@!$&'()*+,;=-._~%?"


def clean_text(text: str | None, limit: int = MAX_TEXT) -> str:
    """``text`` without control/format characters, on one line, at most ``limit`` long."""
    if not text:
        return ""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\t\n\r":
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category in _DROPPED:
            continue
        kept.append(" " if category in _SPACES else char)
    line = " ".join("".join(kept).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """An http(s) link safe inside an HTML attribute and a Markdown ``<...>``, or None."""
    if not url:
        return None
    text = "".join(c for c in url.strip() if unicodedata.category(c) not in _DROPPED)
    if len(text) > MAX_URL or not text.lower().startswith(("https://", "http://")):
        return None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    netloc = host if port is None else f"{host}:{port}"
    if not host or not _HOST.match(netloc) or parts.username or parts.password:
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


TYPE_COLOURS = {
    "shooting": "#c0392b",
    "shots_fired": "#e67e22",
    "stabbing": "#8e44ad",
    "homicide": "#111111",
    "swarming": "#d35400",
    "community_conflict": "#b7950b",
    "gun_gang_activity": "#7b241c",
    "police_raid": "#1f618d",
    "intimate_partner_violence": "#6c3483",
    "assault": "#a04000",
    "sexual_assault": "#884ea0",
    "robbery": "#117864",
    "property_crime": "#5d6d7e",
    "mental_health_crisis": "#2e86c1",
    "fire": "#f39c12",
    "collision": "#566573",
    "drug_poisoning": "#17a589",
    "missing_person": "#2874a6",
}
OTHER_COLOUR = "#7f8c8d"
CHANGE_LABELS = {
    "upgrade": "Upgraded",
    "cancelled": "Cancelled",
    "retracted": "Retracted",
    "reinstated": "Reinstated",
    "updated": "Updated",
    "new source": "New source",
}
WITHHELD_NOTE = "details withheld: type, area and time only"


def type_colour(incident_type: str) -> str:
    """Marker colour for an incident type."""
    return TYPE_COLOURS.get(incident_type, OTHER_COLOUR)


def label(value: str) -> str:
    """Human label of a taxonomy or enum value: ``shots_fired`` -> ``Shots fired``."""
    return value.replace("_", " ").capitalize()


def when(value: datetime | None) -> str:
    """A local time as staff read it: ``Sat 11 Jul 14:05``."""
    return value.strftime("%a %d %b %H:%M") if value else "unknown"


def closes_in(closes: datetime | None, now: datetime) -> str:
    """``Sun 12 Jul 02:30 (in 19 h)``."""
    if closes is None:
        return "unknown"
    hours = max(0, round((closes - now).total_seconds() / 3600))
    return f"{when(closes)} (in {hours} h)"


def priority_text(priority: Priority | None) -> str:
    """``Urgent (score 7)``, or ``not assessed`` for an event without a priority."""
    if priority is None:
        return "not assessed"
    return f"{label(priority.level.value)} (score {priority.score})"


def priority_reasons(priority: Priority | None) -> list[str]:
    """Each reason in plain words, with its points."""
    if priority is None:
        return []
    return [f"{r.detail} (+{r.points})" for r in priority.reasons]


def support_text(support: Support) -> tuple[str, str]:
    """(``Trauma counselling``, why)."""
    return label(support.kind.value), support.why


def count_words(counts: dict[str, int]) -> str:
    """The counts line of the header and the subject."""
    return (
        f"{counts['activations']} CCRP activation(s), {counts['closing_24h']} closing within "
        f"24 h, {counts['changes']} change(s), {counts['in_city']} other in-City incident(s), "
        f"{counts['out_of_area']} out of area, {counts['follow_ups']} follow-up(s)"
    )
