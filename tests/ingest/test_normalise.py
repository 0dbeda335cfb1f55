"""Text cleaning, HTML detection, content digests and time conversions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ingest.errors import ParseError
from ingest.normalise import (
    arcgis_timestamp,
    clean_text,
    content_hash,
    from_epoch_ms,
    looks_like_html,
    parse_time,
    plain,
)
from schemas import RawReport, SourceKind


def test_clean_text_removes_tags_scripts_and_double_escaped_entities() -> None:
    fragment = "<p>Police&amp;#8217;s statement</p><script>track()</script><br/>Jane &amp; Finch"
    assert clean_text(fragment) == "Police\u2019s statement\nJane & Finch"
    assert clean_text("a" * 20, max_length=10) == "a" * 9 + "\u2026"
    assert clean_text(None) == ""


def test_html_pages_are_recognised_but_feeds_are_not() -> None:
    assert looks_like_html(b"\n<!DOCTYPE html><html><head>")
    assert looks_like_html(b"<!-- cdn --><html lang=en>")
    assert not looks_like_html(b'<?xml version="1.0"?><rss version="2.0">')


def test_content_hash_ignores_collection_time_only() -> None:
    base = RawReport(
        source="demo",
        source_kind=SourceKind.NEWS,
        item_id="1",
        title="Stabbing downtown",
        collected_at=datetime(2026, 11, 2, tzinfo=UTC),
    )
    later = base.model_copy(update={"collected_at": base.collected_at + timedelta(hours=1)})
    edited = base.model_copy(update={"title": "Stabbing downtown: man charged"})
    assert content_hash(base) == content_hash(later) != content_hash(edited)


def test_times() -> None:
    assert from_epoch_ms(1_783_728_000_000) == datetime(2026, 7, 11, tzinfo=UTC)
    assert parse_time("2026-11-15 20:40") == datetime(2026, 11, 16, 1, 40, tzinfo=UTC)
    assert parse_time("2026-07-15T20:40:00+00:00") == datetime(2026, 7, 15, 20, 40, tzinfo=UTC)
    assert arcgis_timestamp(datetime(2026, 7, 1, tzinfo=UTC)) == "TIMESTAMP '2026-07-01 00:00:00'"
    with pytest.raises(ParseError):
        parse_time("not a date")
    with pytest.raises(ParseError):
        from_epoch_ms("soon")


def test_clean_text_stays_linear_on_hostile_markup() -> None:
    import time

    for hostile in ("<" * 200_000, "<br" * 60_000, "<script" * 30_000, "\u2003" * 200_000):
        started = time.monotonic()
        clean_text(hostile)
        assert time.monotonic() - started < 1.0, hostile[:8]
    assert clean_text("a\x00b\x07c") == "a b c"


def test_plain_text_loses_controls_and_bidirectional_overrides_but_keeps_its_letters() -> None:
    shalom = "\u05e9\u05dc\u05d5\u05dd"
    title = f"Shot near Jane and Finch \u202egpj.exe\u202c\u2066 caf\u00e9 {shalom}\x00"
    assert plain(title) == f"Shot near Jane and Finch gpj.exe caf\u00e9 {shalom} "
    assert clean_text("<b>\u202eRLO</b> \u2067isolate\u2069") == "RLO isolate"
    assert plain("a\ud800b") == "a\ufffdb"
