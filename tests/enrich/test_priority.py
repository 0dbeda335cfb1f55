"""Rule table of the CCRP priority: severity, repetition and NIA, each reason in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from enrich.history import NeighbourhoodHistory
from enrich.priority import neighbourhood_context, ordinal, priority_of
from schemas import Neighbourhood, PriorityFactor, PriorityLevel
from tests.enrich.factories import DOWNTOWN_HOOD, GLENFIELD, MOSS_PARK
from tests.enrich.incidents import AT, incident

F = PriorityFactor
# (types, incident attributes, earlier incidents of the neighbourhood (types, days before),
#  level, score, factors, words that must appear in the reasons)
TABLE: list[tuple[list[str], dict[str, Any], list[tuple[list[str], float]], PriorityLevel,
                  int, set[PriorityFactor], list[str]]] = [
    (["shots_fired"], {"hood": DOWNTOWN_HOOD}, [], PriorityLevel.STANDARD, 2, {F.WEAPON},
     ["firearm (implied by the incident type)"]),
    (["community_conflict"], {"hood": DOWNTOWN_HOOD}, [], PriorityLevel.STANDARD, 0, set(), []),
    (["shooting"], {"injured": 1}, [], PriorityLevel.HIGH, 4, {F.INJURED, F.WEAPON, F.NIA},
     ["1 person injured", "Glenfield-Jane Heights is a Neighbourhood Improvement Area"]),
    (["stabbing"], {"hood": DOWNTOWN_HOOD, "injured": 1, "youth": True, "weapon": "knife"}, [],
     PriorityLevel.HIGH, 4, {F.INJURED, F.YOUTH, F.WEAPON}, ["a young person involved", "knife"]),
    (["stabbing"], {"hood": MOSS_PARK, "injured": 5}, [], PriorityLevel.HIGH, 4,
     {F.INJURED, F.WEAPON}, ["5 people injured"]),
    (["shooting", "homicide"], {"fatalities": 1, "injured": 2}, [], PriorityLevel.URGENT, 10,
     {F.FATALITIES, F.INJURED, F.WEAPON, F.NIA}, ["1 person killed", "2 people injured"]),
    (["homicide"], {"hood": DOWNTOWN_HOOD}, [], PriorityLevel.URGENT, 5, {F.FATALITIES},
     ["a violent death (homicide)"]),
    (["shooting"], {}, [(["shooting"], 3), (["shooting"], 20)], PriorityLevel.HIGH, 5,
     {F.WEAPON, F.REPETITION, F.NIA}, ["3rd shooting in Glenfield-Jane Heights in 30 days"]),
    (["shooting"], {"injured": 1}, [(["shooting"], d) for d in (1, 2, 5, 9)],
     PriorityLevel.URGENT, 7, {F.INJURED, F.WEAPON, F.REPETITION, F.NIA},
     ["5th shooting in Glenfield-Jane Heights in 30 days"]),
    (["shooting"], {"hood": DOWNTOWN_HOOD}, [(["stabbing"], 2)], PriorityLevel.STANDARD, 3,
     {F.WEAPON, F.REPETITION},
     ["1st shooting and 2nd CCRP incident in Downtown Yonge East in 30 days"]),
    # Earlier than 30 days, later than this one, or not a CCRP incident: not repetition.
    (["shooting"], {"hood": DOWNTOWN_HOOD}, [(["shooting"], 31), (["shooting"], -1),
     (["assault"], 2)], PriorityLevel.STANDARD, 2, {F.WEAPON}, []),
]  # fmt: skip


@pytest.mark.parametrize(("types", "attrs", "earlier", "level", "score", "factors", "words"), TABLE)
def test_priority_rule_table(
    types: list[str],
    attrs: dict[str, Any],
    earlier: list[tuple[list[str], float]],
    level: PriorityLevel,
    score: int,
    factors: set[PriorityFactor],
    words: list[str],
) -> None:
    history = NeighbourhoodHistory()
    hood: Neighbourhood = attrs.get("hood", GLENFIELD)
    for kinds, days in earlier:
        history.observe(incident(kinds, hood=hood, at=AT - timedelta(days=days)))
    this = incident(types, **attrs)
    history.observe(this)
    priority = priority_of(this, history.repetition(this))
    assert (priority.level, priority.score) == (level, score)
    assert {r.factor for r in priority.reasons} == factors
    assert sum(r.points for r in priority.reasons) == priority.score
    details = [r.detail for r in priority.reasons]
    for word in words:
        assert word in details


def test_neighbourhood_context_lists_earlier_incidents_newest_first() -> None:
    history = NeighbourhoodHistory()
    older = incident(["stabbing"], at=AT - timedelta(days=10))
    newer = incident(["shooting"], at=AT - timedelta(days=1))
    this = incident(["shooting"])
    for one in (older, this, newer):
        history.observe(one)
    context = neighbourhood_context(history.repetition(this))
    assert context is not None
    assert (context.code, context.is_nia) == ("025", True)
    assert (context.ccrp_incidents_30d, context.same_type_30d) == (3, 2)
    assert [r.incident_id for r in context.recent] == [newer.incident_id, older.incident_id]


def test_no_neighbourhood_no_context_and_no_repetition() -> None:
    this = incident(["shooting"], hood=None)
    history = NeighbourhoodHistory()
    history.observe(this)
    assert history.repetition(this) is None
    assert neighbourhood_context(None) is None
    assert {r.factor for r in priority_of(this, None).reasons} == {F.WEAPON}


@pytest.mark.parametrize(
    ("n", "word"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                    (13, "13th"), (21, "21st"), (22, "22nd"), (111, "111th")]
)  # fmt: skip
def test_ordinals(n: int, word: str) -> None:
    assert ordinal(n) == word
