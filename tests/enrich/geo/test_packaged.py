"""The City's reference data packaged with the project, and the loader's order of sources."""

from __future__ import annotations

import json
import logging
import os
import time
from importlib import metadata
from pathlib import Path

import pytest

from enrich.geo import Gazetteer, Locator, NeighbourhoodIndex, load_boundaries_geojson
from enrich.geo.boundaries import (
    ATTRIBUTION,
    data_folder,
    load_intersections_geojson,
    read_geojson,
    read_packaged,
)
from enrich.geo.compaction import compact_intersections, compaction_effect, tps_points
from enrich.geo.settings import GeoSettings
from schemas import Precision
from tests.conftest import PROJECT_ROOT, closed_port_url, shared_path
from tests.enrich.geo.conftest import BOUNDARIES, INTERSECTIONS, report

LOADER = "enrich.geo.boundaries"


def test_packaged_copies_place_points_and_intersections() -> None:
    hoods = read_packaged("neighbourhoods-158")
    older = read_packaged("neighbourhoods-140")
    signals = read_packaged("intersections")
    assert hoods is not None and older is not None and signals is not None
    assert (len(hoods["features"]), len(older["features"])) == (158, 140)
    assert len(signals["features"]) == 2499
    regent = NeighbourhoodIndex.from_geojson(hoods).lookup(43.6597, -79.3621)
    assert regent is not None and regent.name == "Regent Park" and regent.code == "072"
    casa_loma = NeighbourhoodIndex.from_geojson(older, scheme="140").lookup(43.678, -79.409)
    assert casa_loma is not None and casa_loma.name == "Casa Loma"
    assert Gazetteer.from_intersections(signals).knows_street("JARVIS ST")


def test_offline_locator_places_an_intersection_in_a_neighbourhood(tmp_path: Path) -> None:
    geo = GeoSettings(boundaries_url=closed_port_url())
    locator = Locator.from_settings(geo, data_dir=tmp_path)
    found = locator.locate(report(title="Stabbing", location_text="JARVIS ST - FRONT ST E"))
    assert found.precision is Precision.INTERSECTION and found.lat is not None
    assert abs(found.lat - 43.6494) < 0.001
    assert found.neighbourhood is not None and found.neighbourhood.code == "166"


def test_attribution_ships_with_the_data() -> None:
    notice = (Path(str(data_folder())) / "NOTICE.md").read_text(encoding="utf-8")
    assert ATTRIBUTION in notice
    assert ATTRIBUTION in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    meta = metadata.metadata("ccrp-intake")
    assert "LicenseRef-OGL-Toronto" in (meta["License-Expression"] or "")


def test_configured_file_wins(geo_files: tuple[Path, Path], tmp_path: Path, caplog) -> None:
    boundaries, signals = geo_files
    geo = GeoSettings(
        neighbourhoods_158=str(boundaries), intersections=str(signals), boundaries_url="x:"
    )
    caplog.set_level(logging.INFO, LOADER)
    assert load_boundaries_geojson(geo, tmp_path) == BOUNDARIES
    assert load_intersections_geojson(geo, tmp_path) == INTERSECTIONS
    assert "the configured file" in caplog.text


def _serve_boundaries(http_server) -> tuple[GeoSettings, list[str]]:
    address, routes, hits = http_server
    package = {"result": {"resources": [{"format": "GeoJSON", "url": f"http://{address}/b"}]}}
    routes["/api/3/action/package_show"] = (0.0, json.dumps(package).encode())
    routes["/b"] = (0.0, json.dumps(BOUNDARIES).encode())
    return GeoSettings(boundaries_url=f"http://{address}/api/3/action/package_show?id=n"), hits


def test_fresh_cache_then_refresh_then_stale_cache(http_server, tmp_path: Path, caplog) -> None:
    geo, hits = _serve_boundaries(http_server)
    caplog.set_level(logging.INFO, LOADER)
    assert load_boundaries_geojson(geo, tmp_path) == BOUNDARIES
    assert "refreshed from the City's CKAN" in caplog.text and len(hits) == 2
    cached = tmp_path / "geo" / "neighbourhoods-158.geojson"
    assert read_geojson(cached) == BOUNDARIES
    caplog.clear()
    assert load_boundaries_geojson(geo, tmp_path) == BOUNDARIES
    assert "the cached copy" in caplog.text and len(hits) == 2  # fresh: CKAN not asked
    old = time.time() - 40 * 86_400
    os.utime(cached, (old, old))
    assert load_boundaries_geojson(geo, tmp_path) == BOUNDARIES
    assert len(hits) == 4  # stale: refreshed, and the cache is fresh again
    assert time.time() - cached.stat().st_mtime < 60
    os.utime(cached, (old, old))
    caplog.clear()
    offline = geo.model_copy(update={"boundaries_url": closed_port_url()})
    assert load_boundaries_geojson(offline, tmp_path) == BOUNDARIES
    assert "the older cached copy" in caplog.text


def test_offline_without_cache_uses_the_packaged_copy(tmp_path: Path, caplog) -> None:
    geo = GeoSettings(boundaries_url=closed_port_url(), timeout_s=2.0)
    caplog.set_level(logging.INFO, LOADER)
    started = time.monotonic()
    hoods = load_boundaries_geojson(geo, tmp_path)
    older = load_boundaries_geojson(geo, tmp_path, scheme="140")
    signals = load_intersections_geojson(geo, tmp_path)
    assert time.monotonic() - started < 5
    assert hoods is not None and len(hoods["features"]) == 158
    assert older is not None and len(older["features"]) == 140
    assert signals is not None and len(signals["features"]) == 2499
    assert caplog.text.count("the copy packaged with the project") == 3
    assert not (tmp_path / "geo").exists()  # a fallback is never cached as if it were fresh


def test_compact_intersections_keep_names_and_points() -> None:
    compact = compact_intersections(INTERSECTIONS)
    assert [f["properties"]["MAIN_STREET"] for f in compact["features"]][:2] == [
        "ALPHA ST",
        "ALPHA ST",
    ]
    assert compact["features"][0]["geometry"]["coordinates"] == [[-79.45, 43.65]]


@pytest.mark.shared_data
def test_simplification_moves_no_tps_point() -> None:
    full = read_geojson(shared_path("toronto/neighbourhoods-158.geojson"))
    points = tps_points(
        [
            shared_path("tps/shootings-and-firearm-discharges.csv"),
            shared_path("tps/homicides.csv"),
        ]
    )
    packaged = read_packaged("neighbourhoods-158")
    assert packaged is not None
    effect = compaction_effect(full, packaged, points)
    assert effect.points > 8000
    assert effect.changed == 0
    assert effect.max_displacement_m < 2.0
    assert effect.vertices_after < 0.7 * effect.vertices_before
