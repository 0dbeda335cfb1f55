"""Phrase lists of violence against a person and of crises: assault, fights, robbery,
swarming, intimate-partner violence, sexual assault and mental-health crises.

Most lists name a type outright. A few only count together (``rules.types_from_cues``):

- a **fight** is a ``community_conflict`` when a group takes part (a dozen people, a crowd,
  "about 20 people") and an ``assault`` when two do ("two men", "another passenger"); a
  fight of untold size is a conflict, a scuffle or fistfight an assault;
- **taking** something from a person (took his phone, fled with cash) with a **threat** or
  force (armed with a knife, pointed a gun, punched) is a ``robbery`` whatever the words
  for it, and a robbery or assault by a **group** of **youths** is a ``swarming``.
"""

from __future__ import annotations

# fmt: off
_PEOPLE = ("man", "woman", "person", "people", "someone", "individual", "teen", "youth",
           "boy", "girl", "resident", "patient", "son", "daughter", "passenger")
# A person in crisis: "in crisis" alone also fits a shelter system or a housing market.
IN_CRISIS = [*(f"{who} in crisis" for who in _PEOPLE), "was in crisis", "were in crisis",
             "who is in crisis"]

_BELONGINGS = ("phone", "cellphone", "wallet", "purse", "bag", "backpack", "cash", "money",
               "keys", "car", "vehicle", "jewellery", "watch", "chain", "necklace", "shoes",
               "bike", "headphones", "cash drawer", "cash register", "till", "merchandise")
# Taking something from a person; "took her" alone also fits "took her to hospital".
TAKING = [
    *(f"{verb} {whose} {thing}" for verb in ("took", "stole", "grabbed", "snatched", "demanded",
                                             "hand over", "handed over", "fled with")
      for whose in ("his", "her", "their", "the victim's", "the") for thing in _BELONGINGS),
    "took cash", "took money", "fled with cash", "fled with money", "made off with",
    "an undisclosed amount", "forced him out of", "forced her out of", "forced from",
]

PEOPLE_CUES: dict[str, list[str]] = {
    "sexual": [
        "sexual assault", "sexually assaulted", "sex assault", "sexual abuse",
        "child exploitation", "child-exploitation", "sexual exploitation", "human trafficking",
        "sexual services", "luring", "child pornography", "sexual offences", "indecent act",
        "voyeurism", "sexually abused", "sexually assaulting", "sexual assaults",
        "sexually assault", "indecent exposure", "exposed himself", "exposed herself",
        "exposing himself", "committing an indecent act", "indecent assault",
    ],
    "robbery": [
        "robbery", "robbed", "home invasion", "carjacking", "carjacked", "carjacker",
        "carjackers", "armed robbery", "hold-up", "holdup", "stick-up", "demanded cash",
        "demanded money", "demanding cash", "demanding money", "rob", "robs", "robbing",
        "robber", "robbers", "at knifepoint", "at gunpoint", "smash-and-grab", "mugged",
        "mugging",
    ],
    # Plurals are as often statistics ("carjackings are down") as an incident.
    "robbery_plural": ["robberies", "carjackings", "home invasions", "muggings", "hold-ups"],
    "swarming": ["swarm", "swarms", "swarmed", "swarming", "swarmings"],
    # Taking from a person and a threat or force: together they are a robbery.
    "taking": TAKING,
    "threat": [
        "armed with", "pulled out a", "pulled a knife", "pulled a gun", "pointed a",
        "brandished", "brandishing", "threatened", "threatening", "with a knife",
        "with a gun", "with a handgun", "with a firearm", "with a weapon", "knocked him",
        "knocked her", "knocked to the ground",
    ],
    "mental": [
        "mental health crisis", "mental-health crisis", "person in crisis", "emotionally disturbed",
        "mental health call", "mental-health call", "suicidal", "experiencing a crisis",
        *IN_CRISIS, "mental health distress", "threatening to jump", "threatened to jump",
        "mental health act", "mental distress", "emotional distress", "psychiatric distress",
        "mental health emergency", "mental-health emergency",
        "mental health episode", "mental-health episode", "mental health assessment",
        "mental-health assessment", "psychiatric assessment", "crisis team", "crisis worker",
        "crisis workers", "mobile crisis", "crisis intervention", "crisis service",
        "wellness check", "well-being check", "welfare check", "check on the well-being",
        "check on the wellbeing", "check on the welfare", "harm himself", "harm herself",
        "harm themselves", "self-harm", "attempted suicide", "suicide attempt",
    ],
    "ipv": [
        "intimate partner", "intimate-partner", "domestic violence", "domestic assault",
        "domestic dispute", "domestic incident", "domestic disturbance", "domestic-related",
        "his wife", "her husband", "his girlfriend", "her boyfriend", "ex-partner", "ex-wife",
        "ex-husband", "ex-girlfriend", "ex-boyfriend", "former partner", "estranged",
        "his partner", "her partner", "common-law", "had been dating", "were dating",
        "dating relationship", "his spouse", "her spouse", "femicide",
        "intimate partner violence",
    ],
    # Fights of many people; a fight of two is an assault (``fight`` below).
    "conflict": [
        "brawl", "brawls", "large fight", "group fight", "melee", "groups of people fighting",
        "altercation between groups", "mass fight", "between two groups", "rival groups",
        "two groups", "group of teens fighting", "groups of youths",
    ],
    # A fight of untold size: a community conflict unless two people are named.
    "fight": ["fight broke out", "fight involving", "fight between"],
    # A fight that reads as personal: an assault unless a group is named.
    "scuffle": [
        "got into a fight", "fistfight", "fist fight", "physical altercation", "scuffle",
        "fight outside", "fight inside", "after a fight", "during a fight", "in a fight",
    ],
    # Two people: a fight between them is an assault ("2 men" and "two men" are counted).
    "pair": [
        "another man", "another woman", "another passenger", "another person", "another driver",
        "another customer", "a man and a woman", "one-on-one", "the pair",
    ],
    # How many took part: a fight among these is a group fight ("about 20 people" is counted).
    "group": [
        "group of", "groups of", "several people", "multiple people", "a number of people",
        "dozens of", "a dozen", "crowd", "large group", "people fighting", "mob",
    ],
    "youths": [
        "teens", "teenagers", "youths", "young people", "teenage boys", "teenage girls",
        "boys", "girls", "students",
    ],
    "assault_act": [
        "assault", "assaults", "assaulted", "assaulting", "aggravated assault",
        "assault causing bodily harm", "assault with a weapon", "bodily harm", "choked",
        "punched", "punching", "punches", "sucker-punched", "sucker punched", "beaten",
        "beaten up", "a beating", "attacked", "beat up", "kicked", "stomped",
        "unprovoked attack", "random attack", "with a bat", "with a baseball bat",
        "with a hammer", "with a crowbar", "with a bottle", "with a brick", "with a pipe",
        "bear spray", "pepper spray", "pepper-sprayed",
    ],
    # An assault on an officer during an arrest is a charge of the arrest, not the incident.
    "assault_officer": [
        "assaulting a peace officer", "assault a peace officer", "assault peace officer",
        "assaulting a police officer", "assault of a police officer", "assaulting police",
        "assaulting an officer", "assaulted an officer", "assaulted a police officer",
    ],
    # An animal's attack is no assault.
    "animal_attack": [
        "dog attack", "attacked by a dog", "attacked by dogs", "attacked by a coyote",
        "coyote attack", "mauled", "dog bite",
    ],
}
# Counted people ("2 men", "about 20 people"): two make a pair, three or more a group.
PEOPLE_NOUNS = frozenset(
    {"people", "persons", "men", "women", "males", "females", "youths", "teens", "teenagers",
     "individuals", "suspects", "guests", "fans", "students", "others", "spectators", "patrons",
     "passengers", "adults", "boys", "girls"}
)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "dozen": 12, "dozens": 24, "several": 3, "multiple": 3}
# Words after "assault" that make it a kind of weapon, not an act.
ASSAULT_NOT_BEFORE = frozenset({"rifle", "rifles", "weapon", "weapons", "style"})
# fmt: on
