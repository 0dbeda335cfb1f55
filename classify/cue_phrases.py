"""Phrase lists behind the rule cues (matched case-insensitively, token by token)."""

from __future__ import annotations

from classify.cue_gunfire import GUNFIRE_CUES
from classify.cue_people import PEOPLE_CUES

# A person pulled from the water: a drowning or a body, with no stated foul play. Waters by
# kind, never by name: a named river would only fit the stories that named it.
RECOVERED_FROM_WATER = [
    f"{verb} {water}"
    for verb in ("pulled from", "recovered from", "pulled out of")
    for water in ("the water", "the lake", "the river", "the pond", "the harbour", "a pool",
                  "the pool", "a pond", "the creek")
]  # fmt: skip


# A body or remains found or recovered: ``other`` unless the text names violence.
BODY_RECOVERED = [
    *(f"{noun} {verb}" for noun in ("body", "bodies", "remains", "human remains")
      for verb in ("found", "recovered", "discovered", "located", "pulled from",
                   "was found", "were found", "was recovered", "were recovered")),
    *(f"{verb} {det} {noun}" for verb in ("found", "recovered", "discovered", "located")
      for det in ("a", "the", "two") for noun in ("body", "bodies")),
    "body of a", "bodies of", "human remains",
]  # fmt: skip

# Deaths and injuries at work: ``other`` (a workplace incident names no other type).
WORKPLACE_DEATH = [
    "workplace accident", "workplace incident", "workplace death", "workplace fatality",
    "industrial accident", "construction accident", "construction site", "worksite",
    "work site", "ministry of labour", "worker killed", "worker dies", "worker died",
    "workers killed", "worker was killed", "worker injured", "fell from", "fall from",
    "fell to his death", "fell to her death", "trench collapse", "crushed by", "pinned by",
    "electrocuted", "hazmat",
]  # fmt: skip

# The City's professional teams, by full and short names (the Rock only by its full name:
# "rock" is an everyday word).
TORONTO_TEAMS = [
    "blue jays", "jays", "raptors", "raptors 905", "maple leafs", "leafs", "argonauts", "argos",
    "toronto fc", "toronto tempo", "tempo", "toronto rock", "toronto marlies", "marlies",
    "toronto sceptres", "sceptres",
]  # fmt: skip

CUE_PHRASES: dict[str, list[str]] = {
    "stabbing": [
        "stabbed", "stabbing", "stabbings", "stab wound", "stab wounds", "stab-wound",
        "slashed", "slashing", "knifed", "knife attack", "stabbed to death",
    ],
    "death": [
        "dead", "killed", "died", "dies", "fatal", "fatally", "deadly", "pronounced dead",
        "slain", "succumbed", "killing",
    ],
    "homicide": [
        "homicide", "homicides", "murder", "murdered", "murders", "manslaughter", "slain",
        "foul play", "first-degree murder", "second-degree murder", "killed in a shooting",
        "killing of", "killings",
    ],
    # A death the police do not treat as violent: the homicide wording does not apply.
    "no_foul_play": [
        "no foul play", "not suspicious", "not considered suspicious", "not believed to be "
        "suspicious", "no signs of foul play", "foul play is not suspected",
        "foul play is not believed", "not suspected to be suspicious", "non-suspicious",
        "no evidence of foul play", "not criminal in nature",
    ],
    "collision": [
        "collision", "collisions", "crash", "crashed", "car crash", "crashes into",
        "hit-and-run", "hit and run", "rear-ended", "rollover", "multi-vehicle",
        "pedestrian struck", "cyclist struck", "struck and killed", "vehicle struck",
        "car hits", "car hit", "vehicle hits", "driver hits", "truck hits", "crashed into",
        "slammed into", "hits pedestrian", "hit a pedestrian", "struck a pedestrian",
        "struck a cyclist", "hit a cyclist", "lost control", "t-boned", "head-on",
        "collided", "collides", "collided with", "single-vehicle", "two-vehicle",
        "rolled over", "went off the road", "left the roadway", "jackknifed", "pileup",
        "pile-up", "fatal crash", "serious crash",
    ],
    # Driving offences with no crash (a crash makes it a collision).
    "driving_offence": [
        "stunt driving", "stunt driver", "stunt drivers", "street racing", "street race",
        "dangerous driving", "impaired driving", "impaired driver", "drunk driving",
        "careless driving", "excessive speeding", "clocked at", "km/h over",
        "over the speed limit", "fail to remain",
    ],
    "fire": [
        "blaze", "flames", "arson", "house fire", "alarm fire", "two-alarm", "three-alarm",
        "four-alarm", "2-alarm", "3-alarm", "4-alarm", "fire broke out", "caught fire",
        "firefighters", "fire crews", "heavy smoke", "smoke and flames",
    ],
    "missing": [
        "missing person", "went missing", "reported missing", "last seen", "missing since",
        "missing senior", "missing girl", "missing boy", "missing man", "missing woman",
        "missing teen", "missing child",
    ],
    # Public-health and weather notices: warnings to the public about no incident.
    "notice": [
        "measles", "west nile", "tuberculosis", "air quality", "heat warning", "extreme heat",
        "special weather statement", "boil water", "potential exposure", "possible exposure",
        "exposure site", "exposure sites", "public health unit", "public health agency",
        "health advisory", "smog",
    ],
    "property": [
        "break-in", "break-ins", "break and enter", "breaking into", "broke into", "break into",
        "breaks into", "burglary", "burglaries", "burglar", "burglars", "thieves", "theft",
        "thefts", "stolen", "stole",
        "vandalized", "vandalised", "vandalism", "graffiti", "fraud", "defrauded", "scam",
        "scams", "counterfeit", "mischief", "arson", "shoplifting",
        "set fire to", "set a fire", "deliberately set", "set deliberately", "intentionally set",
        "set on purpose",
    ],
    # A poisoning by drugs: the harm itself, whatever the substance.
    "drug": [
        "overdose", "overdoses", "overdosed", "drug poisoning", "drug poisonings",
        "drug toxicity", "drug-related death", "suspected overdoses", "toxic drug death",
        "toxic drug deaths",
    ],
    # Substances: a poisoning only with harm to someone, a drug crime with a seizure.
    "drug_substance": [
        "fentanyl", "carfentanil", "opioid", "opioids", "cocaine", "crack cocaine", "heroin",
        "methamphetamine", "crystal meth", "meth", "drugs", "narcotics", "nitazenes",
        "illicit drugs", "toxic drug", "toxic drugs", "oxycodone", "ketamine", "mdma",
    ],
    # Drug crime named as such: a seizure, a bust or trafficking charges (``other``).
    "drug_crime": [
        "drug bust", "drug seizure", "drug seizures", "drugs seized", "drug charges",
        "drug-related charges", "drug trafficking", "trafficking charges",
        "possession for the purpose of trafficking", "trafficking in a controlled substance",
        "controlled substance", "drug investigation", "drug operation", "drug lab",
    ],
    "raid": [
        "search warrant", "search warrants", "raid", "raids", "raided", "executed warrants",
        "executed a warrant",
    ],
    "other": [
        "hate crime", "hate crimes", "hate-motivated", "found dead", "sudden death",
        "suspicious death", "bomb threat", "suspicious package", "hold and secure", "lockdown",
        "explosion", "drowning", "drowned", "near-drowning",
        "died in custody", "dies in custody", "death in custody", "died following arrest",
        "dies following arrest", "died after being arrested", *RECOVERED_FROM_WATER,
        *BODY_RECOVERED, *WORKPLACE_DEATH, "carbon monoxide", "gas leak",
    ],
    # A death from illness or old age: no incident, unless another cue names one.
    "illness": [
        "cancer", "illness", "natural causes", "passed away", "passes away", "obituary",
        "died peacefully", "dies peacefully",
    ],
    # "attempted murder" is a charge for someone who survived.
    "attempt": ["attempted murder", "attempted homicide"],
    # Wording of stories about a topic (policy, money, statistics, programs) rather than one event.
    "topic": [
        "strategy", "program", "programs", "funding", "budget", "per cent", "percent",
        "statistics", "data shows", "police data", "report finds", "study", "town hall", "forum",
        "advocates", "bylaw", "legislation", "mandatory minimum", "unconstitutional", "policy",
        "crackdown", "campaign", "rise in", "spate of", "surge in",
        "this year", "so far this year", "last year", "every year", "announced", "announces",
        "council", "expand", "expands", "expanding", "expansion", "million", "billion",
        "pilot project", "new report",
    ],
    "police_force": [
        "special investigations unit", "siu", "police watchdog", "stun gun", "stun guns",
        "taser", "tasers", "conducted energy weapon",
    ],
    "sports": [
        "shooting guard", "three-pointer", "three-point", "shot clock", "free throw",
        "losing streak", "winning streak", *TORONTO_TEAMS, "wnba", "nba", "nhl", "mlb", "mls",
        "cfl", "ahl", "nll", "pwhl",
        "playoffs", "playoff", "hat trick", "world cup", "shooting sports", "shooting range",
        "season opener", "penalty shootout", "shootout win", "shootout loss",
        # Idioms of shoot/shot that are no gunfire.
        "shooting stars", "shooting star", "shot to stardom", "shot to fame",
    ],
    # Film, television and photography: "shooting" there is no gunfire. Unlike sport wording
    # it rules out only the shooting types, since crews and photographers can be victims.
    "media_sense": [
        "photo shoot", "film shoot", "video shoot", "movie shoot", "shooting a film",
        "shooting a video", "shooting a movie", "film crew", "film crews", "film production",
        "film productions", "tv series", "television series", "music video",
    ],
    **GUNFIRE_CUES,
    **PEOPLE_CUES,
}  # fmt: skip

# "opened fire", "under fire", "police fire": the word fire without a fire. A fired Taser or
# stun gun needs no entry here: the police_force cue already rules the fire type out.
FIRE_NOT_AFTER = frozenset(
    {"opened", "open", "opens", "opening", "under", "cease", "police", "officers", "officer",
     "returned", "of", "rapid", "friendly", "hire", "and"}
)  # fmt: skip
FIRE_NOT_BEFORE = frozenset(
    {"shots", "rounds", "weapons", "guns", "back", "off"}
)  # fmt: skip

VEHICLES = (
    "vehicle", "car", "truck", "dump truck", "driver", "van", "bus", "suv", "streetcar",
    "train", "motorist", "motorcycle", "pickup truck", "taxi", "tractor-trailer", "cyclist",
)  # fmt: skip
