from __future__ import annotations

from datetime import timedelta

import pytest

from enrich.dedup import ExactDeduplicator, content_hash, normalize_text, normalize_url
from enrich.errors import EnrichError, InvalidURLError
from schemas import RawReport, SourceKind
from tests.enrich.factories import utc

T0 = utc("2026-07-14T23:06")


def story(item_id: str, source: str = "citynews", **fields: object) -> RawReport:
    base: dict[str, object] = {
        "source": source,
        "source_kind": SourceKind.NEWS,
        "item_id": item_id,
        "url": f"https://www.{source}.example.org/2026/07/14/{item_id}/",
        "title": "Man injured in downtown stabbing",
        "body": "<p>Police went to the scene shortly before 7 p.m.</p>",
        "published_at": T0,
        "collected_at": T0 + timedelta(minutes=3),
    }
    base.update(fields)
    return RawReport(**base)  # type: ignore[arg-type]


def call(item_id: str, code: str = "STA", location: str = "COURT ST - ADELAIDE ST E") -> RawReport:
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=item_id,
        title="Stabbing",
        occurred_at=utc("2026-07-14T22:26"),
        location_text=location,
        source_category=code,
        collected_at=utc("2026-07-14T22:30"),
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://WWW.Example.org/a/b/", "https://example.org/a/b"),
        ("https://example.org/a?utm_source=x&utm_medium=rss&id=3", "https://example.org/a?id=3"),
        ("https://example.org/a?cmp=rss&ref=feed&fbclid=9#comments", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("HTTP://example.org:80/x", "http://example.org/x"),
        ("https://example.org:8443/x/", "https://example.org:8443/x"),
        ("https://example.org/", "https://example.org"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_normalize_url_blank_is_none_and_garbage_is_a_clear_error() -> None:
    assert normalize_url(None) is None
    assert normalize_url("   ") is None
    for bad in ("not a url", "ftp://example.org/file", "https://example.org:99999/x"):
        with pytest.raises(InvalidURLError) as info:
            normalize_url(bad)
        assert isinstance(info.value, EnrichError)


def test_normalize_text_strips_html_entities_case_and_space() -> None:
    assert (
        normalize_text("<b>Man&#160;INJURED</b>\n\n in  Toronto&#8230;")
        == "man injured in toronto..."
    )


def test_content_hash_ignores_markup_case_and_whitespace() -> None:
    a = story("a", body="<p>Police went   to the scene.</p>")
    b = story("b", source="cbc", body="police WENT to the scene.")
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(story("c", body="Something else happened."))


def test_structured_reports_hash_their_fields_not_only_the_title() -> None:
    first, again = call("1"), call("2")
    elsewhere = call("3", location="DUNDAS ST E - SHERBOURNE ST")
    other_code = call("4", code="STAB")
    assert content_hash(first) == content_hash(again)
    assert content_hash(first) != content_hash(elsewhere)
    assert content_hash(first) != content_hash(other_code)


def test_same_item_id_is_a_replay_of_itself() -> None:
    dedup = ExactDeduplicator()
    first = story("a1")
    assert dedup.check(first) is None
    assert dedup.check(first) == first.report_id
    updated = story("a1", title="Man in his 20s injured in downtown stabbing")
    assert dedup.check(updated) == first.report_id


def test_same_page_under_another_id_and_tracking_params() -> None:
    dedup = ExactDeduplicator()
    first = story("a1")
    assert dedup.check(first) is None
    tracked = story(
        "guid-2",
        url="https://citynews.example.org/2026/07/14/a1?utm_source=rss&cmp=feed#top",
        title="A different headline",
        body="A different summary.",
    )
    assert dedup.check(tracked) == first.report_id


def test_same_text_under_another_source_and_url() -> None:
    dedup = ExactDeduplicator()
    first = story("a1")
    syndicated = story("x9", source="othernews", body=first.body.upper())
    assert dedup.check(first) is None
    assert dedup.check(syndicated) == first.report_id


def test_distinct_reports_are_kept() -> None:
    dedup = ExactDeduplicator()
    assert dedup.check(call("1")) is None
    assert dedup.check(call("2", location="DUNDAS ST E - SHERBOURNE ST")) is None
    assert dedup.check(story("a1")) is None
    assert dedup.check(story("a2", title="Other story", body="Other body.")) is None


def test_a_duplicate_passes_its_new_keys_to_the_first_report() -> None:
    dedup = ExactDeduplicator()
    first = story("a1")
    dedup.check(first)
    same_page = story("b1", title="Updated headline", body="Updated summary.")
    same_page = same_page.model_copy(update={"url": first.url})
    assert dedup.check(same_page) == first.report_id
    # Its new text now also leads back to the first report.
    copy = story("c1", source="othernews", title=same_page.title, body=same_page.body)
    assert dedup.check(copy) == first.report_id


def test_invalid_url_does_not_lose_the_report() -> None:
    dedup = ExactDeduplicator()
    odd = story("a1", url="not a url")
    assert dedup.check(odd) is None
    assert dedup.check(odd) == odd.report_id


def test_seed_and_bounded_memory() -> None:
    dedup = ExactDeduplicator(max_keys=30)
    first = story("seeded")
    dedup.seed(first.report_id, normalize_url(first.url), content_hash(first))
    assert dedup.check(story("other-id", url=first.url)) == first.report_id
    for n in range(40):
        dedup.check(story(f"n{n}", title=f"Story {n}", body=f"Body {n}."))
    assert len(dedup) <= 30
    assert dedup.check(first) is None  # forgotten: the oldest keys went first
    with pytest.raises(ValueError):
        ExactDeduplicator(max_keys=2)
