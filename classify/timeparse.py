"""Resolve when an incident occurred from relative phrases, against the report's publish time.

"late Friday night", "just after 11 p.m.", "Saturday afternoon", "on May 18", "last week":
read in America/Toronto local time (the feeds' own), returned as an aware UTC datetime.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from classify.caseless import caseless

LOCAL_TZ = ZoneInfo("America/Toronto")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
PART_OF_DAY_HOUR = {
    "early morning": 4, "morning": 9, "afternoon": 15, "evening": 19, "night": 22,
    "late night": 23, "overnight": 2, "noon": 12, "midnight": 0,
}  # fmt: skip

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?P<part>morning|afternoon|evening|night)"

_DATE_RE = caseless(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
_WEEKDAY_RE = caseless(rf"\b{_WEEKDAY}(?:\s+{_PART})?\b")
_WEEKDAY_BEFORE = caseless(r"(?P<mod>early|late)\s+(?:on\s+)?$")
_RELATIVE_RE = caseless(
    r"\b(?P<rel>last night|overnight|this morning|this afternoon|this evening|earlier today|"
    r"yesterday|tonight|last weekend|last week|last month|earlier this month|earlier this week)\b"
)
_CLOCK_RE = caseless(r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>a\.?\s?m\b\.?|p\.?\s?m\b\.?)")
_NAMED_TIME_RE = caseless(r"\b(?P<named>noon|midnight)\b")
_YEAR_RE = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")
_YEAR_LEAD = re.compile(r"\b(?:in|since|from|of|a|the)\s+$")
# A day phrase right after one of these dates a later step (the arrest, the hearing, the
# vigil), not the incident: "arrested Tuesday in Friday night's shooting".
_DEVELOPMENT_BEFORE = caseless(
    r"\b(?:arrested|arrest|charged|charges|sentenced|convicted|identified|appeared|appear|"
    r"appears|released|court|vigil|memorial|funeral|surrendered|turned himself in|"
    r"turned herself in|located|found safe|scheduled|hearing|trial|announced|said|says)"
    r"(?:\s+(?:on|in court|in custody))?\s+$"
)

# The first day of a range ("between Saturday and Tuesday"): the incident may be as late as
# the range's end, which the next day phrase gives.
_RANGE_START = caseless(r"\bbetween\s+(?:(?:early|late)\s+)?$")


class OccurredAt(NamedTuple):
    """The resolved occurrence time (UTC) with the phrase it came from, and how vague it is."""

    when: datetime | None
    text: str | None
    earlier_day: bool


def _last_weekday(reference: date, weekday: int) -> date:
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def _month_date(match: re.Match[str], reference: date) -> date | None:
    month = MONTHS[_month_key(match)]
    day = int(match.group("day"))
    year = int(match.group("year")) if match.group("year") else reference.year
    try:
        resolved = date(year, month, day)
    except ValueError:
        return None
    if not match.group("year") and resolved > reference + timedelta(days=1):
        resolved = resolved.replace(year=year - 1)
    return resolved


def _month_key(match: re.Match[str]) -> str:
    word = match.group("mon").lower()
    return "sept" if word.startswith("sept") else word[:3]


def _clock(text: str) -> tuple[time, str] | None:
    match = _CLOCK_RE.search(text)
    if match:
        hour = int(match.group("h")) % 12
        if match.group("ap").lower().startswith("p"):
            hour += 12
        if hour > 23 or int(match.group("m") or 0) > 59:
            return None
        return time(hour, int(match.group("m") or 0)), match.group(0).strip()
    named = _NAMED_TIME_RE.search(text)
    if named:
        return time(PART_OF_DAY_HOUR[named.group("named").lower()]), named.group(0)
    return None


def _day_phrase(text: str, local: datetime) -> tuple[int, date, int | None, str] | None:
    """The earliest day phrase in the text: (position, date, hour from part of day, phrase)."""
    found: list[tuple[int, date, int | None, str]] = []
    date_spans: list[tuple[int, int]] = []
    for m in _DATE_RE.finditer(text):
        day = _month_date(m, local.date())
        if day:
            found.append((m.start(), day, None, m.group(0).strip()))
            date_spans.append(m.span())
    for m in _WEEKDAY_RE.finditer(text):
        if any(0 <= start - m.end() <= 3 or start <= m.start() < end for start, end in date_spans):
            continue
        day = _last_weekday(local.date(), WEEKDAYS.index(m.group("wd").lower()))
        before = _WEEKDAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        mod = before.group("mod").lower() if before else ""
        part = (m.group("part") or "").lower()
        hour = PART_OF_DAY_HOUR.get(f"{mod} {part}".strip()) or PART_OF_DAY_HOUR.get(part)
        if hour is None and mod:
            hour = 22 if mod == "late" else PART_OF_DAY_HOUR["early morning"]
        phrase = f"{mod} {m.group(0)}".strip()
        found.append((m.start() - (len(mod) + 1 if mod else 0), day, hour, phrase))
    for m in _RELATIVE_RE.finditer(text):
        rel = m.group("rel").lower()
        offsets = {"last night": 1, "yesterday": 1, "last weekend": local.weekday() + 2,
                   "last week": 7, "last month": 30, "earlier this month": 10,
                   "earlier this week": 2}  # fmt: skip
        hour = {"last night": 22, "overnight": 2, "this morning": 9, "this afternoon": 15,
                "this evening": 19, "tonight": 21}.get(rel)  # fmt: skip
        found.append((m.start(), local.date() - timedelta(days=offsets.get(rel, 0)), hour, rel))
    found = [f for f in found if not _RANGE_START.search(text[max(0, f[0] - 16) : f[0]])]
    incident = [f for f in found if not _DEVELOPMENT_BEFORE.search(text[max(0, f[0] - 40) : f[0]])]
    return min(incident or found, key=lambda f: f[0]) if found else None


def resolve_occurred_at(text: str, published_at: datetime | None) -> OccurredAt:
    """Resolve the first time reference of ``text`` against ``published_at`` (aware)."""
    if published_at is None:
        return OccurredAt(None, None, False)
    local = published_at.astimezone(LOCAL_TZ)
    lower = text.lower()
    day = _day_phrase(lower, local)
    clock = _clock(lower)
    if day is None and clock is None:
        return OccurredAt(None, None, False)
    phrases = []
    if day is not None:
        _, when_date, part_hour, phrase = day
        phrases.append(phrase)
    else:
        when_date, part_hour = local.date(), None
    if clock is not None:
        at, clock_phrase = clock
        phrases.append(clock_phrase)
    else:
        at = time(part_hour if part_hour is not None else 12)
    resolved = datetime.combine(when_date, at, tzinfo=LOCAL_TZ)
    if resolved > local + timedelta(minutes=30):
        if day is None:
            # A bare clock time later than publication is the day before ("just after 11 p.m.").
            resolved -= timedelta(days=1)
        elif clock is None:
            # A part of the day not reached yet ("early Sunday" at 00:45): at most now.
            resolved = local
        else:
            # An explicit weekday and time still ahead today: that weekday last week.
            resolved -= timedelta(days=7)
    # An incident never occurs after the report about it.
    resolved = min(resolved, local)
    wording = " ".join(_original_case(p, lower, text) for p in phrases)
    return OccurredAt(resolved.astimezone(UTC), wording, resolved.date() < local.date())


def _original_case(phrase: str, lower: str, text: str) -> str:
    """The phrase as the text wrote it ("late Friday night"), when it can be found."""
    start = lower.find(phrase)
    if start < 0 or len(lower) != len(text):
        return phrase
    return text[start : start + len(phrase)]


def mentions_past_year(text: str, published_at: datetime | None) -> bool:
    """True when the text dates something to an earlier year ("in 2023", "a 2024 homicide")."""
    if published_at is None:
        return False
    current = published_at.astimezone(LOCAL_TZ).year
    text = text.lower()
    return any(
        int(m.group("year")) < current
        and _YEAR_LEAD.search(text[max(0, m.start() - 7) : m.start()])
        for m in _YEAR_RE.finditer(text)
    )
