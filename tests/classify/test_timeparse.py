"""Relative time phrases resolved against the publish time in America/Toronto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classify.timeparse import LOCAL_TZ, mentions_past_year, resolve_occurred_at
from tests.ingest.strategies import PROPERTY

PHRASES = [
    "late Friday night", "just after 11 p.m.", "on May 18", "last week", "Saturday afternoon",
    "at noon", "overnight", "early Sunday", "in 2019", "12:30 a.m.", "Dec. 31, 2025", "99 p.m.",
]  # fmt: skip

# Friday 10 July 2026, 23:35 in Toronto (EDT, UTC-4).
PUBLISHED = datetime(2026, 7, 11, 3, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a shooting late Friday night", datetime(2026, 7, 11, 3, 0, tzinfo=UTC)),
        ("called just after 11 p.m.", datetime(2026, 7, 11, 3, 0, tzinfo=UTC)),
        ("late Friday night, just after 11 p.m.", datetime(2026, 7, 11, 3, 0, tzinfo=UTC)),
        ("on Saturday afternoon", datetime(2026, 7, 4, 19, 0, tzinfo=UTC)),
        ("early Tuesday morning", datetime(2026, 7, 7, 8, 0, tzinfo=UTC)),
        ("on May 18", datetime(2026, 5, 18, 16, 0, tzinfo=UTC)),
        ("on Sunday, July 5 around 9:45 p.m.", datetime(2026, 7, 6, 1, 45, tzinfo=UTC)),
        ("January 28, 2025", datetime(2025, 1, 28, 17, 0, tzinfo=UTC)),
        ("last week", datetime(2026, 7, 3, 16, 0, tzinfo=UTC)),
        ("shortly before 4:15 a.m.", datetime(2026, 7, 10, 8, 15, tzinfo=UTC)),
    ],
)
def test_phrases_resolve_in_toronto_time(text: str, expected: datetime) -> None:
    occurred = resolve_occurred_at(text, PUBLISHED)
    assert occurred.when == expected
    assert occurred.when is not None and occurred.when.tzinfo is UTC


def test_time_after_publication_belongs_to_the_day_before() -> None:
    morning = datetime(2026, 7, 11, 12, 0, tzinfo=UTC)  # Saturday 08:00 in Toronto
    occurred = resolve_occurred_at("called just after 11 p.m.", morning)
    assert occurred.when == datetime(2026, 7, 11, 3, 0, tzinfo=UTC)
    assert occurred.earlier_day is True


def test_no_time_phrase_and_no_publish_time() -> None:
    assert resolve_occurred_at("Police are investigating", PUBLISHED).when is None
    assert resolve_occurred_at("late Friday night", None).when is None


def test_past_years() -> None:
    assert mentions_past_year("the teen who killed a woman in 2025", PUBLISHED)
    assert mentions_past_year("charged in a 2024 homicide", PUBLISHED)
    assert not mentions_past_year("tickets for the 2027 season", PUBLISHED)
    assert not mentions_past_year("about 2020 people", PUBLISHED)


@PROPERTY
@given(
    text=st.text(max_size=300) | st.lists(st.sampled_from(PHRASES), max_size=4).map(" ".join),
    published=st.none() | st.datetimes(timezones=st.just(UTC)),
)
def test_any_text_resolves_or_gives_nothing(text: str, published: datetime | None) -> None:
    occurred = resolve_occurred_at(text, published)
    assert occurred.when is None or occurred.when.tzinfo is not None
    assert isinstance(mentions_past_year(text, published), bool)


@PROPERTY
@given(published=st.datetimes(min_value=datetime(2000, 1, 8), max_value=datetime(2090, 1, 1)))
def test_yesterday_is_the_day_before_publication(published: datetime) -> None:
    moment = published.replace(tzinfo=UTC)
    occurred = resolve_occurred_at("a stabbing yesterday", moment)
    assert occurred.when is not None and occurred.text == "yesterday"
    local_day = moment.astimezone(LOCAL_TZ).date()
    assert occurred.when.astimezone(LOCAL_TZ).date() == local_day - timedelta(days=1)


def test_a_later_step_does_not_date_the_incident() -> None:
    tuesday_noon = datetime(2026, 7, 14, 16, 0, tzinfo=UTC)
    found = resolve_occurred_at("Woman charged Tuesday in Saturday night's stabbing", tuesday_noon)
    assert found.text == "Saturday night"
    assert found.when == datetime(2026, 7, 12, 2, 0, tzinfo=UTC)


def test_an_incident_time_is_never_after_publication() -> None:
    published = datetime(2026, 7, 14, 16, 0, tzinfo=UTC)  # Tuesday noon in Toronto
    for text in ("Man hurt in crash late Tuesday night", "Fire this evening in Leaside"):
        found = resolve_occurred_at(text, published)
        assert found.when is not None and found.when <= published, text
