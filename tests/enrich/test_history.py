"""The per-neighbourhood history: counted by occurred-at, once per incident, never the
cancelled ones, the same after a replay, and bounded."""

from __future__ import annotations

from datetime import timedelta

from enrich.history import NeighbourhoodHistory
from schemas import IncidentStatus
from tests.enrich.factories import DOWNTOWN_HOOD, GLENFIELD
from tests.enrich.incidents import AT, incident


def counts(history: NeighbourhoodHistory, this: object) -> tuple[int, int]:
    rep = history.repetition(this)  # type: ignore[arg-type]
    assert rep is not None
    return rep.total, rep.same_type


def test_window_is_the_30_days_up_to_the_incidents_own_occurred_at() -> None:
    history = NeighbourhoodHistory()
    for days in (0.5, 29.9, 30.1, -0.5):  # the last one occurred after "this"
        history.observe(incident(["shooting"], at=AT - timedelta(days=days)))
    this = incident(["shooting"])
    history.observe(this)
    assert counts(history, this) == (3, 3)


def test_new_versions_and_joined_reports_count_once() -> None:
    history = NeighbourhoodHistory()
    first = incident(["shooting"], incident_id="inc-a", at=AT - timedelta(days=2))
    history.observe(first)
    history.observe(first.model_copy(update={"version": 2, "types": ["shooting", "homicide"]}))
    history.observe(first.model_copy(update={"version": 3}))
    this = incident(["shooting"])
    history.observe(this)
    history.observe(this)
    assert counts(history, this) == (2, 2)
    assert len(history) == 2


def test_cancelled_incidents_leave_the_history() -> None:
    history = NeighbourhoodHistory()
    retracted = incident(["shooting"], at=AT - timedelta(days=1))
    moved_out = incident(["shooting"], at=AT - timedelta(days=2))
    relabelled = incident(["shooting"], at=AT - timedelta(days=3))
    undated = incident(["shooting"], at=AT - timedelta(days=4), follow_up=True)
    follow_up = undated.model_copy(update={"occurred_at": None})  # of an incident of no date
    for one in (retracted, moved_out, relabelled, follow_up):
        history.observe(one)
    history.observe(retracted.model_copy(update={"status": IncidentStatus.RETRACTED}))
    history.observe(moved_out.model_copy(update={"in_area": False}))
    history.observe(relabelled.model_copy(update={"types": ["assault"]}))
    this = incident(["shooting"])
    history.observe(this)
    assert counts(history, this) == (1, 1)


def test_an_incident_that_moves_neighbourhood_leaves_the_old_one() -> None:
    history = NeighbourhoodHistory()
    earlier = incident(["stabbing"], at=AT - timedelta(days=1), hood=GLENFIELD)
    history.observe(earlier)
    history.observe(
        earlier.model_copy(update={"location": incident([], hood=DOWNTOWN_HOOD).location})
    )
    here = incident(["stabbing"], hood=GLENFIELD)
    there = incident(["stabbing"], hood=DOWNTOWN_HOOD)
    history.observe(here)
    history.observe(there)
    assert counts(history, here) == (1, 1)
    assert counts(history, there) == (2, 2)


def test_replay_after_rehydration_gives_the_live_counts() -> None:
    week = [incident(["shooting"], at=AT + timedelta(days=d)) for d in (0, 1, 3, 6)]
    live, live_counts = NeighbourhoodHistory(), []
    for one in week:
        live.observe(one)
        live_counts.append(counts(live, one))
    replay = NeighbourhoodHistory()
    replay.load(reversed(week))  # the store holds the whole week, in any order
    assert [counts(replay, one) for one in week] == live_counts == [(n, n) for n in (1, 2, 3, 4)]


def test_history_is_bounded() -> None:
    history = NeighbourhoodHistory(per_neighbourhood=5, neighbourhoods=2)
    for day in range(20):
        history.observe(incident(["shooting"], at=AT + timedelta(days=day)))
    assert len(history) == 5
    last = incident(["shooting"], at=AT + timedelta(days=20))
    assert counts(history, last) == (6, 6)  # five kept plus this one
    for code in ("900", "901", "902"):
        other = incident(["shooting"], hood=GLENFIELD.model_copy(update={"code": code}))
        history.observe(other)
    assert len(history) == 2  # the two most recently touched neighbourhoods only


def test_a_dated_incident_told_only_by_follow_ups_counts() -> None:
    """An arrest story about a shooting four days ago: the shooting was in the neighbourhood."""
    history = NeighbourhoodHistory()
    history.observe(incident(["shooting"], at=AT - timedelta(days=4), follow_up=True))
    this = incident(["shooting"])
    history.observe(this)
    assert counts(history, this) == (2, 2)
