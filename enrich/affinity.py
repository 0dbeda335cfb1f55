"""How plausibly two incident types describe the same real-world event.

Reports of one event are labelled differently by each source: a police "sound of
gunshots" call, a "shooting" call and a news "homicide" story; a "fight" call and a
news "stabbing". The table gives a score in [0, 1] for each unordered pair; the same
type scores 1, pairs not listed score 0, ``not_incident`` never matches anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from enrich.errors import ResolveError
from schemas.taxonomy import ALL_TYPES, IncidentType

T = IncidentType

PAIR_AFFINITY: dict[frozenset[str], float] = {
    frozenset(pair): score
    for pair, score in (
        ((T.SHOOTING, T.SHOTS_FIRED), 0.9),
        ((T.SHOOTING, T.HOMICIDE), 0.9),
        ((T.STABBING, T.HOMICIDE), 0.9),
        ((T.SHOTS_FIRED, T.HOMICIDE), 0.6),
        ((T.SHOOTING, T.GUN_GANG_ACTIVITY), 0.6),
        ((T.SHOTS_FIRED, T.GUN_GANG_ACTIVITY), 0.7),
        ((T.POLICE_RAID, T.GUN_GANG_ACTIVITY), 0.8),
        ((T.POLICE_RAID, T.SHOOTING), 0.5),
        ((T.POLICE_RAID, T.HOMICIDE), 0.5),
        ((T.STABBING, T.ASSAULT), 0.7),
        ((T.SHOOTING, T.ASSAULT), 0.5),
        ((T.COMMUNITY_CONFLICT, T.ASSAULT), 0.8),
        ((T.COMMUNITY_CONFLICT, T.STABBING), 0.7),
        ((T.COMMUNITY_CONFLICT, T.SHOOTING), 0.6),
        ((T.COMMUNITY_CONFLICT, T.SHOTS_FIRED), 0.6),
        ((T.COMMUNITY_CONFLICT, T.SWARMING), 0.8),
        ((T.COMMUNITY_CONFLICT, T.HOMICIDE), 0.6),
        ((T.SWARMING, T.ROBBERY), 0.8),
        ((T.SWARMING, T.ASSAULT), 0.8),
        ((T.SWARMING, T.STABBING), 0.6),
        ((T.ROBBERY, T.ASSAULT), 0.6),
        ((T.ROBBERY, T.STABBING), 0.6),
        ((T.ROBBERY, T.SHOOTING), 0.6),
        ((T.ROBBERY, T.PROPERTY_CRIME), 0.6),
        ((T.HOMICIDE, T.ASSAULT), 0.6),
        ((T.HOMICIDE, T.INTIMATE_PARTNER_VIOLENCE), 0.8),
        ((T.HOMICIDE, T.FIRE), 0.5),
        ((T.HOMICIDE, T.MISSING_PERSON), 0.5),
        ((T.HOMICIDE, T.DRUG_POISONING), 0.5),
        ((T.HOMICIDE, T.COLLISION), 0.5),
        ((T.INTIMATE_PARTNER_VIOLENCE, T.ASSAULT), 0.8),
        ((T.INTIMATE_PARTNER_VIOLENCE, T.STABBING), 0.8),
        ((T.INTIMATE_PARTNER_VIOLENCE, T.SEXUAL_ASSAULT), 0.7),
        ((T.INTIMATE_PARTNER_VIOLENCE, T.SHOOTING), 0.6),
        ((T.SEXUAL_ASSAULT, T.ASSAULT), 0.7),
        ((T.FIRE, T.PROPERTY_CRIME), 0.6),
        ((T.MENTAL_HEALTH_CRISIS, T.ASSAULT), 0.6),
        ((T.MENTAL_HEALTH_CRISIS, T.STABBING), 0.5),
        ((T.MENTAL_HEALTH_CRISIS, T.MISSING_PERSON), 0.5),
        ((T.MENTAL_HEALTH_CRISIS, T.DRUG_POISONING), 0.5),
    )
}
# "other" is an uninformative label (e.g. an "unknown trouble" call): weakly compatible
# with every real incident type, so it can join but never wins over a closer label.
OTHER_AFFINITY = 0.5
MIN_AFFINITY = 0.5

_KNOWN = frozenset(ALL_TYPES)


def validate_types(types: Iterable[str]) -> frozenset[str]:
    """The labels as a set; raises :class:`ResolveError` on a label outside the taxonomy."""
    labels = frozenset(types)
    unknown = labels - _KNOWN
    if unknown:
        raise ResolveError(f"unknown incident type(s): {', '.join(sorted(unknown))}")
    return labels


def type_affinity(a: str, b: str) -> float:
    """Score in [0, 1] that labels ``a`` and ``b`` describe the same event."""
    if T.NOT_INCIDENT in (a, b):
        return 0.0
    if a == b:
        return 1.0
    if T.OTHER in (a, b):
        return OTHER_AFFINITY
    return PAIR_AFFINITY.get(frozenset((a, b)), 0.0)


# Every label's affinity with every label, looked up without building anything: matching
# asks this for each candidate of each report.
_TABLE: dict[str, dict[str, float]] = {
    a: {b: type_affinity(a, b) for b in ALL_TYPES} for a in ALL_TYPES
}
_NONE: dict[str, float] = {}


def set_affinity(left: Iterable[str], right: Iterable[str]) -> float:
    """Best pairwise affinity between two label sets."""
    best = 0.0
    for a in left:
        row = _TABLE.get(a, _NONE)
        for b in right:
            value = row.get(b, 0.0)
            if value > best:
                best = value
    return best


def _compatible(label: str) -> frozenset[str]:
    return frozenset(t for t in ALL_TYPES if type_affinity(label, t) >= MIN_AFFINITY)


COMPATIBLE: dict[str, frozenset[str]] = {label: _compatible(label) for label in ALL_TYPES}


def compatible_types(labels: Iterable[str]) -> frozenset[str]:
    """Every label an incident may carry for a report with ``labels`` to join it."""
    out: set[str] = set()
    for label in labels:
        out |= COMPATIBLE.get(label, frozenset())
    return frozenset(out)
