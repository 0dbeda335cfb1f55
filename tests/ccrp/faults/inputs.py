"""The fault tests' input: real calls and news of July 2026, moved to recent dates.

The reports are moved by whole weeks, in local wall time: a story's "Saturday night"
stays a Saturday night, a call at 23:40 stays at 23:40 across a daylight-saving change,
and the input is the same whatever day and hour the tests run. Only the dates change.

The intake's partner submits the violent and conflict calls of Sunday 12 July, told the
way a local safety network would ("Assault reported near Dundas St E - Sumach St"), with
each call's own place, and times moved to the hours before the test: no wording a
weekday or an hour could change the meaning of.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ccrp.adapters import coerce_report
from ingest.sources.tps_calls import clean_cross_streets
from schemas import RawReport
from tests.conftest import shared_path
from tests.ingest.render import read_jsonl

TORONTO = ZoneInfo("America/Toronto")
FEEDS = ("feeds/tps-calls-for-service-2026-07-10_17.jsonl", "news/toronto-news-2026-07-09_17.jsonl")


def weeks_to_recent(day: date, today: date) -> timedelta:
    """Whole weeks that move ``day`` to the latest date before ``today`` (1-7 days back):
    the same weekday, and no report of that day in the future."""
    weeks = (today - timedelta(days=1) - day).days // 7
    return timedelta(weeks=weeks)


def moved(report: RawReport, shift: timedelta) -> RawReport:
    """The report ``shift`` later in Toronto wall time (its local hours unchanged)."""
    times = {
        name: (getattr(report, name).astimezone(TORONTO) + shift).astimezone(UTC)
        for name in ("published_at", "occurred_at", "collected_at")
        if getattr(report, name) is not None
    }
    return report.model_copy(update=times)


def real_reports(day: str, shift: timedelta, limit: int) -> list[RawReport]:
    """One UTC day of the real calls and news, moved by ``shift``, in time order."""
    reports = []
    for name in FEEDS:
        for line in shared_path(name).read_text(encoding="utf-8").splitlines():
            report = coerce_report(json.loads(line))
            if report.reported_at.date().isoformat() == day:
                reports.append(moved(report, shift))
    reports.sort(key=lambda r: (r.reported_at, r.report_id))
    return reports[:limit]


def live_and_backfill(per_day: int, today: date | None = None) -> list[RawReport]:
    """Sunday 12 July's reports moved to the latest Sunday before today, interleaved with
    Monday 13 July's moved six weeks further back (older than resolution's 30-day memory):
    two live reports, then one of the backfill, the way a feed and a portal backfill
    arrive together."""
    today = today or datetime.now(UTC).date()
    shift = weeks_to_recent(date(2026, 7, 12), today)
    live = real_reports("2026-07-12", shift, per_day)
    backfill = real_reports("2026-07-13", shift - timedelta(weeks=6), per_day // 2)
    mixed: list[RawReport] = []
    for n, report in enumerate(live):
        mixed.append(report)
        if n % 2 and n // 2 < len(backfill):
            mixed.append(backfill[n // 2])
    return mixed


LABELS = {
    "SHO": "Shooting",
    "STA": "Stabbing",
    "SOUGU": "Sound of gunshots",
    "FIG": "Fight",
    "ASSJU": "Assault",
    "ASSPR": "Assault in progress",
    "ROB": "Robbery",
    "DISPU": "Dispute",
}


def submissions(count: int, until: datetime) -> list[tuple[str, dict[str, Any]]]:
    """``count`` (Idempotency-Key, report) pairs, the last one's time 30 minutes before
    ``until``, in the calls' own order."""
    rows = read_jsonl(shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl"))
    picked = sorted(
        (
            r
            for r in rows
            if r["occurred_at"][:10] == "2026-07-12" and r["call_type_code"] in LABELS
        ),
        key=lambda r: r["occurred_at"],
    )[:count]
    last = datetime.fromisoformat(picked[-1]["occurred_at"])
    shift = until - timedelta(minutes=30) - last
    made = []
    for row in picked:
        place = clean_cross_streets(row["location"]) or "an unknown corner"
        occurred = datetime.fromisoformat(row["occurred_at"]) + shift
        report = {
            "title": f"{LABELS[row['call_type_code']]} reported near {place}",
            "description": f"Reported by a community safety network volunteer near {place}.",
            "occurred_at": occurred.astimezone(UTC).isoformat(),
            "location": place,
            "lat": row["lat"],
            "lon": row["lng"],
            "category": "community_safety",
        }
        made.append((f"form-{row['event_id']}", report))
    return made
