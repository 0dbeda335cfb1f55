"""The incident taxonomy and the CCRP eligibility it implies (the program's design brief)."""

from __future__ import annotations

from enum import StrEnum


class IncidentType(StrEnum):
    """Multi-label incident types; ``not_incident`` marks reports about no specific incident."""

    SHOOTING = "shooting"
    SHOTS_FIRED = "shots_fired"
    STABBING = "stabbing"
    SWARMING = "swarming"
    COMMUNITY_CONFLICT = "community_conflict"
    GUN_GANG_ACTIVITY = "gun_gang_activity"
    POLICE_RAID = "police_raid"
    HOMICIDE = "homicide"
    INTIMATE_PARTNER_VIOLENCE = "intimate_partner_violence"
    ASSAULT = "assault"
    SEXUAL_ASSAULT = "sexual_assault"
    ROBBERY = "robbery"
    PROPERTY_CRIME = "property_crime"
    MENTAL_HEALTH_CRISIS = "mental_health_crisis"
    FIRE = "fire"
    COLLISION = "collision"
    DRUG_POISONING = "drug_poisoning"
    MISSING_PERSON = "missing_person"
    OTHER = "other"
    NOT_INCIDENT = "not_incident"


CCRP_ELIGIBLE: frozenset[str] = frozenset(
    {
        IncidentType.SHOOTING,
        IncidentType.SHOTS_FIRED,
        IncidentType.STABBING,
        IncidentType.SWARMING,
        IncidentType.COMMUNITY_CONFLICT,
        IncidentType.GUN_GANG_ACTIVITY,
        IncidentType.POLICE_RAID,
        IncidentType.HOMICIDE,
    }
)

ALL_TYPES: tuple[str, ...] = tuple(t.value for t in IncidentType)


def is_ccrp_type(types: list[str] | set[str] | tuple[str, ...]) -> bool:
    """True when any label is one of the violent and traumatic incident types."""
    return any(t in CCRP_ELIGIBLE for t in types)
