"""Words and colours shared by the HTML and the plain-text digest."""

from __future__ import annotations

from datetime import datetime

from schemas import Priority, Support

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
