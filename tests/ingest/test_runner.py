"""Faults in one source do not stop the others; failures are recorded; nothing is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from ccrp.settings import CollectSettings
from ingest.loopback import LoopbackServer, Reply
from ingest.runner import collect_sources
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport
from tests.ingest.render import livecad, rss

ITEMS = [
    {
        "guid": f"item-{n}",
        "title": f"Invented report {n}",
        "summary": "An invented item for the fault tests.",
        "link": f"https://news.example.org/{n}",
        "published": f"2026-11-0{n}T12:00:00+00:00",
    }
    for n in range(1, 4)
]
FIRE = [
    {
        "event_num": "F26200001",
        "event_type": "Fire - Residential",
        "beat": "231",
        "location": "Scarborough - KENNEDY RD & ELLESMERE RD",
        "units": "P231, A231",
        "dispatch_time": "2026-11-02T03:04:05+00:00",
    }
]


def source(server: LoopbackServer, name: str, kind: str = "news_rss") -> SourceConfig:
    return SourceConfig(name=name, kind=kind, url=server.url(f"/{name}"), schedule="daily@06:00")


def test_each_fault_is_isolated_recorded_and_recovered(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    html = b"<!doctype html><html><body>Maintenance</body></html>"
    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    server.routes["/fire"] = lambda _r: Reply(body=livecad(FIRE))
    server.routes["/slow"] = lambda _r: Reply(body=rss(ITEMS), delay_s=5)
    server.routes["/broken"] = lambda _r: Reply(status=500, body=b"oops")
    server.routes["/html"] = lambda _r: Reply(body=html, headers={"Content-Type": "text/html"})
    server.routes["/cut"] = lambda _r: Reply(body=rss(ITEMS), truncate_to=200)
    names = ["slow", "broken", "good", "html", "cut"]
    sources = [source(server, n) for n in names] + [source(server, "fire", "tfs_livecad")]
    settings = CollectSettings(timeout_s=0.3, retries=2, backoff_s=0.0)
    emitted: list[RawReport] = []

    summary = collect_sources(sources, client, store, emitted.append, False, settings=settings)

    assert {r.source for r in emitted} == {"good", "fire"} and len(emitted) == 4
    assert {run.name for run in summary.failed} == {"slow", "broken", "html", "cut"}
    assert len([r for r in server.requests if r.path == "/broken"]) == 3  # first try + 2 retries
    for name, words in {
        "slow": "timed out",
        "broken": "HTTP 500",
        "html": "HTML",
        "cut": "Transient",
    }.items():
        state = store.get_collector_state(name)
        assert state is not None and words in state["last_error"], (name, state)
        assert state["last_error_at"] and "last_success" not in state
    good = store.get_collector_state("good")
    assert good is not None and good["items_new"] == 3 and "last_error" not in good

    server.routes["/broken"] = lambda _r: Reply(body=rss(ITEMS[:2]))
    again = collect_sources(sources[1:3], client, store, emitted.append, False, force=True)

    assert again.get("broken").new == 2 and again.get("good").new == 0
    broken = store.get_collector_state("broken")
    assert broken is not None and broken["consecutive_failures"] == 0 and broken["last_success"]


def test_items_are_marked_seen_only_after_emit_succeeded(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    delivered: list[RawReport] = []

    def flaky(report: RawReport) -> None:
        if report.item_id == "item-2":
            raise ConnectionError("broker unavailable")
        delivered.append(report)

    failed = collect_sources([source(server, "good")], client, store, flaky, False)
    retried = collect_sources(
        [source(server, "good")], client, store, delivered.append, False, force=True
    )

    assert "broker unavailable" in (failed.get("good").error or "")
    assert sorted(r.item_id for r in delivered) == ["item-1", "item-2", "item-3"]
    assert retried.get("good").new == 2


def test_sources_not_due_are_skipped_until_their_time(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    first_run = datetime(2026, 11, 2, 12, tzinfo=UTC)  # 07:00 in Toronto
    collect_sources(
        [source(server, "good")], client, store, lambda r: None, False, now=lambda: first_run
    )

    later = collect_sources(
        [source(server, "good")],
        client,
        store,
        lambda r: None,
        False,
        now=lambda: first_run + timedelta(hours=6),
    )
    next_day = collect_sources(
        [source(server, "good")],
        client,
        store,
        lambda r: None,
        False,
        now=lambda: first_run + timedelta(hours=23, minutes=30),
    )

    assert not later.get("good").ran
    assert later.get("good").next_run == datetime(2026, 11, 3, 11, tzinfo=UTC)
    assert next_day.get("good").ran


def test_a_batch_whose_delivery_fails_is_not_marked_seen(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    queued: list[RawReport] = []

    def broker_down() -> None:
        raise ConnectionError("3 deliveries failed")

    failed = collect_sources(
        [source(server, "good")], client, store, queued.append, False, confirm=broker_down
    )
    assert "deliveries failed" in (failed.get("good").error or "")
    delivered: list[RawReport] = []
    retried = collect_sources(
        [source(server, "good")],
        client,
        store,
        delivered.append,
        False,
        force=True,
        confirm=lambda: None,
    )
    assert retried.get("good").new == len(delivered) == 3  # nothing was lost
