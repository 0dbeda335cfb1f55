"""TPS Public Safety Data Portal layers rendered from the shared CSV exports."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from ingest.errors import SourceConfigError
from ingest.loopback import ArcGISLayer, LoopbackServer
from ingest.sources.tps_portal import TPSPortalCollector
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport
from tests.conftest import shared_path
from tests.ingest.render import portal_features
from tests.ingest.runs import run_once

LAYER = "/arcgis/rest/services/Portal/FeatureServer/0"


def portal_source(server: LoopbackServer, layer: str, **options: object) -> SourceConfig:
    return SourceConfig(
        name=f"tps-{layer}",
        kind="tps_portal",
        url=server.url(LAYER),
        options={"layer": layer, "since": "2000-01-01", **options},
    )


def test_homicides_with_several_victims_become_one_report_across_pages(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    features = portal_features(shared_path("tps/homicides.csv"), last=300)
    server.routes[LAYER + "/query"] = ArcGISLayer(features, max_record_count=7)
    emitted: list[RawReport] = []

    summary = run_once(
        [portal_source(server, "homicides", page_size=7)],
        client,
        store,
        emitted.append,
    )

    events = {f["attributes"]["EVENT_UNIQUE_ID"] for f in features}
    assert summary.get("tps-homicides").ok
    assert sorted(r.item_id for r in emitted) == sorted(events)
    victims = {e: sum(f["attributes"]["EVENT_UNIQUE_ID"] == e for f in features) for e in events}
    for report in emitted:
        assert 1 + len(report.raw.get("related", [])) == victims[report.item_id]
        assert report.source_category in {"Shooting", "Stabbing", "Other"}


def test_shootings_keep_nsa_zero_coordinates_and_the_hour(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    features = portal_features(shared_path("tps/shootings-and-firearm-discharges.csv"), last=6724)
    nsa = [f for f in features if f["attributes"]["HOOD_158"] == "NSA"][:3]
    sample = features[-200:] + nsa
    server.routes[LAYER + "/query"] = ArcGISLayer(sample)
    emitted: list[RawReport] = []

    run_once([portal_source(server, "shootings")], client, store, emitted.append)

    by_id = {r.item_id: r for r in emitted}
    for feature in nsa:
        report = by_id[feature["attributes"]["EVENT_UNIQUE_ID"]]
        assert (report.lat, report.lon) == (0.0, 0.0) and report.location_text is None
    attrs = sample[0]["attributes"]
    report = by_id[attrs["EVENT_UNIQUE_ID"]]
    assert report.occurred_at is not None
    local_hour = report.occurred_at.astimezone(ZoneInfo("America/Toronto"))
    assert local_hour.hour == attrs["OCC_HOUR"]
    assert report.location_text == attrs["NEIGHBOURHOOD_158"]


def test_unknown_layer_is_a_configuration_error(client: httpx.Client) -> None:
    config = SourceConfig(name="x", kind="tps_portal", url="http://127.0.0.1:9/", options={})
    collector = TPSPortalCollector(config, client, now=lambda: datetime(2026, 7, 1, tzinfo=UTC))
    with pytest.raises(SourceConfigError, match="layer"):
        list(collector.collect({}))
