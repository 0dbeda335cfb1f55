"""Rule cues for incident types: a spaCy component with a PhraseMatcher and a Matcher.

Rules are more precise than the statistical model for wording with a fixed meaning:
"evidence of gunfire" is a discharge with no one hit, "stabbed" is a stabbing, a "shooting
guard" is basketball, "police fire Tasers" is no fire. The component records the cues it
finds on ``doc._.incident_cues``; :func:`types_from_cues` turns them into types.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from classify.cue_context import counted_people, is_a_fire, skipped, struck_property
from classify.cue_phrases import CUE_PHRASES, VEHICLES

RULES_COMPONENT = "incident_rules"

if not Doc.has_extension("incident_cues"):
    Doc.set_extension("incident_cues", default=None)

# Cues that are enough on their own to call a text an incident, whatever the model thinks.
STRONG_CUES = frozenset(
    {"hit", "stabbing", "discharge", "homicide", "missing", "sexual", "robbery", "swarming",
     "drug", "mental", "ipv", "raid", "gun_gang", "conflict", "collision_struck", "shoot_word",
     "drug_crime"}
)  # fmt: skip

_SIMPLE = {
    "stabbing": "stabbing", "swarming": "swarming", "conflict": "community_conflict",
    "gun_gang": "gun_gang_activity", "raid": "police_raid", "ipv": "intimate_partner_violence",
    "sexual": "sexual_assault", "robbery": "robbery", "robbery_plural": "robbery",
    "property": "property_crime", "mental": "mental_health_crisis", "fire": "fire",
    "collision": "collision", "collision_struck": "collision", "drug": "drug_poisoning",
    "missing": "missing_person", "assault_act": "assault", "homicide": "homicide",
}  # fmt: skip


class IncidentRules:
    """spaCy component: finds incident cue phrases and stores their names on the doc."""

    def __init__(self, nlp: Language, name: str = RULES_COMPONENT) -> None:
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key, phrases in CUE_PHRASES.items():
            self.phrases.add(key, [nlp.make_doc(p) for p in phrases])
        struck = [
            f"{verb} {det}{vehicle}"
            for verb in ("struck by", "hit by", "run over by", "struck by a", "hit by a")
            for det in ("", "a ", "an ", "the ")
            for vehicle in VEHICLES
        ]
        self.phrases.add("collision_struck", [nlp.make_doc(p) for p in struck])
        self.phrases.add("fire_word", [nlp.make_doc("fire"), nlp.make_doc("fires")])

    def __call__(self, doc: Doc) -> Doc:
        cues: set[str] = set()
        vocab = doc.vocab.strings
        matches = [(vocab[match_id], start, end) for match_id, start, end in self.phrases(doc)]
        officer = [(start, end) for key, start, end in matches if key == "assault_officer"]
        for key, start, end in matches:
            if key == "fire_word":
                if is_a_fire(doc, start):
                    cues.add("fire")
            elif key == "gunfire_struck":
                cues.add("discharge" if struck_property(doc, start) else "hit")
            elif not skipped(key, doc, start, end, officer):
                cues.add(key)
        if cues & {"fight", "scuffle"}:
            cues |= counted_people(doc)
        doc._.incident_cues = frozenset(cues)
        return doc


@Language.factory(RULES_COMPONENT)
def make_incident_rules(nlp: Language, name: str) -> IncidentRules:
    return IncidentRules(nlp, name)


def types_from_cues(cues: frozenset[str], injured: int | None, dead: bool) -> set[str]:
    """Incident types implied by the rule cues (empty when the rules see no incident)."""
    types = {_SIMPLE[c] for c in cues if c in _SIMPLE}
    _add_person_types(cues, types)
    sports = "sports" in cues
    shoot_word = bool(cues & {"shoot_word", "shoot_plural"}) and not sports
    shoot_word = shoot_word and "media_sense" not in cues
    if "hit" in cues:
        types.add("shooting")
    elif shoot_word:
        quiet = "no_injury" in cues or ("discharge" in cues and not injured and not dead)
        types.add("shots_fired" if quiet else "shooting")
    elif "discharge" in cues:
        types.add("shooting" if (injured or dead) and "no_injury" not in cues else "shots_fired")
    violent = types & {"shooting", "stabbing", "assault"}
    if violent and (dead or "death" in cues) and "no_death" not in cues:
        types.add("homicide")
    if "attempt" in cues and "death" not in cues and "homicide" in types:
        # "attempted murder" names a charge, and the victim survived.
        types.discard("homicide")
    if "no_foul_play" in cues and not violent:
        # "the death is not considered suspicious": a death, not a homicide.
        types.discard("homicide")
    guns = "seize_word" in cues and "gun_word" in cues
    if guns:
        types.add("gun_gang_activity")
    substance = "drug_substance" in cues
    if substance and not guns and ("seize_word" in cues or "drug_crime" in cues):
        # A drug seizure with no gun is drug crime, and a poisoning only with its own wording.
        types.add("other")
    elif "drug_crime" in cues and not guns:
        types.add("other")
    elif substance and (dead or injured) and "drug" not in cues and not types:
        types.add("drug_poisoning")
    if "driving_offence" in cues and "collision" not in types:
        types.add("other")
    if "other" in cues:
        types.add("other")
    if not types and dead and "death" in cues and "illness" not in cues:
        # A death that no specific type names (a fall, a workplace death): ``other``.
        types.add("other")
    if "police_force" in cues:
        # Force used by the police (a Taser, an SIU case) is no assault and no fire.
        types.add("other")
        types -= {"fire", "assault"}
    if "assault_officer" in cues and not types:
        types.add("assault")
    if sports and not types & {"shooting", "stabbing", "homicide"}:
        return set()
    return subsume(types)


def _add_person_types(cues: frozenset[str], types: set[str]) -> None:
    """Types that only word combinations name (``cue_people.py``)."""
    group = "group" in cues
    crowd = group or "crowd" in cues
    if "fight" in cues or "scuffle" in cues:
        # A group fight is a community conflict, a fight of two an assault; a fight of
        # untold size a conflict, a scuffle an assault.
        pair = "pair" in cues and not crowd
        untold = "fight" in cues and not pair
        types.add("community_conflict" if crowd or untold else "assault")
    if "taking" in cues and cues & {"threat", "assault_act"}:
        # Taking from a person by threat or force is a robbery, whatever it is called.
        types.add("robbery")
    if group and "youths" in cues and ("robbery" in types or "assault_act" in cues):
        types.add("swarming")
    if "animal_attack" in cues:
        types.add("other")
        types.discard("assault")


def subsume(types: set[str]) -> set[str]:
    """Drop the general types that a more specific one already covers."""
    if types & {"shooting", "stabbing", "homicide", "sexual_assault", "robbery", "swarming",
                 "intimate_partner_violence", "community_conflict"}:  # fmt: skip
        # An assault is the type only when no more specific violent type applies.
        types.discard("assault")
    if "robbery" in types:
        types.discard("property_crime")
    if "swarming" in types:
        types.discard("robbery")
    if "shooting" in types:
        types.discard("shots_fired")
    if types & {"shooting", "shots_fired", "homicide"}:
        # The gun activity is the shooting itself.
        types.discard("gun_gang_activity")
    if len(types) > 1:
        types.discard("other")
    return types
