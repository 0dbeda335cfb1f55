"""News feeds: shared items rendered as RSS 2.0 and Atom, conditional GET, broken feeds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ccrp.settings import CollectSettings
from ingest.errors import ParseError
from ingest.loopback import LoopbackServer, Reply, Request
from ingest.normalise import clean_text
from ingest.sources.news_rss import NewsFeedCollector
from ingest.sources.police_rss import PoliceReleasesCollector
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport, SourceKind
from tests.conftest import shared_path
from tests.ingest.render import atom, read_jsonl, rss
from tests.ingest.runs import run_once
from tests.ingest.strategies import PROPERTY, collector, damaged, ids, own_errors_only, xml_text

NEWS = "news/toronto-news-2026-07-09_17.jsonl"
INVENTED = {
    "guid": "invented-1",
    "title": "Police investigate stabbing near Dundas &amp;amp; Sherbourne",
    "summary": "<p>A man was taken to hospital &#8212; police say.</p><script>x()</script>",
    "link": "https://news.example.org/stabbing-1",
    "published": "2026-11-02T03:15:00+00:00",
}


def feed_source(
    server: LoopbackServer, name: str, path: str, kind: str = "news_rss"
) -> SourceConfig:
    return SourceConfig(name=name, kind=kind, url=server.url(path), schedule="every 1h")


def shared_items(source: str) -> list[dict[str, Any]]:
    return [item for item in read_jsonl(shared_path(NEWS)) if item["source"] == source]


def test_rss_and_atom_feeds_give_one_report_per_entry(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    citynews, cbc = shared_items("citynews"), shared_items("cbc")
    server.routes["/citynews.xml"] = lambda _r: Reply(body=rss(citynews))
    server.routes["/cbc.atom"] = lambda _r: Reply(body=atom(cbc))
    emitted: list[RawReport] = []
    sources = [
        feed_source(server, "citynews", "/citynews.xml"),
        feed_source(server, "cbc-toronto", "/cbc.atom"),
    ]

    summary = run_once(sources, client, store, emitted.append)

    assert not summary.failed and summary.new == len(citynews) + len(cbc)
    by_key = {(r.source, r.item_id): r for r in emitted}
    for source, items in (("citynews", citynews), ("cbc-toronto", cbc)):
        for item in items:
            report = by_key[(source, item["guid"])]
            assert report.source_kind is SourceKind.NEWS
            assert report.url == item["link"]
            assert report.published_at == datetime.fromisoformat(item["published"])
            assert report.title and "<" not in report.body


def test_html_tags_and_entities_are_cleaned(server: LoopbackServer, client: httpx.Client) -> None:
    server.routes["/feed"] = lambda _r: Reply(body=rss([INVENTED]))
    collector = NewsFeedCollector(feed_source(server, "demo", "/feed"), client)

    [report] = [r for batch in collector.collect({}) for r in batch.reports]

    assert report.title == "Police investigate stabbing near Dundas & Sherbourne"
    assert report.body == "A man was taken to hospital \u2014 police say."
    assert report.source_category == "News"


def test_conditional_get_304_means_nothing_new(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    def etag_feed(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(status=304)
        return Reply(body=rss([INVENTED]), headers={"ETag": '"v1"'})

    server.routes["/feed"] = etag_feed
    emitted: list[RawReport] = []
    source = feed_source(server, "demo", "/feed")
    run_once([source], client, store, emitted.append)

    summary = run_once([source], client, store, emitted.append, force=True)

    assert len(emitted) == 1 and summary.get("demo").ok and summary.get("demo").new == 0
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


def test_unchanged_body_without_validators_is_skipped_by_hash(
    server: LoopbackServer, client: httpx.Client
) -> None:
    server.routes["/feed"] = lambda _r: Reply(body=rss([INVENTED]))
    collector = NewsFeedCollector(feed_source(server, "demo", "/feed"), client)
    [first] = list(collector.collect({}))
    assert first.state is not None

    [second] = list(collector.collect(first.state))

    assert len(first.reports) == 1 and second.reports == []


def test_bozo_feed_keeps_its_valid_entries_and_reports_the_problem(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    second = {**INVENTED, "guid": "invented-2", "title": "Fight reported in Regent Park"}
    broken = rss([INVENTED, second]).replace(b"</channel></rss>", b"<item><title>cut")
    server.routes["/feed"] = lambda _r: Reply(body=broken)
    emitted: list[RawReport] = []

    summary = run_once([feed_source(server, "demo", "/feed")], client, store, emitted.append)

    run = summary.get("demo")
    assert {r.item_id for r in emitted} >= {"invented-1", "invented-2"}
    assert run.ok and any("malformed feed" in warning for warning in run.warnings)


def test_html_instead_of_a_feed_is_a_parse_error(
    server: LoopbackServer, client: httpx.Client
) -> None:
    page = b"<!DOCTYPE html><html><body>Service unavailable</body></html>"
    server.routes["/feed"] = lambda _r: Reply(body=page, headers={"Content-Type": "text/html"})
    collector = NewsFeedCollector(feed_source(server, "demo", "/feed"), client, CollectSettings())

    with pytest.raises(ParseError, match="HTML"):
        list(collector.collect({}))


def test_police_releases_are_police_reports(server: LoopbackServer, client: httpx.Client) -> None:
    server.routes["/releases"] = lambda _r: Reply(body=rss([INVENTED]))
    source = feed_source(server, "tps-news", "/releases", kind="police_rss")

    [report] = [r for b in PoliceReleasesCollector(source, client).collect({}) for r in b.reports]

    assert report.source_kind is SourceKind.POLICE and report.source == "tps-news"


def test_a_declared_charset_is_honoured(server: LoopbackServer, client: httpx.Client) -> None:
    feed = rss([{**INVENTED, "title": "Fête au café"}]).replace(b'encoding="UTF-8"', b"")
    body = feed.decode("utf-8").encode("latin-1")
    headers = {"Content-Type": "application/rss+xml; charset=ISO-8859-1"}
    server.routes["/feed"] = lambda _r: Reply(body=body, headers=headers)
    emitted: list[RawReport] = []

    summary = run_once(
        [feed_source(server, "demo", "/feed")], client, MemoryStateStore(), emitted.append
    )

    assert emitted[0].title == "Fête au café"
    assert summary.get("demo").warnings == []  # read as declared, not by a fallback


feed_items = st.lists(
    st.tuples(ids, xml_text, xml_text), min_size=1, max_size=5, unique_by=lambda i: i[0]
)


def _feed(items: list[tuple[str, str, str]], kind: str) -> bytes:
    rows = [
        {"guid": guid, "title": title, "summary": summary, "link": f"https://x.org/{guid}"}
        | {"published": "2026-11-02T12:00:00+00:00"}
        for guid, title, summary in items
    ]
    return rss(rows) if kind == "rss" else atom(rows)


def test_an_undecodable_encoding_declaration_is_a_parse_error() -> None:
    body = b'<?xml version="1.0" encoding="utf\x00"?><rss/>'
    with pytest.raises(ParseError, match="cannot be decoded"):
        collector(NewsFeedCollector).parse(body, {})


@PROPERTY
@given(
    body=st.binary(max_size=3000)
    | damaged(st.builds(_feed, feed_items, st.sampled_from(["rss", "atom"])))
)
def test_any_bytes_give_reports_or_a_parse_error(body: bytes) -> None:
    result = own_errors_only(lambda: collector(NewsFeedCollector).parse(body, {}))
    assert isinstance(result, ParseError | list)


def _repaired_by_feedparser(text: str) -> bool:
    """feedparser reads UTF-8 that looks double-encoded ("Ã©") as its repair ("é"), on purpose."""
    try:
        return text.encode("latin-1").decode("utf-8") != text
    except UnicodeError:
        return False


@PROPERTY
@given(items=feed_items, kind=st.sampled_from(["rss", "atom"]))
def test_valid_feeds_round_trip(items: list[tuple[str, str, str]], kind: str) -> None:
    assume(not any(_repaired_by_feedparser(t) for item in items for t in item[1:]))
    reports = collector(NewsFeedCollector).parse(_feed(items, kind), {})
    assert [r.item_id for r in reports] == [guid for guid, _, _ in items]
    assert [r.title for r in reports] == [clean_text(title) for _, title, _ in items]
    assert [r.body for r in reports] == [clean_text(summary) for _, _, summary in items]
