"""Phrase lists behind the rule cues (matched case-insensitively, token by token)."""

from __future__ import annotations

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
    "hit": [
        "gunshot wound", "gunshot wounds", "gunshot victim", "shot and killed", "was shot",
        "were shot", "been shot", "got shot", "shot dead", "fatally shot", "shooting victim",
        "shooting victims", "struck by gunfire", "hit by gunfire", "struck by a bullet",
        "hit by a bullet", "shot multiple times", "shot several times", "shot in the",
        "wounded by gunfire", "killed by gunfire", "man shot", "woman shot", "teen shot",
        "boy shot", "girl shot", "person shot", "people shot", "youth shot", "shot in",
        "shot near", "shot outside", "shot inside", "shot while", "shot during", "shot on",
        "men shot", "women shot", "teens shot", "shot and injured", "shot and wounded",
    ],
    "shoot_word": ["shooting", "shootout", "shoot-out", "exchange of gunfire"],
    # Plural mentions are as often statistics or policy ("a spate of shootings") as an incident.
    "shoot_plural": ["shootings", "shootouts"],
    "seize_word": ["seize", "seized", "seizes", "seizure", "seizing", "found", "recovered"],
    "gun_word": [
        "firearm", "firearms", "gun", "guns", "handgun", "handguns", "rifle", "rifles",
        "ammunition", "ghost gun", "ghost guns",
    ],
    "discharge": [
        "evidence of gunfire", "evidence of a firearm discharge", "firearm discharge",
        "firearms discharge", "shots fired", "shots were fired", "shots rang out",
        "gunshots heard", "sound of gunshots", "sounds of gunshots", "reports of gunshots",
        "reports of gunfire", "gunshots were heard", "gunshots reported",
        "gunshots were reported", "heard gunshots", "shell casings",
        "bullet holes", "gunfire", "opened fire", "fired shots", "fired several shots",
        "fired multiple shots", "discharged a firearm", "gunshots", "gunshot", "shots heard",
        "heard shots", "sound of gunfire",
        "rounds struck", "rounds hit", "rounds were fired", "fired several rounds",
        "bullets struck", "bullets hit", "struck by bullets", "hit by bullets",
        "fired a handgun", "fired a gun", "fired into",
    ],
    "no_injury": [
        "no injuries", "no one was injured", "no one was hurt", "no one was struck",
        "no reported injuries", "no injuries were reported", "nobody was hurt", "nobody hurt",
        "no one hurt", "nobody injured", "no one injured", "nobody was injured",
        "no injured", "no victims", "unhurt", "uninjured", "was not hurt", "were not hurt",
        "was not injured", "were not injured", "no one inside was hurt", "nobody was struck",
    ],
    "death": [
        "dead", "killed", "died", "dies", "fatal", "fatally", "deadly", "pronounced dead",
        "slain", "succumbed",
    ],
    "homicide": [
        "homicide", "homicides", "murder", "murdered", "murders", "manslaughter", "slain",
        "foul play", "first-degree murder", "second-degree murder", "killed in a shooting",
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
    "sexual": [
        "sexual assault", "sexually assaulted", "sex assault", "sexual abuse",
        "child exploitation", "child-exploitation", "sexual exploitation", "human trafficking",
        "sexual services", "luring", "child pornography", "sexual offences", "indecent act",
        "voyeurism", "sexually abused",
        "sexually assaulting", "sexual assaults", "sexually assault",
        "indecent exposure", "exposed himself", "exposed herself", "exposing himself",
        "committing an indecent act",
    ],
    # Public-health and weather notices: warnings to the public about no incident.
    "notice": [
        "measles", "west nile", "tuberculosis", "air quality", "heat warning", "extreme heat",
        "special weather statement", "boil water", "potential exposure", "possible exposure",
        "exposure site", "exposure sites", "public health unit", "public health agency",
        "health advisory", "smog",
    ],
    "robbery": [
        "robbery", "robbed", "robberies", "home invasion", "carjacking", "carjacked",
        "armed robbery", "hold-up", "holdup", "demanded cash", "demanded money",
        "rob", "robs", "robbing", "at knifepoint", "at gunpoint", "smash-and-grab",
    ],
    "swarming": ["swarmed", "swarming", "swarmings"],
    "property": [
        "break-in", "break-ins", "break and enter", "breaking into", "broke into", "theft",
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
    "mental": [
        "mental health crisis", "person in crisis", "emotionally disturbed",
        "mental health call", "suicidal", "experiencing a crisis",
        "in crisis", "mental health distress", "threatening to jump", "mental health act",
    ],
    "ipv": [
        "intimate partner", "intimate-partner", "domestic violence", "domestic assault",
        "domestic dispute", "his wife", "her husband", "his girlfriend", "her boyfriend",
        "ex-partner", "ex-wife", "ex-husband", "estranged", "his partner", "her partner",
        "femicide", "intimate partner violence",
    ],
    "raid": [
        "search warrant", "search warrants", "raid", "raids", "raided", "executed warrants",
        "executed a warrant",
    ],
    "gun_gang": [
        "gun-related charges", "firearm charges", "firearms charges", "firearm-related charges",
        "weapons charges", "gun charges", "loaded handgun", "loaded firearm",
        "prohibited firearm", "guns seized", "firearms seized", "seized firearms",
        "seized a firearm", "seized a handgun", "gun seizure", "ghost gun", "street gang",
        "gang-related", "gang members", "guns and drugs", "illegal guns", "handguns seized",
    ],
    "conflict": [
        "brawl", "brawls", "large fight", "group fight", "melee", "fight broke out",
        "fight involving", "groups of people fighting", "altercation between groups",
        "mass fight", "fight between", "between two groups", "rival groups", "two groups",
        "group of teens fighting", "groups of youths",
    ],
    "assault_act": [
        "assaulted", "choked", "punched", "beaten", "attacked", "beat up", "kicked",
        "bear spray", "pepper spray", "pepper-sprayed",
    ],
    "other": [
        "hate crime", "hate crimes", "hate-motivated", "found dead", "sudden death",
        "suspicious death", "bomb threat", "suspicious package", "hold and secure", "lockdown",
        "explosion", "drowning", "drowned", "near-drowning",
        "died in custody", "dies in custody", "death in custody", "died following arrest",
        "dies following arrest", "died after being arrested", *RECOVERED_FROM_WATER,
        *BODY_RECOVERED, *WORKPLACE_DEATH, "carbon monoxide", "gas leak", "dog attack",
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
        "council",
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
}  # fmt: skip

# "opened fire", "under fire", "police fire": the word fire without a fire. A fired Taser or
# stun gun needs no entry here: the police_force cue already rules the fire type out.
FIRE_NOT_AFTER = frozenset(
    {"opened", "open", "opening", "under", "cease", "police", "officers", "officer",
     "returned", "of", "rapid", "friendly", "hire", "and"}
)  # fmt: skip
FIRE_NOT_BEFORE = frozenset(
    {"shots", "rounds", "weapons", "guns", "back", "off"}
)  # fmt: skip

VEHICLES = (
    "vehicle", "car", "truck", "dump truck", "driver", "van", "bus", "suv", "streetcar",
    "train", "motorist", "motorcycle", "pickup truck", "taxi", "tractor-trailer", "cyclist",
)  # fmt: skip
