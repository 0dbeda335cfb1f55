"""Time evidence on the scale of each statement: a part of the day spans hours, a follow-up
that dates the incident counts as its statement does, and a past month widens its window."""

from __future__ import annotations

from datetime import timedelta

from classify.followup import is_follow_up
from classify.timeparse import OccurredAt
from enrich.details import story_details
from enrich.evidence import time_evidence
from enrich.signatures import Signature, signature_of
from schemas import EnrichedReport
from tests.enrich.factories import news, utc

WINDOW, FOLLOW_UPS = timedelta(hours=24), timedelta(days=7)


def _sig(er: EnrichedReport, follow_up: bool = False) -> Signature:
    return signature_of(er, WINDOW, FOLLOW_UPS, follow_up)


def _stabbing(
    published: str, occurred: str, text: str, title: str = "Man stabbed"
) -> EnrichedReport:
    return news(
        "citynews",
        utc(published),
        ["stabbing"],
        title=title,
        occurred_at=utc(occurred),
        occurred_at_text=text,
    )


def test_a_part_of_the_day_fits_any_time_in_its_middle_equally() -> None:
    early = _stabbing("2026-10-01T12:00", "2026-10-01T08:00", "early Thursday")  # 04:00 local
    at_2_30 = _stabbing("2026-10-01T10:00", "2026-10-01T06:30", "around 2:30 a.m.")
    at_4 = _stabbing("2026-10-01T10:00", "2026-10-01T08:00", "around 4 a.m.")
    at_12_40 = _stabbing("2026-10-01T10:00", "2026-10-01T04:40", "around 12:40 a.m.")
    afternoon = _stabbing("2026-10-01T22:00", "2026-10-01T19:00", "around 3 p.m.")
    inside = time_evidence(_sig(early), _sig(at_2_30))
    assert inside is not None and inside == time_evidence(_sig(early), _sig(at_4))
    edge = time_evidence(_sig(early), _sig(at_12_40))
    assert edge is not None and 0.5 < edge < inside
    assert time_evidence(_sig(early), _sig(afternoon)) is None


def test_a_clock_time_keeps_its_own_scale() -> None:
    story = _stabbing("2026-10-01T12:00", "2026-10-01T03:00", "just after 11 p.m.")
    hours_off = _stabbing("2026-10-01T12:00", "2026-10-01T04:45", "around 12:45 a.m.")
    found = time_evidence(_sig(story), _sig(hours_off))
    assert found is not None and found < 0.5


def test_a_follow_up_dating_the_incident_counts_as_its_statement() -> None:
    story = _stabbing("2026-10-01T20:00", "2026-10-01T19:00", "Thursday afternoon")
    dated = _stabbing("2026-10-05T15:00", "2026-10-01T16:00", "on Thursday")
    undated = news("citynews", utc("2026-10-05T15:00"), ["stabbing"])
    with_day = time_evidence(_sig(story), _sig(dated, follow_up=True))
    without = time_evidence(_sig(story), _sig(undated, follow_up=True))
    assert with_day is not None and without is not None and with_day > without + 0.1


def test_a_follow_up_about_a_past_month_reaches_back_to_it() -> None:
    title = "Accused in plaza killing in August appears in court"
    court = _stabbing("2026-10-02T15:00", "2026-10-02T14:00", "Friday", title=title)
    charge = _stabbing("2026-10-01T15:00", "2026-08-24T03:00", "on the night of Aug. 23")
    assert time_evidence(_sig(court, follow_up=True), _sig(charge, follow_up=True)) is not None
    assert story_details(title, "", 2026, published_month=10).past_month == (2026, 8)
    assert story_details("Killed in October", "", 2026, published_month=10).past_month is None


def test_a_court_appearance_is_a_follow_up() -> None:
    text = "The accused made a first court appearance by video in a Toronto courtroom."
    assert is_follow_up(text, utc("2026-10-02T15:00"), OccurredAt(None, None, False))[0]
