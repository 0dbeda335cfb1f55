"""Facts read from a report's words: fatalities, injured count, weapon, youth involved."""

from __future__ import annotations

import re

from classify.caseless import caseless

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "both": 2, "several": 3, "multiple": 2,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|both|several|multiple)"
_WHO = (
    r"(?:\s+(?:other\s+|more\s+)?(?:people|persons|men|women|victims|others|pedestrians|"
    r"teens|children|youths|boys|girls|man|woman|person|teen|child|boy|girl))?"
)

# Counts are read from a short window before each keyword: cheap, and anchored on the fact.
_COUNT_BEFORE = caseless(
    rf"\b{_NUM}{_WHO}\s*(?:(?:are|were|is|was|have been|has been|now)\s+)?"
    r"(?:(?:seriously|critically|severely|badly|also|others?)\s+|,\s*)?$"
)
_SENDS_BEFORE = caseless(rf"\b(?:sends?|among)\s+{_NUM}(?:\s+\w+)?\s+$")
_DEAD_WORD = re.compile(r"\b(?:dead|killed|died)\b")
_INJURED_WORD = re.compile(r"\b(?:injured|hurt|wounded|in hospital|to hospital|suffering)\b")
_DEATH = caseless(
    r"\b(?:dead|killed|killing|died|dies|fatal(?:ly)?|pronounced dead|homicide|murder(?:ed)?|"
    r"slain|deadly|death)\b"
)
_INJURY = caseless(
    r"\b(?:injured|injuries|injury|wounded|wounds?|hurt|to hospital|in hospital|"
    r"critical condition|life-threatening)\b"
)
_NO_INJURY = caseless(
    r"\b(?:no (?:reported )?injuries|no injured(?: people| persons)?|no victims|unhurt|uninjured|"
    r"(?:no one|nobody)(?: inside)? (?:was |were )?(?:injured|hurt|struck|hit|harmed)|"
    r"(?:was|were) not (?:injured|hurt))\b"
)
_WEAPONS = (
    ("firearm", caseless(r"\b(?:gun\w*|firearms?|handguns?|rifles?|shot|shooting|gunfire|"
                           r"gunshots?|bullets?|shell casings)\b")),
    ("knife", caseless(r"\b(?:knife|knives|stab\w*|slash\w*|machete|edged weapon)\b")),
    ("blunt object", caseless(r"\b(?:hammer|bat|baseball bat|crowbar|pipe)\b")),
    ("vehicle", caseless(r"\b(?:ran over|rammed|used (?:a|his|her) vehicle)\b")),
)  # fmt: skip
_NOT_WEAPON = caseless(r"\b(?:stun guns?|tasers?|shot (?:a|the) (?:video|photo))\b")
_YOUTH = caseless(
    r"\b(?:teens?|teenagers?|teenaged|youths?|boys?|girls?|child|children|kids?|minors?|"
    r"students?|juveniles?|Youth Criminal Justice Act|(?:[1-9]|1[0-7])-year-olds?)\b"
)


def _count(match: re.Match[str]) -> int:
    raw = match.group("n").lower()
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def _counts(lower: str, keyword: re.Pattern[str]) -> list[int]:
    counts = []
    for match in keyword.finditer(lower):
        window = lower[max(0, match.start() - 60) : match.start()]
        found = _COUNT_BEFORE.search(window) or _SENDS_BEFORE.search(window)
        if found:
            counts.append(_count(found))
    return counts


def fatalities(text: str) -> int | None:
    """Number of people killed, 1 when a death is mentioned without a count, else None."""
    lower = text.lower()
    if not any(w in lower for w in ("dead", "kill", "die", "fatal", "homicide", "murder",
                                    "slain", "death")):  # fmt: skip
        return None
    counts = _counts(lower, _DEAD_WORD)
    if counts:
        return max(counts)
    return 1 if _DEATH.search(lower) else None


def injured(text: str) -> int | None:
    """Number of people injured; 0 when the text says no injuries; None when unknown."""
    lower = text.lower()
    if not any(w in lower for w in ("injur", "hurt", "wound", "hospital", "suffer",
                                    "critical condition", "life-threatening")):  # fmt: skip
        return None
    said_none = _NO_INJURY.search(lower)
    rest = _NO_INJURY.sub(" ", lower)  # "no one was hurt" holds no count of one
    counts = _counts(rest, _INJURED_WORD)
    if counts:
        return max(counts)
    if said_none:
        return 0
    return 1 if _INJURY.search(rest) else None


def weapon(text: str) -> str | None:
    """The weapon named in the text (firearm, knife, blunt object, vehicle), else None."""
    cleaned = _NOT_WEAPON.sub(" ", text.lower())
    for name, pattern in _WEAPONS:
        if pattern.search(cleaned):
            return name
    return None


def youth_involved(text: str) -> bool | None:
    """True when a young person is named as victim or suspect; None when the text is silent."""
    return True if _YOUTH.search(text.lower()) else None
