"""What every output may show of an incident: the one place the withholding rule lives.

For reports of violence against a person (assault, sexual assault, intimate-partner
violence, homicide victims) every user-facing output -- the digest, the analysts' API and
the activation events -- shows a generated summary (type, area, time), never the source
titles, links, exact places or names. The rule does not trust the labels alone: wording
that points at a partner or names a victim withholds as well, whatever type the
classifier gave ("a man she had been dating" in a story typed ``assault`` or ``other``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from schemas.incidents import Incident
from schemas.taxonomy import IncidentType

VIOLENCE_AGAINST_A_PERSON: frozenset[str] = frozenset(
    {
        IncidentType.ASSAULT,
        IncidentType.SEXUAL_ASSAULT,
        IncidentType.INTIMATE_PARTNER_VIOLENCE,
        IncidentType.HOMICIDE,
    }
)
# Relationship words of intimate-partner violence, in any story ("her ex-husband").
_PARTNER = re.compile(
    r"\b(?:partner|husband|wife|boyfriend|girlfriend|spouse|fianc[eé]e?|common[- ]law"
    r"|domestic|ex-\w+|(?:had|has|have|was|were) been dating|dating (?:a|the|her|him))\b",
    re.IGNORECASE,
)
# Wording that names a person involved ("identified as", "named the victim").
_NAMING = re.compile(
    r"\b(?:identified (?:as|the (?:victim|woman|man|girl|boy|teen))|has been identified"
    r"|have identified|named (?:as|the victim)|victim(?:'s)? name)\b",
    re.IGNORECASE,
)


def withhold_reason(types: Iterable[str], texts: Iterable[str | None]) -> str | None:
    """Why an incident's source text must be withheld from outputs, or None when it may show."""
    labels = set(types) & VIOLENCE_AGAINST_A_PERSON
    if labels:
        return f"violence against a person ({', '.join(sorted(labels))})"
    for text in texts:
        if not text:
            continue
        if _PARTNER.search(text):
            return "wording of intimate-partner violence"
        if _NAMING.search(text):
            return "names a person involved"
    return None


def is_withheld(incident: Incident) -> bool:
    """True when outputs must show only the generated summary of this incident.

    The stream records the decision over each report's full text (``incident.withheld``);
    the incident's own labels and titles are checked again, so an incident written before
    the flag existed is never shown by mistake.
    """
    if incident.withheld:
        return True
    return withhold_reason(incident.types, (r.title for r in incident.reports)) is not None


def area_of(incident: Incident) -> str:
    """The coarsest honest place of an incident: its neighbourhood, district or town."""
    hood = incident.location.neighbourhood
    if hood is not None:
        return f"{hood.name} ({hood.code})"
    return incident.location.district or incident.municipality or "area unknown"


def generated_summary(incident: Incident, tz: str = "America/Toronto") -> str:
    """Type, area and time in generated words: what outputs show of a withheld incident."""
    kinds = ", ".join(t.replace("_", " ") for t in incident.types) or "incident"
    when: datetime | None = incident.occurred_at or incident.first_seen
    local = when.astimezone(ZoneInfo(tz)).strftime("%a %d %b, around %H:00") if when else None
    parts = [f"{kinds[:1].upper()}{kinds[1:]} in {area_of(incident)}"]
    if local:
        parts.append(local)
    return " - ".join(parts)
