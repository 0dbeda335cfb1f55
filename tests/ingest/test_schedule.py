"""Schedules: daily at a local time, or an interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ingest.errors import SourceConfigError
from ingest.schedule import parse_duration, parse_schedule

TZ = "America/Toronto"


def test_daily_runs_next_at_the_local_time() -> None:
    rule = parse_schedule("daily@06:00")
    before_six = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)  # 05:30 EST
    after_six = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)  # 07:00 EST
    assert rule.next_run(before_six, before_six, TZ) == datetime(2026, 11, 2, 11, tzinfo=UTC)
    assert rule.next_run(after_six, after_six, TZ) == datetime(2026, 11, 3, 11, tzinfo=UTC)


def test_daily_follows_daylight_saving_time() -> None:
    rule = parse_schedule("daily@06:00")
    summer = datetime(2026, 7, 10, 12, tzinfo=UTC)
    assert rule.next_run(summer, summer, TZ) == datetime(2026, 7, 11, 10, tzinfo=UTC)


def test_never_run_is_due_now_and_intervals_add_up() -> None:
    now = datetime(2026, 11, 2, tzinfo=UTC)
    rule = parse_schedule("every 15m")
    assert parse_schedule("daily").is_due(None, now, TZ)
    assert rule.next_run(now, now, TZ) == now + timedelta(minutes=15)
    assert not rule.is_due(now, now + timedelta(minutes=14), TZ)


@pytest.mark.parametrize("text", ["hourly", "daily@25:00", "every 0m", "every 5 weeks"])
def test_bad_schedules_are_refused(text: str) -> None:
    with pytest.raises(SourceConfigError, match="schedule"):
        parse_schedule(text)


def test_durations() -> None:
    assert parse_duration("36h") == timedelta(hours=36)
    assert parse_duration(90) == timedelta(seconds=90)
    with pytest.raises(SourceConfigError):
        parse_duration("soon")
