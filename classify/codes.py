"""Direct mappings of structured categories: TPS call codes, TPS portal categories, TFS events.

Police calls and fire dispatches already say what they are, so they skip the language model.
Every code seen in the public feeds is listed with the reading it is given; a code that is not
listed maps to ``other`` with a note instead of being guessed.
"""

from __future__ import annotations

from typing import NamedTuple


class CodeMapping(NamedTuple):
    """The incident types and human description given to one structured category."""

    types: tuple[str, ...]
    description: str


def _m(description: str, *types: str) -> CodeMapping:
    return CodeMapping(tuple(types) or ("other",), description)


# TPS calls for service. FIG (fight) is read as community_conflict: TPS files one-on-one
# assaults under the ASS* codes, so a separate fight call describes a brawl or a fight between
# several people in a public place: a community conflict in the taxonomy
# (schemas/taxonomy.py).
# PERGU is "person with a gun" and PERKN "person with a knife": unconfirmed weapon calls, kept
# as `other` (no one hurt, no discharge, no seizure), so they are routed but do not activate.
TPS_CALL_CODES: dict[str, CodeMapping] = {
    "SHO": _m("shooting", "shooting"),
    "SOUGU": _m("sound of gunshots", "shots_fired"),
    "STA": _m("stabbing", "stabbing"),
    "FIG": _m("fight", "community_conflict"),
    "PERGU": _m("person with a gun", "other"),
    "PERKN": _m("person with a knife", "other"),
    "WOU": _m("wounding", "assault"),
    "ASS": _m("assault", "assault"),
    "ASSAM": _m("assault, ambulance requested", "assault"),
    "ASSJU": _m("assault just occurred", "assault"),
    "ASSJO": _m("assault just occurred", "assault"),
    "ASSPC": _m("assault, police assistance", "assault"),
    "ASSPR": _m("assault in progress", "assault"),
    "ROB": _m("robbery", "robbery"),
    "HOL": _m("hold-up", "robbery"),
    "HOLAL": _m("hold-up alarm", "robbery"),
    "HOLON": _m("hold-up in progress", "robbery"),
    "HOLTR": _m("hold-up", "robbery"),
    "ATTBR": _m("attempt break and enter", "property_crime"),
    "BREEN": _m("break and enter", "property_crime"),
    "BREJU": _m("break and enter just occurred", "property_crime"),
    "BREPR": _m("break and enter in progress", "property_crime"),
    "DAM": _m("damage to property", "property_crime"),
    "DAMAU": _m("damage to automobile", "property_crime"),
    "DAMJU": _m("damage just occurred", "property_crime"),
    "DAMPR": _m("damage to property in progress", "property_crime"),
    "MISCH": _m("mischief", "property_crime"),
    "FRA": _m("fraud", "property_crime"),
    "FRAPR": _m("fraud in progress", "property_crime"),
    "THE": _m("theft", "property_crime"),
    "THEAU": _m("theft from automobile", "property_crime"),
    "THEJU": _m("theft just occurred", "property_crime"),
    "THEPR": _m("theft in progress", "property_crime"),
    "THEVE": _m("theft of vehicle", "property_crime"),
    "PIACC": _m("personal injury collision", "collision"),
    "PDACC": _m("property damage collision", "collision"),
    "FTRPD": _m("fail to remain, property damage", "collision"),
    "FTRPI": _m("fail to remain, personal injury", "collision"),
    "FIR": _m("fire", "fire"),
    "SEEFI": _m("assist fire services", "fire"),
    "FIRAL": _m("fire alarm", "other"),
    "MISVU": _m("missing person, vulnerable", "missing_person"),
    "MISEL": _m("missing person, elderly", "missing_person"),
    "JUVLO": _m("lost juvenile", "missing_person"),
    "PERLO": _m("lost person", "missing_person"),
    "EDP": _m("person in crisis", "mental_health_crisis"),
    "ANICO": _m("animal complaint"),
    "ARR": _m("arrest / arrived at scene"),
    "CHEHA": _m("check address"),
    "CHETS": _m("check"),
    "DEMO": _m("demonstration"),
    "DIS": _m("disturbance"),
    "DISPU": _m("dispute"),
    "EMERU": _m("emergency"),
    "ESCCU": _m("escort in custody"),
    "EXP": _m("EXP (meaning not published)"),
    "EXPJU": _m("EXPJU (meaning not published)"),
    "FOUCH": _m("found child"),
    "FOUPR": _m("found property"),
    "GASLE": _m("gas leak"),
    "HAZ": _m("hazard"),
    "IMPDR": _m("impaired driver"),
    "INDAC": _m("indecent act"),
    "INDEX": _m("indecent exposure"),
    "LOSEL": _m("lost/found property or person"),
    "MARRE": _m("marine rescue"),
    "NOICO": _m("noise complaint"),
    "NOIPA": _m("noisy party"),
    "PCHOL": _m("PCHOL (meaning not published)"),
    "PRO": _m("prowler"),
    "SEEAM": _m("medical assist request"),
    "STR": _m("STR (meaning not published)"),
    "TAXAL": _m("taxi alarm"),
    "TRAOB": _m("traffic obstruction"),
    "TRE": _m("trespassing"),
    "UNKTR": _m("unknown trouble"),
    "VP": _m("VP (meaning not published)"),
    "WIRDO": _m("wires down"),
    "WRWAY": _m("wrong-way driver"),
}

# TPS Public Safety Data Portal layers (event types, homicide types, major crime indicators).
TPS_PORTAL_CATEGORIES: dict[str, CodeMapping] = {
    "shooting": _m("shooting", "shooting"),
    "firearm discharge": _m("firearm discharge", "shots_fired"),
    "homicide": _m("homicide", "homicide"),
    "homicide - shooting": _m("shooting homicide", "homicide", "shooting"),
    "homicide - stabbing": _m("stabbing homicide", "homicide", "stabbing"),
    "homicide - other": _m("homicide", "homicide"),
    "assault": _m("assault", "assault"),
    "break and enter": _m("break and enter", "property_crime"),
    "robbery": _m("robbery", "robbery"),
    "auto theft": _m("auto theft", "property_crime"),
    "theft over": _m("theft over", "property_crime"),
    "theft from motor vehicle": _m("theft from motor vehicle", "property_crime"),
    "bicycle theft": _m("bicycle theft", "property_crime"),
    "traffic collision": _m("traffic collision", "collision"),
}

# Toronto Fire Services live CAD event types. Fire alarms and check calls are not fires.
TFS_EVENT_TYPES: dict[str, CodeMapping] = {
    "fire - highrise residential": _m("high-rise residential fire", "fire"),
    "fire - residential": _m("residential fire", "fire"),
    "fire - commercial/industrial": _m("commercial fire", "fire"),
    "fire - institution": _m("institutional fire", "fire"),
    "fire - grass/rubbish": _m("grass or rubbish fire", "fire"),
    "fire - burning odours": _m("burning odour investigation", "fire"),
    "fire - other": _m("fire", "fire"),
    "fire - subway": _m("subway fire", "fire"),
    "fire - transformer/pole": _m("transformer fire", "fire"),
    "island - fire response": _m("island fire response", "fire"),
    "vehicle fire": _m("vehicle fire", "fire"),
    "vehicle accident with fire": _m("collision with fire", "collision", "fire"),
    "vehicle - personal injury": _m("personal injury collision", "collision"),
    "vehicle accident - trapped": _m("collision, person trapped", "collision"),
    "vehicle accident - minor fuel leak": _m("collision, fuel leak", "collision"),
    "vehicle - spill clean up": _m("collision spill clean-up", "collision"),
    "alarm single source": _m("fire alarm"),
    "fire alarm - check call": _m("fire alarm check call"),
    "check call": _m("check call"),
    "check call - non emergency": _m("non-emergency check call"),
    "hazmat level 1": _m("hazardous materials"),
    "natural gas leak": _m("gas leak"),
    "rescue - elevator": _m("elevator rescue"),
    "rescue - high level": _m("high-level rescue"),
    "rescue - ring removal": _m("ring removal"),
    "wires down - hydro": _m("hydro wires down"),
    "medical": _m("medical call"),
}

# Families of TFS event types: a new subtype of a known family keeps the family's reading.
TFS_FAMILIES: tuple[tuple[str, CodeMapping], ...] = (
    ("vehicle accident", _m("collision", "collision")),
    ("vehicle - ", _m("vehicle incident", "collision")),
    ("fire alarm", _m("fire alarm")),
    ("fire - ", _m("fire", "fire")),
    ("alarm", _m("alarm")),
    ("rescue", _m("rescue")),
    ("hazmat", _m("hazardous materials")),
)


def _normalise(category: str) -> str:
    return " ".join(category.lower().replace(":", " - ").split())


def police_call(code: str) -> CodeMapping | None:
    """The mapping of a TPS call-for-service code, or None when the code is not listed."""
    return TPS_CALL_CODES.get(code.strip().upper())


def portal_category(category: str) -> CodeMapping | None:
    """The mapping of a TPS portal category (case and spacing insensitive), or None."""
    return TPS_PORTAL_CATEGORIES.get(_normalise(category))


def fire_event(event_type: str) -> tuple[CodeMapping | None, bool]:
    """The mapping of a TFS event type and whether it came from a family rule, or (None, False)."""
    key = _normalise(event_type)
    if key in TFS_EVENT_TYPES:
        return TFS_EVENT_TYPES[key], False
    for prefix, mapping in TFS_FAMILIES:
        if key.startswith(prefix):
            return mapping, True
    return None, False
