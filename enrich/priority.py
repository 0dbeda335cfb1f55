"""The priority of a CCRP activation, with every reason in plain words.

Points per factor (the reasons list every factor that scored):

| factor | when | points |
|---|---|---|
| fatalities | anyone killed (a count, or the homicide label) | 5 |
| injured | people injured | 1 each, at most 3 |
| youth | a young person involved | 2 |
| weapon | a firearm (named, or implied by a shooting) / another weapon | 2 / 1 |
| repetition | the k-th CCRP incident of the neighbourhood in 30 days, k >= 2 | k - 1, at most 3 |
| nia | the neighbourhood is a Neighbourhood Improvement Area | 1 |

Level: ``urgent`` when anyone was killed or the score is 7 or more, ``high`` from 4,
``standard`` below.
"""

from __future__ import annotations

from enrich.history import Repetition
from schemas import Incident, Neighbourhood, Priority, PriorityFactor, PriorityLevel
from schemas.activations import NeighbourhoodContext, PriorityReason
from schemas.taxonomy import IncidentType

URGENT_FROM = 7
HIGH_FROM = 4
FIREARM = "firearm"
_IMPLIED_WEAPON: dict[str, str] = {
    IncidentType.SHOOTING: FIREARM,
    IncidentType.SHOTS_FIRED: FIREARM,
    IncidentType.STABBING: "knife",
}
NOUNS: dict[str, str] = {
    IncidentType.HOMICIDE: "homicide",
    IncidentType.SHOOTING: "shooting",
    IncidentType.STABBING: "stabbing",
    IncidentType.SHOTS_FIRED: "shots-fired incident",
    IncidentType.SWARMING: "swarming",
    IncidentType.COMMUNITY_CONFLICT: "community conflict",
    IncidentType.GUN_GANG_ACTIVITY: "gun or gang incident",
    IncidentType.POLICE_RAID: "police raid",
}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_nia(hood: Neighbourhood | None) -> bool:
    """True for a Neighbourhood Improvement Area, however the boundary file spells it."""
    text = (hood.classification or "") if hood else ""
    return text.upper() == "NIA" or "improvement" in text.lower()


def weapon_of(incident: Incident) -> str | None:
    """The weapon the reports name, else the one the label implies (a shooting: firearm)."""
    if incident.attributes.weapon:
        return incident.attributes.weapon
    return next((_IMPLIED_WEAPON[t] for t in incident.types if t in _IMPLIED_WEAPON), None)


def _people(n: int, word: str) -> str:
    return f"1 person {word}" if n == 1 else f"{n} people {word}"


def repetition_detail(rep: Repetition) -> str:
    """ "3rd shooting in Glenfield-Jane Heights in 30 days", with the total when it differs."""
    where = f"in {rep.neighbourhood.name} in 30 days"
    if rep.label is None:
        return f"{ordinal(rep.total)} CCRP incident {where}"
    noun = NOUNS.get(rep.label, rep.label.replace("_", " "))
    if rep.same_type == rep.total:
        return f"{ordinal(rep.same_type)} {noun} {where}"
    return f"{ordinal(rep.same_type)} {noun} and {ordinal(rep.total)} CCRP incident {where}"


def priority_reasons(incident: Incident, rep: Repetition | None) -> list[PriorityReason]:
    """Every factor that raised the priority, most serious first."""
    attrs = incident.attributes
    reasons: list[PriorityReason] = []

    def add(factor: PriorityFactor, detail: str, points: int) -> None:
        reasons.append(PriorityReason(factor=factor, detail=detail, points=points))

    if attrs.fatalities:
        add(PriorityFactor.FATALITIES, _people(attrs.fatalities, "killed"), 5)
    elif IncidentType.HOMICIDE in incident.types:
        add(PriorityFactor.FATALITIES, "a violent death (homicide)", 5)
    if attrs.injured:
        add(PriorityFactor.INJURED, _people(attrs.injured, "injured"), min(attrs.injured, 3))
    if attrs.youth_involved:
        add(PriorityFactor.YOUTH, "a young person involved", 2)
    weapon = weapon_of(incident)
    if weapon:
        implied = "" if attrs.weapon else " (implied by the incident type)"
        add(PriorityFactor.WEAPON, f"{weapon}{implied}", 2 if weapon == FIREARM else 1)
    if rep is not None and rep.total >= 2:
        add(PriorityFactor.REPETITION, repetition_detail(rep), min(rep.total - 1, 3))
    hood = incident.location.neighbourhood
    if hood is not None and is_nia(hood):
        add(PriorityFactor.NIA, f"{hood.name} is a Neighbourhood Improvement Area", 1)
    return reasons


def priority_of(incident: Incident, rep: Repetition | None) -> Priority:
    """The activation's priority level, score and reasons."""
    reasons = priority_reasons(incident, rep)
    score = sum(r.points for r in reasons)
    killed = any(r.factor == PriorityFactor.FATALITIES for r in reasons)
    if killed or score >= URGENT_FROM:
        level = PriorityLevel.URGENT
    elif score >= HIGH_FROM:
        level = PriorityLevel.HIGH
    else:
        level = PriorityLevel.STANDARD
    return Priority(level=level, score=score, reasons=reasons)


def neighbourhood_context(rep: Repetition | None) -> NeighbourhoodContext | None:
    """What staff should know of the neighbourhood: class and its recent CCRP incidents."""
    if rep is None:
        return None
    hood = rep.neighbourhood
    return NeighbourhoodContext(
        code=hood.code,
        name=hood.name,
        classification=hood.classification,
        is_nia=is_nia(hood),
        ccrp_incidents_30d=rep.total,
        same_type_30d=rep.same_type,
        recent=rep.earlier,
    )
