"""Rule table of the recommended supports: each one, and why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from enrich.history import NeighbourhoodHistory
from enrich.supports import recommended_supports
from schemas import SupportKind
from tests.enrich.factories import DOWNTOWN_HOOD
from tests.enrich.incidents import AT, incident

S = SupportKind
TABLE: list[tuple[list[str], dict[str, Any], int, list[SupportKind], str]] = [
    (["community_conflict"], {"hood": DOWNTOWN_HOOD}, 0,
     [S.NEEDS_ASSESSMENT, S.COMMUNITY_DEBRIEF], "residents who saw or heard it"),
    (["swarming"], {"hood": DOWNTOWN_HOOD}, 0, [S.NEEDS_ASSESSMENT, S.COMMUNITY_DEBRIEF], ""),
    (["stabbing"], {"hood": DOWNTOWN_HOOD, "injured": 1, "youth": True}, 0,
     [S.NEEDS_ASSESSMENT, S.TRAUMA_COUNSELLING, S.SCHOOL_YOUTH], "1 injured"),
    (["shooting"], {}, 0,
     [S.NEEDS_ASSESSMENT, S.COMMUNITY_DEBRIEF, S.TRAUMA_COUNSELLING, S.SAFETY_NETWORK],
     "Neighbourhood Improvement Area"),
    (["police_raid"], {"hood": DOWNTOWN_HOOD}, 0, [S.NEEDS_ASSESSMENT, S.SAFETY_NETWORK],
     "police raid"),
    (["stabbing"], {"hood": DOWNTOWN_HOOD}, 1,
     [S.NEEDS_ASSESSMENT, S.COMMUNITY_DEBRIEF, S.TRAUMA_COUNSELLING, S.SAFETY_NETWORK],
     "2nd stabbing in Downtown Yonge East in 30 days"),
    (["homicide"], {"hood": DOWNTOWN_HOOD, "fatalities": 1, "youth": True}, 0,
     [S.NEEDS_ASSESSMENT, S.COMMUNITY_DEBRIEF, S.TRAUMA_COUNSELLING, S.SCHOOL_YOUTH],
     "1 killed"),
]  # fmt: skip


@pytest.mark.parametrize(("types", "attrs", "earlier", "kinds", "words"), TABLE)
def test_supports_rule_table(
    types: list[str], attrs: dict[str, Any], earlier: int, kinds: list[SupportKind], words: str
) -> None:
    history = NeighbourhoodHistory()
    for n in range(earlier):
        history.observe(incident(types, hood=attrs.get("hood"), at=AT - timedelta(days=n + 1)))
    this = incident(types, **attrs)
    history.observe(this)
    supports = recommended_supports(this, history.repetition(this))
    assert [s.kind for s in supports] == kinds
    assert all(s.why for s in supports)
    assert words in " | ".join(s.why for s in supports)
