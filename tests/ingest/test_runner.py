"""Faults in one source do not stop the others; failures are recorded; nothing is lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from ccrp.settings import CollectSettings
from ingest.base import Batch
from ingest.hostile import endless_layer
from ingest.loopback import LoopbackServer, Reply
from ingest.registry import COLLECTORS
from ingest.runner import RunSummary, collect_sources
from ingest.sources.news_rss import NewsFeedCollector
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


def test_a_slow_source_delays_neither_the_others_nor_the_end(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    server.routes["/drip"] = lambda _r: Reply(body=rss(ITEMS), drip_s=0.3)
    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    drip = SourceConfig(name="drip", kind="news_rss", url=server.url("/drip"), deadline_s=1.5)
    started = time.monotonic()

    summary = collect_sources([drip, source(server, "good")], client, store, lambda r: None, False)

    assert summary.get("good").new == 3 and summary.get("good").seconds < 1.0
    assert "DeadlineExceeded" in (summary.get("drip").error or "")
    assert time.monotonic() - started < 1.5 + 1.0


def test_endless_paging_stops_at_the_page_cap_keeping_what_was_read(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    server.routes["/layer/query"] = endless_layer
    layer = SourceConfig(
        name="endless", kind="tps_calls", url=server.url("/layer"), max_pages=4, deadline_s=10
    )
    emitted: list[RawReport] = []

    summary = collect_sources([layer], client, store, emitted.append, False)

    assert "PageLimitExceeded" in (summary.get("endless").error or "")
    assert len(emitted) == 40 and summary.get("endless").new == 40
    assert len([r for r in server.requests if r.path == "/layer/query"]) == 1 + 4  # count + pages
    state = store.get_collector_state("endless")
    assert state is not None and "since_ms" not in state.get("cursor", {})  # cursor not moved


def test_a_failed_daily_source_is_due_again_soon_and_keeps_its_schedule_after(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    server.routes["/good"] = lambda _r: Reply(status=503)
    daily = [source(server, "good")]
    first_run = datetime(2026, 11, 2, 12, tzinfo=UTC)  # 07:00 in Toronto
    quick = CollectSettings(retries=0, failure_retry_s=300, failure_retry_max_s=3600)

    def run_at(moment: datetime) -> RunSummary:
        return collect_sources(
            daily, client, store, lambda r: None, False, settings=quick, now=lambda: moment
        )

    failed = run_at(first_run)
    state = store.get_collector_state("good")
    assert failed.get("good").error and state is not None
    assert state["retry_at"] == (first_run + timedelta(minutes=5)).isoformat()
    assert failed.get("good").next_run == first_run + timedelta(minutes=5)
    assert not run_at(first_run + timedelta(minutes=4)).get("good").ran
    again = run_at(first_run + timedelta(minutes=6))  # fails again: the wait doubles
    assert again.get("good").ran and again.get("good").error
    state = store.get_collector_state("good")
    assert state is not None and state["consecutive_failures"] == 2
    assert state["retry_at"] == (first_run + timedelta(minutes=16)).isoformat()

    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    recovered = run_at(first_run + timedelta(minutes=17))
    assert recovered.get("good").ok and recovered.get("good").new == 3
    state = store.get_collector_state("good")
    assert state is not None and "retry_at" not in state and state["consecutive_failures"] == 0
    assert not run_at(first_run + timedelta(hours=6)).get("good").ran  # daily again


def test_sources_run_together_but_emit_and_confirm_one_at_a_time(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    names = [f"feed-{n}" for n in range(6)]
    for name in names:
        server.routes[f"/{name}"] = lambda _r: Reply(body=rss(ITEMS), delay_s=0.2)
    lock = threading.Lock()
    inside, most, emitted = 0, 0, []

    def enter() -> None:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.01)
        with lock:
            inside -= 1

    def emit(report: RawReport) -> None:
        enter()
        emitted.append(report)

    started = time.monotonic()
    settings = CollectSettings(workers=6)
    summary = collect_sources(
        [source(server, n) for n in names],
        client,
        store,
        emit,
        False,
        settings=settings,
        confirm=enter,
    )

    assert all(run.ok for run in summary.runs) and len(emitted) == 18
    assert most == 1  # never two sources inside emit or confirm at once
    assert time.monotonic() - started < 6 * 0.2  # but their fetches overlapped


def test_one_oversized_item_is_cut_to_fit_and_the_items_after_it_go_on(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    huge = {**ITEMS[0], "guid": "huge", "summary": "A very long summary. " * 150_000}
    server.routes["/good"] = lambda _r: Reply(body=rss([huge, ITEMS[1]]))
    emitted: list[RawReport] = []

    summary = collect_sources([source(server, "good")], client, store, emitted.append, False)

    assert summary.get("good").ok and [r.item_id for r in emitted] == ["huge", "item-2"]
    cut = emitted[0]
    assert len(cut.model_dump_json().encode()) <= CollectSettings().report_max_bytes
    assert cut.raw["_truncated"] and len(cut.raw["summary"]) <= 4_000
    assert any("'huge'" in w and "kept" in w for w in summary.get("good").warnings)


class StuckCollector(NewsFeedCollector):
    """A source blocked in a call no timeout covers (a DNS lookup, say), until released."""

    kind = "stuck_test"
    release = threading.Event()

    def collect(self, state: Mapping[str, Any]) -> Iterator[Batch]:
        self.release.wait(30)
        yield Batch([self.make_report(item_id="late", title="Too late to count")], state={})


def test_a_source_stuck_past_its_deadline_is_abandoned_and_can_do_nothing_after(
    server: LoopbackServer,
    client: httpx.Client,
    store: MemoryStateStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(COLLECTORS, StuckCollector.kind, StuckCollector)
    server.routes["/good"] = lambda _r: Reply(body=rss(ITEMS))
    stuck = SourceConfig(name="stuck", kind="stuck_test", url=server.url("/x"), deadline_s=0.3)
    settings = CollectSettings(deadline_grace_s=0.2)
    emitted: list[RawReport] = []
    started = time.monotonic()

    summary = collect_sources(
        [stuck, source(server, "good")], client, store, emitted.append, False, settings=settings
    )

    assert time.monotonic() - started < 2.0
    assert "did not finish within its deadline of 0.3s" in (summary.get("stuck").error or "")
    assert summary.get("good").ok and len(emitted) == 3
    StuckCollector.release.set()  # the abandoned thread wakes up and tries to emit
    time.sleep(0.3)
    state = store.get_collector_state("stuck")
    assert len(emitted) == 3 and state is not None
    assert "abandoned" in state["last_error"] and state["retry_at"]
