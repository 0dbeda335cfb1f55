"""When did the event a report describes happen? An interval, as wide as the report's
own statement of time allows.

A police call's time is when it was placed; a story's stated time is as fine as its
words ("just after 11 p.m." vs "Saturday" vs "earlier this month"); a story with no
stated time happened some time before it was published; a follow-up story may be about
an event weeks back.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from schemas import EnrichedReport, SourceKind

STRUCTURED_KINDS = frozenset({SourceKind.POLICE, SourceKind.MUNICIPAL})
STRUCTURED_SLACK = timedelta(minutes=45)
UNSTATED_SLACK = timedelta(hours=3)  # a time given by a field, its wording unknown
CLOCK_SLACK = timedelta(hours=2)  # "just after 11 p.m."
PART_OF_DAY_SLACK = timedelta(hours=4)  # "late Friday night", "Wednesday morning"
DAY_SLACK = timedelta(hours=18)  # "on Saturday", "on July 12"
VAGUE_SLACK = timedelta(days=5)  # "earlier this month", "last week"
FOLLOW_UP_SLACK = timedelta(hours=36)
AHEAD_SLACK = timedelta(hours=1)
# A missing person is reported hours after the last sighting a story dates (labelling
# guideline: three to four hours there): the call may come this long after it.
MISSING_REPORT_LAG = timedelta(hours=12)
# A follow-up's stated day may date its own step (a vigil Tuesday, charged Thursday), days
# after the incident it is about.
FOLLOW_UP_BACK = timedelta(days=7)
# "Just before midnight Friday" ends Friday, "midnight Friday" may begin it: a day either way.
MIDNIGHT_SLACK = timedelta(hours=26)
_MIDNIGHT = re.compile(r"\bmidnight\b", re.I)

_CLOCK = re.compile(r"\d{1,2}(:\d{2})?\s*[ap]\.?\s?m\b|\bnoon\b|\bmidnight\b", re.I)
_PART_OF_DAY = re.compile(
    r"\b(morning|afternoon|evening|night|overnight|tonight|dawn|late|early)\b", re.I
)
_DAY = re.compile(
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(today|yesterday)\b"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b",
    re.I,
)


def stated_time_slack(text: str | None) -> tuple[timedelta, bool]:
    """(half-width, fine-grained?) of a time stated in these words."""
    if text is None:
        return UNSTATED_SLACK, True
    if _CLOCK.search(text):
        return CLOCK_SLACK, True
    if _PART_OF_DAY.search(text):
        return PART_OF_DAY_SLACK, True
    if _DAY.search(text):
        return DAY_SLACK, False
    return VAGUE_SLACK, False


def event_interval(
    er: EnrichedReport, lag_window: timedelta, follow_up_window: timedelta, follow_up: bool
) -> tuple[datetime, datetime, bool]:
    """(earliest, latest, precise) plausible time of the event a report describes."""
    report = er.report
    limit = report.collected_at + AHEAD_SLACK  # times in the future are not credible
    attrs = er.classification.attributes
    attrs_types = er.classification.types
    when: datetime | None
    fine = True
    if report.occurred_at and report.source_kind in STRUCTURED_KINDS:
        when, slack = report.occurred_at, STRUCTURED_SLACK
    elif attrs.occurred_at:
        when = attrs.occurred_at
        slack, fine = stated_time_slack(attrs.occurred_at_text)
        if _MIDNIGHT.search(attrs.occurred_at_text or ""):
            slack, fine = MIDNIGHT_SLACK, False
        if follow_up:
            slack = max(slack, FOLLOW_UP_SLACK)
    elif report.occurred_at:
        when, slack = report.occurred_at, UNSTATED_SLACK
    else:
        when, slack = None, timedelta(0)
    anchor = report.published_at or report.collected_at
    if when is not None and when <= limit:
        # Nothing a report tells of can happen after the report itself.
        ahead = slack
        if report.source_kind not in STRUCTURED_KINDS and "missing_person" in attrs_types:
            ahead = max(slack, MISSING_REPORT_LAG)
        latest = min(when + ahead, max(anchor, when) + AHEAD_SLACK)
        earliest = when - (max(slack, FOLLOW_UP_BACK) if follow_up else slack)
        return earliest, latest, fine and not follow_up
    back = follow_up_window if follow_up else lag_window
    return anchor - back, anchor + AHEAD_SLACK, False
