"""Context checks on cue matches: the words around a phrase that change what it means.

- "fire" after "opened" or before "shots" is gunfire, not a fire;
- gunfire that "struck" a home or a car is a discharge with no one hit; a person, a shooting;
- "assault" before "rifle" names a weapon; an assault on an officer is a charge of an arrest;
- a vehicle "struck by gunfire" is no collision;
- "Rob" before a capitalised word is a first name, not a robbery.
"""

from __future__ import annotations

from spacy.tokens import Doc

from classify.cue_people import ASSAULT_NOT_BEFORE, NUMBER_WORDS, PEOPLE_NOUNS
from classify.cue_phrases import FIRE_NOT_AFTER, FIRE_NOT_BEFORE

# What gunfire struck, read from the first of these nouns in the sentence: a person (a
# shooting) or a home, car or building (a discharge with no one hit).
PERSONS = frozenset(
    {"man", "men", "woman", "women", "boy", "boys", "girl", "girls", "teen", "teens",
     "teenager", "person", "people", "victim", "victims", "child", "children", "youth",
     "youths", "he", "she", "driver", "passenger", "resident", "bystander", "cyclist",
     "pedestrian", "someone", "toddler", "student", "worker", "officer"}
)  # fmt: skip
PROPERTY = frozenset(
    {"home", "homes", "house", "houses", "residence", "building", "buildings", "vehicle",
     "vehicles", "car", "cars", "suv", "truck", "van", "bus", "window", "windows", "door",
     "unit", "units", "apartment", "apartments", "condo", "townhouse", "business",
     "businesses", "storefront", "store", "shop", "restaurant", "bar", "property",
     "properties", "garage", "wall", "daycare", "school", "church", "mosque", "synagogue",
     "temple", "plaza", "office"}
)  # fmt: skip
_SENTENCE_ENDS = frozenset({".", "!", "?", ";"})
_GUNFIRE_AFTER_BY = frozenset({"gunfire", "bullet", "bullets", "shots", "gunshots"})


def is_a_fire(doc: Doc, index: int) -> bool:
    """The word "fire" at ``index`` names a fire (not "opened fire", "police fire")."""
    before = doc[index - 1].lower_ if index > 0 else ""
    after = doc[index + 1].lower_ if index + 1 < len(doc) else ""
    return before not in FIRE_NOT_AFTER and after not in FIRE_NOT_BEFORE


def _sentence_start(doc: Doc, index: int) -> int:
    while index > 0:
        previous = doc[index - 1].text
        if previous in _SENTENCE_ENDS or "\n" in previous:
            break
        index -= 1
    return index


def struck_property(doc: Doc, index: int) -> bool:
    """Did the gunfire strike a thing? The sentence's first person or property noun decides."""
    for token in doc[_sentence_start(doc, index) : index]:
        if token.lower_ in PERSONS:
            return False
        if token.lower_ in PROPERTY:
            return True
    return False


def _assault_is_a_weapon(doc: Doc, end: int) -> bool:
    after = end + 1 if end < len(doc) and doc[end].text == "-" else end
    return after < len(doc) and doc[after].lower_ in ASSAULT_NOT_BEFORE


def _by_gunfire(doc: Doc, end: int) -> bool:
    words = [t.lower_ for t in doc[end : end + 4]]
    return bool(words) and words[0] == "by" and bool(_GUNFIRE_AFTER_BY & set(words))


def _is_a_name(doc: Doc, start: int, end: int) -> bool:
    word = doc[start]
    return (
        end - start == 1
        and word.lower_ in ("rob", "robs")
        and word.text[0].isupper()
        and end < len(doc)
        and doc[end].text[:1].isupper()
    )


def counted_people(doc: Doc) -> set[str]:
    """ "pair" when the text counts two people ("2 men"), "crowd" when three or more ("about
    20 people", "five or six teens")."""
    found = set()
    for token in doc:
        word = token.lower_
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)
        if count < 2 or not any(t.lower_ in PEOPLE_NOUNS for t in doc[token.i + 1 : token.i + 4]):
            continue
        found.add("pair" if count == 2 and doc[token.i + 1].lower_ in PEOPLE_NOUNS else "crowd")
    return found


def skipped(key: str, doc: Doc, start: int, end: int, officer: list[tuple[int, int]]) -> bool:
    """True when the words around a match of cue ``key`` take its meaning away.

    ``officer`` holds the spans of assaults on an officer, which no assault cue counts in.
    """
    if key == "assault_act":
        return _assault_is_a_weapon(doc, end) or any(a <= start < b for a, b in officer)
    if key.startswith("collision"):
        return _by_gunfire(doc, end)
    if key == "robbery":
        return _is_a_name(doc, start, end)
    return False
