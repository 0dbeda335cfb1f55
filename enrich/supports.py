"""The supports recommended for a CCRP activation, each with why.

| support | when |
|---|---|
| needs assessment | always: every response starts with one |
| community debrief | violence in a shared space (shooting, shots fired, homicide, swarming, community conflict), or a repeat in the neighbourhood |
| trauma counselling / psychological first aid | someone killed or injured, or a shooting, stabbing or homicide |
| safety-network mobilisation | a repeat in the neighbourhood, a Neighbourhood Improvement Area, or gun or gang activity |
| school or youth supports | a young person involved |
"""  # noqa: E501 - a table reads better whole

from __future__ import annotations

from enrich.history import Repetition
from enrich.priority import is_nia, repetition_detail
from schemas import Incident, Support, SupportKind
from schemas.taxonomy import IncidentType

PUBLIC_VIOLENCE = frozenset(
    {
        IncidentType.SHOOTING,
        IncidentType.SHOTS_FIRED,
        IncidentType.HOMICIDE,
        IncidentType.SWARMING,
        IncidentType.COMMUNITY_CONFLICT,
    }
)
HARMFUL = frozenset({IncidentType.SHOOTING, IncidentType.STABBING, IncidentType.HOMICIDE})
ORGANISED = frozenset(
    {IncidentType.GUN_GANG_ACTIVITY, IncidentType.SHOTS_FIRED, IncidentType.POLICE_RAID}
)


def _labels(types: set[str], among: frozenset[str]) -> str:
    return ", ".join(t.replace("_", " ") for t in sorted(types & among))


def recommended_supports(incident: Incident, rep: Repetition | None) -> list[Support]:
    """The supports to offer, needs assessment first."""
    types = set(incident.types)
    attrs = incident.attributes
    hood = incident.location.neighbourhood
    repeat = repetition_detail(rep) if rep is not None and rep.total >= 2 else None
    supports = [
        Support(
            kind=SupportKind.NEEDS_ASSESSMENT,
            why="every response starts with an assessment of who was affected and what they need",
        )
    ]
    if types & PUBLIC_VIOLENCE or repeat:
        why = (
            f"{_labels(types, PUBLIC_VIOLENCE)}: residents who saw or heard it are affected"
            if types & PUBLIC_VIOLENCE
            else f"{repeat}: the community is living with repeated violence"
        )
        supports.append(Support(kind=SupportKind.COMMUNITY_DEBRIEF, why=why))
    if attrs.fatalities or attrs.injured or types & HARMFUL:
        harmed = []
        if attrs.fatalities:
            harmed.append(f"{attrs.fatalities} killed")
        if attrs.injured:
            harmed.append(f"{attrs.injured} injured")
        what = ", ".join(harmed) or _labels(types, HARMFUL)
        why = f"{what}: families, friends and witnesses may need psychological first aid"
        supports.append(Support(kind=SupportKind.TRAUMA_COUNSELLING, why=why))
    if repeat or is_nia(hood) or types & ORGANISED:
        reasons = []
        if repeat:
            reasons.append(repeat)
        if hood is not None and is_nia(hood):
            reasons.append(f"{hood.name} is a Neighbourhood Improvement Area")
        if types & ORGANISED:
            reasons.append(_labels(types, ORGANISED))
        why = f"{'; '.join(reasons)}: local safety partners can act together"
        supports.append(Support(kind=SupportKind.SAFETY_NETWORK, why=why))
    if attrs.youth_involved:
        supports.append(
            Support(
                kind=SupportKind.SCHOOL_YOUTH,
                why="a young person was involved: schools and youth services can reach their peers",
            )
        )
    return supports
