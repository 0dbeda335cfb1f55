"""Phrase lists of guns and gunfire: a person hit, a discharge that hit no one, shooting words,
gun seizures and gang activity, and the ways of saying no one was hurt.

A shooting word ("shooting", "shootout") is a ``shooting`` unless the text says no one was
hurt, then ``shots_fired``; gunfire that "struck" something is a shooting or a discharge by
what it struck (``cue_context.struck_property``).
"""

from __future__ import annotations

# Gunfire aimed at someone or something ("fired at" alone is also losing a job).
FIRED_AT = [
    f"fired at {target}"
    for target in ("him", "her", "them", "a vehicle", "the vehicle", "a car", "the car",
                   "a home", "the home", "a house", "the house", "a building", "officers",
                   "police", "a man", "a group", "the victim", "a crowd")
]  # fmt: skip

GUNFIRE_CUES: dict[str, list[str]] = {
    "hit": [
        "gunshot wound", "gunshot wounds", "gunshot victim", "shot and killed", "was shot",
        "were shot", "been shot", "got shot", "shot dead", "fatally shot", "shooting victim",
        "shooting victims", "shot multiple times", "shot several times", "shot in the",
        "wounded by gunfire", "killed by gunfire", "man shot", "woman shot", "teen shot",
        "boy shot", "girl shot", "person shot", "people shot", "youth shot", "shot in",
        "shot near", "shot outside", "shot inside", "shot while", "shot during", "shot on",
        "men shot", "women shot", "teens shot", "shot and injured", "shot and wounded",
    ],
    # Gunfire striking someone or something: a person hit, or a home or car (``rules.py``).
    "gunfire_struck": [
        "struck by gunfire", "hit by gunfire", "struck by a bullet", "hit by a bullet",
        "struck by bullets", "hit by bullets", "hit by several bullets",
        "struck by several bullets",
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
        "bullets struck", "bullets hit",
        "fired a handgun", "fired a gun", "fired into", *FIRED_AT, "fired upon",
        "opens fire", "opening fire", "firearm discharged", "firearm was discharged",
        "firearm had been discharged", "firearm being discharged", "gun was discharged",
        "gun discharged", "discharging a firearm", "discharge of a firearm", "spent casings",
        "shell casing", "bullet casings", "casings were found", "bullet hole", "bullet damage",
        "sound of shots", "sounds of shots", "reports of shots", "shots were heard",
    ],
    "no_injury": [
        "no injuries", "no one was injured", "no one was hurt", "no one was struck",
        "no reported injuries", "no injuries were reported", "nobody was hurt", "nobody hurt",
        "no one hurt", "nobody injured", "no one injured", "nobody was injured",
        "no injured", "no victims", "unhurt", "uninjured", "was not hurt", "were not hurt",
        "was not injured", "were not injured", "no one inside was hurt", "nobody was struck",
        "no one was hit", "nobody was hit", "no one was harmed", "nobody was harmed",
        "no reports of injuries", "not hurt", "did not locate any victims",
    ],
    "gun_gang": [
        "gun-related charges", "firearm charges", "firearms charges", "firearm-related charges",
        "weapons charges", "gun charges", "loaded handgun", "loaded firearm",
        "prohibited firearm", "guns seized", "firearms seized", "seized firearms",
        "seized a firearm", "seized a handgun", "gun seizure", "ghost gun", "street gang",
        "gang-related", "gang members", "guns and drugs", "illegal guns", "handguns seized",
    ],
}  # fmt: skip
