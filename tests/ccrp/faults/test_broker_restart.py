"""The broker stops mid-run and starts again: the collector marks nothing it could not
deliver, and the next run brings everything in once.

Real parts: a collector process (``ccrp collect --once``) reading an ArcGIS layer on a
loopback HTTP server, a ``ccrp worker`` process, the embedded broker, PostgreSQL. The
embedded broker keeps topics in memory only: the worker is started afresh with the new,
empty topics (its positions were offsets of the forgotten ones), and the comparison is
with the store of an uninterrupted run of the same two collections. ``pytest -s`` prints
the figures of both runs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ccrp.broker import EmbeddedBroker
from ccrp.transport import create_topics
from ingest.loopback import ArcGISLayer, LoopbackServer, Reply, Request
from tests.ccrp.faults.harness import Cluster, cluster, drain
from tests.conftest import PROJECT_ROOT, shared_path
from tests.ingest.render import call_features, read_jsonl

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.shared_data]
SOURCES = """timezone = "America/Toronto"
[[source]]
name = "tps-calls"
kind = "tps_calls"
url = "{url}"
schedule = "every 30m"
[source.options]
time_field = "OCCURRENCE_TIME"
lookback = "48h"
"""


class FaultyLayer:
    """An ArcGIS layer that can run a fault (stop the broker) before answering a page, so
    the collector is mid-run, with items in hand, when the broker goes."""

    def __init__(self) -> None:
        self.layer = ArcGISLayer([])
        self.before_page: Callable[[], None] | None = None

    def __call__(self, request: Request) -> Reply:
        if self.before_page is not None and "resultOffset" in request.params:
            fault, self.before_page = self.before_page, None
            fault()
        return self.layer(request)


def rows_moved_to_today(now: datetime) -> list[dict]:
    rows = [r for r in read_jsonl(shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl"))]
    day = [r for r in rows if r["occurred_at"].startswith("2026-07-12")][:300]
    shift = now - datetime(2026, 7, 12, 23, 59, tzinfo=UTC)
    for row in day:
        moved = datetime.fromisoformat(row["occurred_at"]) + shift
        row["occurred_at"] = moved.isoformat()
    return day


def collect_once(made: Cluster, sources: Path) -> int:
    env = made.env() | {"CCRP_KAFKA__DELIVERY_TIMEOUT_S": "4"}
    done = subprocess.run(
        [sys.executable, "-m", "ccrp", "collect", "--once", "--sources", str(sources)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        timeout=180,
    )
    return done.returncode


def marked(made: Cluster) -> set[str]:
    with made.store() as store, store.engine.connect() as conn:
        return {r for (r,) in conn.exec_driver_sql("SELECT item_id FROM collected_items")}


def store_state(made: Cluster, ids: set[str]) -> tuple[dict[str, str], int]:
    with made.store() as store:
        links = store.report_incidents(ids)
        with store.engine.connect() as conn:
            created = conn.exec_driver_sql(
                "SELECT count(*) FROM activations WHERE type LIKE '%%.created'"
            ).scalar()
    return links, int(created or 0)


def run(tmp: Path, now: datetime, fault: bool) -> tuple[dict[str, str], int, set[str]]:
    started = time.monotonic()
    faulted_exit: int | None = None
    rows = rows_moved_to_today(now)
    first, second = call_features(rows[:150]), call_features(rows)
    layer = FaultyLayer()
    with LoopbackServer() as server, cluster(tmp) as made:
        server.routes["/calls/query"] = layer
        sources = tmp / "sources.toml"
        sources.write_text(SOURCES.format(url=server.url("/calls")), encoding="utf-8")
        made.start_worker()
        layer.layer.features = first
        assert collect_once(made, sources) == 0
        first_ids = marked(made)
        assert 0 < len(first_ids) <= len(first)
        drain(made, {f"tps-calls:{i}" for i in first_ids})
        layer.layer.features = second
        if fault:
            port = made.broker.port
            layer.before_page = made.broker.stop
            faulted_exit = collect_once(made, sources)
            assert faulted_exit == 3, "a failed delivery fails the source, and the run"
            assert layer.before_page is None, "the broker went down mid-run"
            assert marked(made) == first_ids, "nothing undelivered is marked as seen"
            made.broker = EmbeddedBroker.start(port=port)
            create_topics(made.kafka)
            made.kill_workers()
            made.start_worker()
        assert collect_once(made, sources) == 0
        ids = {f"tps-calls:{i}" for i in marked(made)}
        assert len(ids) > len(first_ids)
        drain(made, ids)
        made.stop_workers()
        links, created = store_state(made, ids)
    name = "broker stopped mid-run" if fault else "uninterrupted"
    print(
        f"[fault figures] collector, {name}: items served {len(second)}, first run "
        f"{len(first_ids)}, faulted run exit {faulted_exit}, marked after the fault "
        f"{len(first_ids) if fault else '-'}, collected {len(ids)}, stored {len(links)}, "
        f"missing {len(ids - set(links))}, incidents {len(set(links.values()))}, "
        f"created {created}, {time.monotonic() - started:.1f} s",
        flush=True,
    )
    return links, created, ids


def test_broker_restart_mid_run_loses_nothing(tmp_path: Path) -> None:
    (tmp_path / "steady").mkdir()
    (tmp_path / "fault").mkdir()
    now = datetime.now(UTC)  # both runs collect the very same items
    steady_links, steady_created, ids = run(tmp_path / "steady", now, fault=False)
    links, created, _ = run(tmp_path / "fault", now, fault=True)
    assert set(links) == ids and links == steady_links
    assert created == steady_created and created > 0
