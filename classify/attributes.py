"""Facts read from a report's words: fatalities, injured count, weapon, youth involved."""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "both": 2, "several": 3, "multiple": 2,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|both|several|multiple)"
_WHO = (
    r"(?:\s+(?:other\s+|more\s+)?(?:people|persons|men|women|victims|others|pedestrians|"
    r"teens|children|youths|boys|girls|man|woman|person|teen|child|boy|girl))?"
)

_DEAD_COUNT = re.compile(
    rf"\b{_NUM}{_WHO}\s*(?:(?:are|were|is|was|have been|has been|now)\s+)?(?:dead|killed|died)\b",
    re.IGNORECASE,
)
_DEATH = re.compile(
    r"\b(?:dead|killed|died|dies|fatal(?:ly)?|pronounced dead|homicide|murder(?:ed)?|slain|"
    r"deadly|death)\b",
    re.IGNORECASE,
)
_INJURED_COUNT = re.compile(
    rf"\b{_NUM}{_WHO}\s*(?:(?:are|were|is|was|have been|has been)\s+)?"
    r"(?:(?:seriously|critically|severely|badly|also)\s+|,\s*)?"
    r"(?:injured|hurt|wounded|in hospital|to hospital|taken to hospital|suffering)\b",
    re.IGNORECASE,
)
_SENDS = re.compile(rf"\bsends?\s+{_NUM}(?:\s+\w+)?\s+to\s+hospital\b", re.IGNORECASE)
_AMONG = re.compile(rf"\bamong\s+{_NUM}\s+(?:\w+\s+)?(?:to hospital|injured|hurt)\b", re.IGNORECASE)
_INJURY = re.compile(
    r"\b(?:injured|injuries|injury|wounded|wounds?|hurt|to hospital|in hospital|"
    r"critical condition|life-threatening)\b",
    re.IGNORECASE,
)
_NO_INJURY = re.compile(r"\bno (?:one was )?(?:injuries|injured|one was hurt)\b", re.IGNORECASE)
_WEAPONS = (
    ("firearm", re.compile(r"\b(?:gun\w*|firearms?|handguns?|rifles?|shot|shooting|gunfire|"
                           r"gunshots?|bullets?|shell casings)\b", re.IGNORECASE)),
    ("knife", re.compile(r"\b(?:knife|knives|stab\w*|slash\w*|machete|edged weapon)\b",
                         re.IGNORECASE)),
    ("blunt object", re.compile(r"\b(?:hammer|bat|baseball bat|crowbar|pipe)\b", re.IGNORECASE)),
    ("vehicle", re.compile(r"\b(?:ran over|rammed|used (?:a|his|her) vehicle)\b", re.IGNORECASE)),
)  # fmt: skip
_NOT_WEAPON = re.compile(r"\b(?:stun guns?|tasers?|shot (?:a|the) (?:video|photo))\b", re.I)
_YOUTH = re.compile(
    r"\b(?:teens?|teenagers?|teenaged|youths?|boys?|girls?|child|children|kids?|minors?|"
    r"students?|juveniles?|Youth Criminal Justice Act|(?:[1-9]|1[0-7])-year-olds?)\b",
    re.IGNORECASE,
)


def _count(match: re.Match[str]) -> int:
    raw = match.group("n").lower()
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def fatalities(text: str) -> int | None:
    """Number of people killed, 1 when a death is mentioned without a count, else None."""
    counts = [_count(m) for m in _DEAD_COUNT.finditer(text)]
    if counts:
        return max(counts)
    return 1 if _DEATH.search(text) else None


def injured(text: str) -> int | None:
    """Number of people injured; 0 when the text says no injuries; None when unknown."""
    counts = [_count(m) for r in (_INJURED_COUNT, _SENDS, _AMONG) for m in r.finditer(text)]
    if counts:
        return max(counts)
    if _NO_INJURY.search(text):
        return 0
    return 1 if _INJURY.search(text) else None


def weapon(text: str) -> str | None:
    """The weapon named in the text (firearm, knife, blunt object, vehicle), else None."""
    cleaned = _NOT_WEAPON.sub(" ", text)
    for name, pattern in _WEAPONS:
        if pattern.search(cleaned):
            return name
    return None


def youth_involved(text: str) -> bool | None:
    """True when a young person is named as victim or suspect; None when the text is silent."""
    return True if _YOUTH.search(text) else None
