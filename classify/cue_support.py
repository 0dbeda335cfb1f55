"""Which evaluation items support each cue phrase: a check that no cue is fitted to one item.

A cue phrase matched by exactly one item of the sets the rules were written against (the
dev half of the real news and the self-written sets) may have been lifted from that item
rather than written for its general meaning. :func:`single_item_cues` lists them; a cue stays
only when its meaning is general, and then it is named in ``GENERAL_SINGLE_SUPPORT`` with the
reason (``classify/cue_phrases.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import spacy
from spacy.matcher import PhraseMatcher

from classify.cue_phrases import CUE_PHRASES
from classify.followup_cues import FOLLOW_UP_PHRASES

_SEPARATOR = "\x1f"


@dataclass
class CueSupport:
    """The items (by id) that match one phrase of one cue list."""

    cue: str
    phrase: str
    items: set[str] = field(default_factory=set)


def cue_lists() -> dict[str, list[str]]:
    """Every phrase list the rules read, by name: type cues and follow-up cues."""
    lists = {f"type:{k}": list(v) for k, v in CUE_PHRASES.items()}
    lists.update({f"follow-up:{k}": list(v) for k, v in FOLLOW_UP_PHRASES.items()})
    return lists


def cue_support(
    items: Iterable[tuple[str, str]], lists: Mapping[str, list[str]] | None = None
) -> list[CueSupport]:
    """Per phrase, the ids of the ``(id, text)`` items that match it (case-insensitive)."""
    lists = cue_lists() if lists is None else lists
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    support: dict[str, CueSupport] = {}
    for cue, phrases in lists.items():
        for phrase in phrases:
            key = f"{cue}{_SEPARATOR}{phrase}"
            support[key] = CueSupport(cue, phrase)
            matcher.add(key, [nlp.make_doc(phrase)])
    strings = nlp.vocab.strings
    for item_id, text in items:
        for match_id, _start, _end in matcher(nlp.make_doc(text)):
            support[strings[match_id]].items.add(item_id)
    return list(support.values())


def single_item_cues(support: Iterable[CueSupport], allowed: Iterable[str]) -> list[CueSupport]:
    """Phrases supported by exactly one item and not on the documented allow-list."""
    allowed = set(allowed)
    return [s for s in support if len(s.items) == 1 and s.phrase not in allowed]


def render_support(support: Iterable[CueSupport], only_single: bool = False) -> str:
    """One line per phrase: cue list, phrase, number of items and their ids."""
    lines = []
    for s in sorted(support, key=lambda s: (s.cue, len(s.items), s.phrase)):
        if only_single and len(s.items) != 1:
            continue
        ids = ", ".join(sorted(s.items)[:6]) + (" ..." if len(s.items) > 6 else "")
        lines.append(f"{s.cue:<26} {s.phrase!r:<36} {len(s.items):>3}  {ids}")
    return "\n".join(lines)
