"""When a source runs: daily at a local time (``daily@06:00``) or at an interval (``every 15m``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ingest.errors import SourceConfigError

DEFAULT_SCHEDULE = "daily@06:00"
_DAILY = re.compile(r"^daily(?:@(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$")
_EVERY = re.compile(r"^every\s+(?P<amount>\d+)\s*(?P<unit>[smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule: either a daily local time or a fixed interval."""

    text: str
    daily_at: time | None = None
    interval: timedelta | None = None

    def next_run(
        self,
        last_run: datetime | None,
        now: datetime,
        timezone: str,
        retry_at: datetime | None = None,
    ) -> datetime:
        """The first moment after ``last_run`` the source is due (``now`` if it never ran).

        ``retry_at``, set after a failed run, brings the next run forward: a failed daily
        source is tried again within minutes, not a day later.
        """
        scheduled = self._scheduled(last_run, now, timezone)
        return min(scheduled, retry_at) if retry_at is not None else scheduled

    def _scheduled(self, last_run: datetime | None, now: datetime, timezone: str) -> datetime:
        if last_run is None:
            return now
        if self.interval is not None:
            return last_run + self.interval
        assert self.daily_at is not None
        zone = ZoneInfo(timezone)
        local = last_run.astimezone(zone)
        candidate = datetime.combine(local.date(), self.daily_at, tzinfo=zone)
        if candidate <= local:
            candidate = datetime.combine(
                local.date() + timedelta(days=1), self.daily_at, tzinfo=zone
            )
        return candidate.astimezone(last_run.tzinfo)

    def is_due(
        self,
        last_run: datetime | None,
        now: datetime,
        timezone: str,
        retry_at: datetime | None = None,
    ) -> bool:
        return now >= self.next_run(last_run, now, timezone, retry_at)


def parse_schedule(text: str) -> Schedule:
    """Parse ``daily``, ``daily@HH:MM`` or ``every N[s|m|h|d]``."""
    cleaned = text.strip().lower()
    daily = _DAILY.match(cleaned)
    if daily:
        hour = int(daily["hour"] or 6)
        minute = int(daily["minute"] or 0)
        if hour > 23 or minute > 59:
            raise SourceConfigError(f"schedule {text!r}: no such time of day")
        return Schedule(text=cleaned, daily_at=time(hour, minute))
    every = _EVERY.match(cleaned)
    if every:
        amount = int(every["amount"])
        if amount <= 0:
            raise SourceConfigError(f"schedule {text!r}: the interval must be positive")
        interval = timedelta(**{_UNITS[every["unit"]]: amount})
        return Schedule(text=cleaned, interval=interval)
    raise SourceConfigError(
        f"schedule {text!r}: expected 'daily', 'daily@HH:MM' or 'every N' with s, m, h or d"
    )


def parse_duration(text: str | int | float) -> timedelta:
    """A duration option such as ``"36h"`` or ``"7d"`` (bare numbers are seconds)."""
    if isinstance(text, int | float):
        return timedelta(seconds=text)
    match = re.match(r"^\s*(\d+)\s*([smhd])\s*$", text.lower())
    if not match:
        raise SourceConfigError(f"duration {text!r}: expected N followed by s, m, h or d")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})
