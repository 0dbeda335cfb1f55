"""Remote geocoders on a real loopback server: answers cached, timeouts degrade, CKAN loads."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ccrp.settings import GeoSettings
from enrich.geo import (
    Gazetteer,
    GeoConfigError,
    Locator,
    MemoryGeocodeCache,
    NeighbourhoodIndex,
    load_boundaries_geojson,
)
from enrich.geo.geocoders import build_remote, parse_chain
from schemas import Precision
from tests.enrich.geo.conftest import BOUNDARIES, INTERSECTIONS, report


def nominatim_locator(address: str, cache: MemoryGeocodeCache, timeout: float) -> Locator:
    geo = GeoSettings(
        geocoder="nominatim,gazetteer", nominatim_url=f"http://{address}", timeout_s=timeout
    )
    index = NeighbourhoodIndex.from_geojson(BOUNDARIES)
    remote = build_remote("nominatim", geo, cache)
    return Locator(index, Gazetteer.from_intersections(INTERSECTIONS, cache), [remote])


def test_nominatim_answer_is_cached(http_server) -> None:
    address, routes, hits = http_server
    routes["/search"] = (
        0.0,
        json.dumps(
            [
                {
                    "lat": "43.655",
                    "lon": "-79.33",
                    "display_name": "52 Arborwood Dr, Toronto",
                    "addresstype": "house",
                    "type": "house",
                }
            ]
        ).encode(),
    )
    cache = MemoryGeocodeCache()
    loc8r = nominatim_locator(address, cache, 2.0)
    first = loc8r.locate(report(title="Fire at 52 Arborwood Drive"))
    assert (first.geocoder, first.precision) == ("nominatim", Precision.ADDRESS)
    assert first.neighbourhood is not None and first.neighbourhood.code == "002"
    second = loc8r.locate(report(title="Update: fire at 52 Arborwood Drive"))
    assert second.lat == first.lat and len(hits) == 1  # served by the cache
    assert "viewbox" in hits[0] and "bounded=1" in hits[0]


def test_timeout_degrades_to_gazetteer_and_district(http_server) -> None:
    address, routes, hits = http_server
    routes["/search"] = (1.5, b"[]")
    cache = MemoryGeocodeCache()
    cache.put_geocode("nominatim", "ALPHA ST & DELTA DR", {"lat": 43.6701, "lon": -79.4501})
    loc8r = nominatim_locator(address, cache, 0.3)
    started = time.monotonic()
    slow = loc8r.locate(report(title="Stabbing at Alpha Street and Gamma Road in North York"))
    assert slow.geocoder == "gazetteer" and slow.precision is Precision.INTERSECTION
    district = loc8r.locate(report(title="Stabbing at 9 Nowhere Crescent, North York"))
    assert district.precision is Precision.DISTRICT and district.neighbourhood is None
    cached = loc8r.locate(report(title="Shots at Alpha Street and Delta Drive"))
    assert cached.geocoder == "nominatim" and cached.lat == 43.6701
    # Only the first query reached the server (the HTTP adapter's own retries included);
    # after the outage the geocoder is paused instead of slowing every report.
    assert time.monotonic() - started < 5
    assert hits and all("GAMMA" in h for h in hits)


def test_ckan_fetch_and_cached_copy(http_server, tmp_path: Path) -> None:
    address, routes, hits = http_server
    routes["/api/3/action/package_show"] = (
        0.0,
        json.dumps(
            {
                "result": {
                    "resources": [
                        {
                            "name": "Neighbourhoods - 2952.geojson",
                            "format": "GeoJSON",
                            "url": f"http://{address}/projected.geojson",
                        },
                        {
                            "name": "Neighbourhoods - 4326.geojson",
                            "format": "GeoJSON",
                            "url": f"http://{address}/hoods.geojson",
                        },
                        {
                            "name": "Neighbourhoods.csv",
                            "format": "CSV",
                            "url": f"http://{address}/x.csv",
                        },
                    ]
                }
            }
        ).encode(),
    )
    routes["/hoods.geojson"] = (0.0, json.dumps(BOUNDARIES).encode())
    geo = GeoSettings(boundaries_url=f"http://{address}/api/3/action/package_show?id=hoods")
    data = load_boundaries_geojson(geo, tmp_path)
    assert data is not None and len(data["features"]) == 2
    assert (tmp_path / "geo" / "neighbourhoods-158.geojson").exists()
    assert load_boundaries_geojson(geo, tmp_path) == data and len(hits) == 2


def test_unreachable_ckan_without_packaged_copy_returns_none(http_server, tmp_path: Path) -> None:
    address, routes, _ = http_server
    routes["/api/3/action/package_show"] = (0.0, b"not json")
    url = f"http://{address}/api/3/action/package_show?id=x"
    geo = GeoSettings(boundaries_url=url, packaged=False)
    assert load_boundaries_geojson(geo, tmp_path) is None
    loc = Locator.from_settings(geo, data_dir=tmp_path).locate(
        report(title="Shooting in Scarborough")
    )
    assert loc.precision is Precision.DISTRICT and loc.in_city is True


def test_chain_settings_are_checked() -> None:
    assert parse_chain("nominatim, gazetteer") == ["nominatim", "gazetteer"]
    with pytest.raises(GeoConfigError):
        parse_chain("google")
    with pytest.raises(GeoConfigError):
        build_remote("pelias", GeoSettings(), None)


@pytest.mark.parametrize("status", [401, 403, 404])
def test_refused_credentials_or_a_wrong_url_is_a_configuration_error(status: int) -> None:
    from ingest.loopback import LoopbackServer, Reply

    with LoopbackServer() as server:
        server.routes["/search"] = lambda _r: Reply(status=status, body=b"{}")
        address = server.url("").removeprefix("http://")
        loc8r = nominatim_locator(address, MemoryGeocodeCache(), 2.0)
        with pytest.raises(GeoConfigError, match="nominatim refused the request"):
            loc8r.locate(report(title="Fire at 52 Arborwood Drive"))
        with pytest.raises(GeoConfigError, match="check its URL and credentials"):
            loc8r.locate(report(title="Fire at 9 Other Road"))
        assert len(server.requests) == 1  # refused once: not asked again


def test_an_outage_still_degrades() -> None:
    from ingest.loopback import LoopbackServer, Reply

    with LoopbackServer() as server:
        server.routes["/search"] = lambda _r: Reply(status=503, body=b"busy")
        address = server.url("").removeprefix("http://")
        loc8r = nominatim_locator(address, MemoryGeocodeCache(), 2.0)
        located = loc8r.locate(report(title="Stabbing at Alpha Street and Gamma Road"))
    assert located.geocoder == "gazetteer"


@pytest.mark.parametrize("url", ["ftp://geo.example.org", "https://", "http:///search"])
def test_an_unusable_geocoder_url_is_refused_at_start(url: str) -> None:
    with pytest.raises(GeoConfigError, match="nominatim_url"):
        build_remote("nominatim", GeoSettings(nominatim_url=url), None)
