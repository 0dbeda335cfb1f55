"""TPS calls for service: all shared calls served as ArcGIS pages on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ccrp.settings import CollectSettings
from ingest.errors import FetchError
from ingest.loopback import ArcGISLayer, LoopbackServer, Reply
from ingest.sources.tps_calls import TPSCallsCollector, clean_cross_streets
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport, SourceKind
from tests.conftest import shared_path
from tests.ingest.render import call_features, read_jsonl
from tests.ingest.runs import run_once

CALLS = "feeds/tps-calls-for-service-2026-07-10_17.jsonl"
LAYER = "/arcgis/rest/services/C4S/FeatureServer/0"


def calls_source(server: LoopbackServer, **options: object) -> SourceConfig:
    return SourceConfig(
        name="tps-calls",
        kind="tps_calls",
        url=server.url(LAYER),
        schedule="every 30m",
        options={"since": "2026-07-01", **options},
    )


def test_all_shared_calls_are_collected_page_by_page(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    rows = read_jsonl(shared_path(CALLS))
    server.routes[LAYER + "/query"] = ArcGISLayer(call_features(rows), max_record_count=1000)
    emitted: list[RawReport] = []

    summary = run_once([calls_source(server)], client, store, emitted.append)

    assert summary.get("tps-calls").ok and summary.new == len(rows) == 3295
    pages = [r for r in server.requests if "resultOffset" in r.params]
    assert [p.params["resultOffset"] for p in pages] == ["0", "1000", "2000", "3000"]
    assert {p.params["outSR"] for p in pages} == {"4326"}
    assert {p.params["outFields"] for p in pages} == {"*"}
    by_time = {r.occurred_at: r for r in emitted}
    for row in rows[:50]:
        report = by_time[datetime.fromisoformat(row["occurred_at"])]
        assert report.source_kind is SourceKind.POLICE
        assert report.source_category in {r["call_type_code"] for r in rows}
    stabbings = [r for r in emitted if r.source_category == "STA"]
    row = next(r for r in rows if r["call_type_code"] == "STA")
    when = datetime.fromisoformat(row["occurred_at"])
    match = next(r for r in stabbings if r.occurred_at == when)
    assert match.location_text == clean_cross_streets(row["location"])
    assert match.title.startswith(row["call_type"])
    assert (match.lat, match.lon) == (row["lat"], row["lng"])
    assert match.raw["CALL_TYPE_CODE"] == "STA"


def test_second_run_of_the_day_emits_nothing_and_queries_since_last_time(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    rows = read_jsonl(shared_path(CALLS))[:1500]
    server.routes[LAYER + "/query"] = ArcGISLayer(call_features(rows))
    first: list[RawReport] = []
    second: list[RawReport] = []
    run_once([calls_source(server)], client, store, first.append)
    server.requests.clear()

    run_once([calls_source(server)], client, store, second.append, force=True)

    assert len(first) == len(rows) and second == []
    state = store.get_collector_state("tps-calls")
    assert state is not None and state["items_new"] == 0 and state["items_seen"] > 0
    newest = max(datetime.fromisoformat(r["occurred_at"]) for r in rows)
    assert (
        f"{newest - timedelta(hours=2):%Y-%m-%d %H:%M:%S}" in (server.requests[-1].params["where"])
    )


def test_new_calls_after_the_first_run_are_emitted(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    rows = read_jsonl(shared_path(CALLS))
    layer = ArcGISLayer(call_features(rows[:100]))
    server.routes[LAYER + "/query"] = layer
    emitted: list[RawReport] = []
    run_once([calls_source(server)], client, store, emitted.append)
    layer.features = call_features(rows[:130])

    run_once([calls_source(server)], client, store, emitted.append, force=True)

    assert len(emitted) == 130 == len({r.item_id for r in emitted})


def test_arcgis_error_json_with_http_200_is_an_error(
    server: LoopbackServer, client: httpx.Client
) -> None:
    body = b'{"error": {"code": 400, "message": "Invalid query", "details": ["bad where"]}}'
    server.routes[LAYER + "/query"] = lambda _request: Reply(body=body)
    collector = TPSCallsCollector(calls_source(server), client, CollectSettings(retries=0))

    with pytest.raises(FetchError, match="Invalid query"):
        list(collector.collect({}))


def test_first_run_window_comes_from_the_lookback_option(
    server: LoopbackServer, client: httpx.Client
) -> None:
    rows = read_jsonl(shared_path(CALLS))
    server.routes[LAYER + "/query"] = ArcGISLayer(call_features(rows))
    end = datetime(2026, 7, 17, 12, tzinfo=UTC)
    config = SourceConfig(
        name="tps-calls", kind="tps_calls", url=server.url(LAYER), options={"lookback": "6h"}
    )
    collector = TPSCallsCollector(config, client, now=lambda: end)

    reports = [r for batch in collector.collect({}) for r in batch.reports]

    expected = [r for r in rows if end.timestamp() - 6 * 3600 <= epoch(r["occurred_at"])]
    assert len(reports) == len(expected) > 0


def epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def test_cross_streets_are_cleaned() -> None:
    assert clean_cross_streets("ALEXANDRA PARK TRL - ") == "ALEXANDRA PARK TRL"
    assert clean_cross_streets("SHERBOURNE ST - DUNDAS ST E") == "SHERBOURNE ST - DUNDAS ST E"
    assert clean_cross_streets(" - ") is None
