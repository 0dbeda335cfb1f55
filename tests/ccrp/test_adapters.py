"""Batch input lines: the schema form and the flat feed-export shapes."""

from __future__ import annotations

import json

import pytest

from ccrp.adapters import coerce_report
from ccrp.errors import DecodeError
from tests.conftest import shared_path


def test_tps_call_row() -> None:
    report = coerce_report(
        {
            "event_id": "tps_1",
            "call_type_code": "SHO",
            "call_type": "Shooting",
            "division": "D31",
            "location": "JANE ST - FINCH AVE W",
            "lat": 43.7587,
            "lng": -79.5197,
            "occurred_at": "2026-07-12T03:05:00+00:00",
        }
    )
    assert report.report_id == "tps-calls:tps_1"
    assert report.source_category == "SHO"
    assert (report.lat, report.lon) == (43.7587, -79.5197)
    assert report.location_text == "JANE ST - FINCH AVE W"


def test_tfs_row() -> None:
    report = coerce_report(
        {
            "event_num": "F26999123",
            "event_type": "Fire - Residential",
            "location": "Scarborough - EXAMPLE CRES & SAMPLE AVE",
            "lat": 43.77,
            "lng": -79.25,
            "dispatch_time": "2026-08-02T14:05:00+00:00",
        }
    )
    assert report.source == "tfs" and report.source_kind == "municipal"


def test_news_item_keeps_guid_and_times() -> None:
    report = coerce_report(
        {
            "source": "cbc",
            "guid": "9.1",
            "title": "Man hurt in shooting",
            "summary": "A man was taken to hospital.",
            "link": "https://www.cbc.ca/news/x",
            "published": "2026-07-10T12:00:00+00:00",
        }
    )
    assert report.report_id == "cbc:9.1"
    assert report.published_at is not None and report.collected_at == report.published_at


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ([1, 2], "expected a JSON object"),
        ({"hello": "world"}, "unrecognised report shape"),
        ({"source_kind": "police", "source": "x", "item_id": "1"}, "title"),
        ({"event_id": "1", "call_type_code": "SHO", "lat": 4000}, "lat"),
    ],
)
def test_bad_rows_are_named(row: object, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        coerce_report(row)


def test_every_shared_feed_row_is_readable() -> None:
    for name in (
        "feeds/tps-calls-for-service-2026-07-10_17.jsonl",
        "feeds/tfs-incidents-2026-07-11_17.jsonl",
        "news/toronto-news-2026-07-09_17.jsonl",
    ):
        rows = [json.loads(line) for line in shared_path(name).open()]
        reports = [coerce_report(row) for row in rows]
        assert len({r.report_id for r in reports}) == len(rows)
