"""The geocode cache's failure, or a geocoder's unreadable answer, degrades the answer,
never the report.

The cache is the SQL store. With the store unreachable (a PostgreSQL URL on a port
nothing listens on), every read is a miss and every write is dropped: reports are still
located by the remote geocoder and the gazetteer, and learning from a call's own
coordinates goes on in memory. Nothing raises, so no report becomes a dead letter.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from ccrp.settings import GeoSettings
from enrich.geo import Gazetteer, Locator, NeighbourhoodIndex
from enrich.geo.geocoders import build_remote
from schemas import Precision, SourceKind
from sinks.store import Store
from tests.enrich.geo.conftest import BOUNDARIES, INTERSECTIONS, report

ANSWER = [
    {
        "lat": "43.655",
        "lon": "-79.33",
        "display_name": "52 Arborwood Dr, Toronto",
        "addresstype": "house",
        "type": "house",
    }
]


def test_an_unreachable_cache_degrades_the_answer_not_the_report(
    http_server, geo_files: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    address, routes, hits = http_server
    routes["/search"] = (0.0, json.dumps(ANSWER).encode())
    boundaries, intersections = geo_files
    geo = GeoSettings(
        geocoder="nominatim,gazetteer",
        nominatim_url=f"http://{address}",
        neighbourhoods_158=str(boundaries),
        intersections=str(intersections),
        packaged=False,
    )
    down = Store("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")  # nothing listens
    loc8r = Locator.from_settings(geo, cache=down)
    with caplog.at_level(logging.WARNING, logger="enrich.geo.cache"):
        first = loc8r.locate(report(title="Fire at 52 Arborwood Drive"))
        loc8r.flush()  # the batch's answers go to the cache, which is down: dropped
        again = loc8r.locate(report(item_id="2", title="Update: fire at 52 Arborwood Drive"))
        loc8r.flush()
        call = report(
            item_id="3",
            source_kind=SourceKind.POLICE,
            title="Assault",
            location_text="OMEGA ST - SIGMA BLVD",
            lat=43.662,
            lon=-79.32,
        )
        placed = loc8r.locate(call)  # learns the corner, in memory only
        learned = loc8r.locate(report(item_id="4", location_text="OMEGA ST - SIGMA BLVD"))
    assert (first.geocoder, first.precision) == ("nominatim", Precision.ADDRESS)
    assert first.neighbourhood is not None and first.neighbourhood.code == "002"
    assert again.lat == first.lat and len(hits) == 2, "no cache: the geocoder is asked again"
    assert placed.geocoder == "source"
    assert (learned.geocoder, learned.lat) == ("gazetteer", 43.662)
    warnings = [r for r in caplog.records if "geocode cache unavailable" in r.getMessage()]
    assert len(warnings) == 1, "one warning per outage, not one per report"
    down.close()


@pytest.mark.parametrize(
    "body",
    [
        [{"lat": "43.655", "lon": "-79.33"}],  # no display name: geopy refuses to build it
        [{"lat": "north", "lon": "-79.33", "display_name": "x"}],
        [{"display_name": "52 Arborwood Dr"}],
        {"error": "unexpected"},
    ],
)
def test_an_unreadable_geocoder_answer_degrades_to_the_gazetteer(http_server, body) -> None:
    address, routes, _ = http_server
    routes["/search"] = (0.0, json.dumps(body).encode())
    geo = GeoSettings(geocoder="nominatim,gazetteer", nominatim_url=f"http://{address}")
    loc8r = Locator(
        NeighbourhoodIndex.from_geojson(BOUNDARIES),
        Gazetteer.from_intersections(INTERSECTIONS),
        [build_remote("nominatim", geo, None)],
    )
    located = loc8r.locate(report(title="Stabbing at Alpha Street and Gamma Road"))
    assert located.geocoder == "gazetteer" and located.lat == 43.66
