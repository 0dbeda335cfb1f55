"""A store filled from one day of the real Toronto data, through the stage functions.

The shared news items, TPS calls for service and TFS incidents of a few local days are
read as flat rows (``ccrp.adapters.coerce_report``), run through the same stage functions
the stream runs (``ccrp.pipeline.Stages``) in collection order, and written with the
stream's own ``ccrp.app.apply_to_store``. Hostile rows are added to the day: markup,
bidirectional overrides and ``javascript:`` links in titles and links, and an
intimate-partner-violence story that names the victim without saying "partner violence".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccrp.adapters import coerce_report
from ccrp.app import apply_to_store
from ccrp.effects import BatchEffects
from ccrp.pipeline import StageFailure, Stages
from schemas import RawReport

TORONTO = ZoneInfo("America/Toronto")
VICTIMS = ("Jane Q. Victim", "Mary S. Sample")
HOSTILE = [
    {
        "source": "citynews",
        "guid": "hostile-1",
        "title": "Man shot near Jane and Finch \u202egpj.exe\u202c <script>alert('t')</script>"
        " <img src=x onerror=alert('img')>",
        "summary": "A man was shot near Jane Street and Finch Avenue West, police say.",
        "link": "javascript:alert(document.cookie)",
        "published": "2026-07-11T19:40:00+00:00",
    },
    {
        "source": "cbc",
        "guid": "hostile-2",
        "title": "Teen stabbed near Dundas and Sherbourne\u200b\u2066, police say",
        "summary": "A 17-year-old was stabbed near Dundas Street East and Sherbourne Street.",
        "link": 'https://news.example.org/stabbing"><script>alert("href")</script>',
        "published": "2026-07-11T20:10:00+00:00",
    },
    {  # typed assault by the classifier: intimate-partner violence without the label
        "source": "citynews",
        "guid": "hostile-ipv",
        "title": f"Woman, 34, injured in Scarborough assault; police identify her as {VICTIMS[0]}",
        "summary": "Police say a man she had been dating was arrested after the woman was "
        "attacked at a home near Lawrence Avenue East and Markham Road on Saturday night.",
        "link": "https://news.example.org/scarborough-assault-jane-q-victim",
        "published": "2026-07-11T21:05:00+00:00",
    },
    {  # a CCRP type (stabbing): activated, and still withheld by its wording
        "source": "cbc",
        "guid": "hostile-ipv-2",
        "title": f"Woman stabbed at Rexdale home; victim identified as {VICTIMS[1]}",
        "summary": "A woman was stabbed at a home near Kipling Avenue and Albion Road, police "
        "say. A man she had been dating was arrested.",
        "link": "https://news.example.org/rexdale-stabbing-mary-s-sample",
        "published": "2026-07-11T22:15:00+00:00",
    },
]


def local_day(value: str) -> date:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(TORONTO).date()


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def dev_rows(shared: Path, first: date, last: date) -> list[dict[str, Any]]:
    """The shared rows whose local day is in ``[first, last]``, plus the hostile rows."""

    def within(value: str | None) -> bool:
        return bool(value) and first <= local_day(str(value)) <= last

    news = shared / "news" / "toronto-news-2026-07-09_17.jsonl"
    calls = shared / "feeds" / "tps-calls-for-service-2026-07-10_17.jsonl"
    fires = shared / "feeds" / "tfs-incidents-2026-07-11_17.jsonl"
    rows = [r for r in _jsonl(news) if within(r.get("published"))]
    rows += [r for r in _jsonl(calls) if within(r.get("occurred_at"))]
    rows += [r for r in _jsonl(fires) if within(r.get("dispatch_time"))]
    return rows + HOSTILE


def fill_store(stages: Stages, store: Any, rows: list[dict[str, Any]], batch: int = 64) -> int:
    """Run the rows through stage 1 and stage 2 in collection order; returns reports stored."""
    reports: list[RawReport] = sorted(
        (coerce_report(row) for row in rows), key=lambda r: r.collected_at
    )
    stored = 0
    for start in range(0, len(reports), batch):
        effects = BatchEffects()
        for result in stages.enrich_batch(reports[start : start + batch]):
            if isinstance(result, StageFailure):
                raise AssertionError(f"{result.stage} failed on {result.report.report_id}")
            effects.add(stages.resolve(result))
        apply_to_store(store, effects)
        stored += len(effects.reports)
    return stored
