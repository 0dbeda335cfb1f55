"""Point-in-polygon: codes, classification, City limits, 0,0, and the real 158."""

from __future__ import annotations

import csv

import pytest

from enrich.geo import BoundaryDataError, NeighbourhoodIndex
from enrich.geo.places import DISTRICTS, LANDMARKS
from tests.conftest import shared_path
from tests.enrich.geo.conftest import BOUNDARIES


def test_lookup_single_and_bulk() -> None:
    index = NeighbourhoodIndex.from_geojson(BOUNDARIES)
    west = index.lookup(43.65, -79.45)
    assert west is not None and (west.code, west.classification) == ("001", "NIA")
    assert index.lookup(43.65, -79.35).classification == "Emerging"  # type: ignore[union-attr]
    assert index.lookup(0.0, 0.0) is None
    assert index.lookup(43.65, -79.0) is None  # well outside: not snapped
    assert index.lookup(43.7002, -79.45) is not None  # ~20 m outside: boundary tolerance
    bulk = index.lookup_many([43.65, 43.65, 0.0, 45.0], [-79.45, -79.35, 0.0, -79.45])
    assert [n.code if n else None for n in bulk] == ["001", "002", None, None]


def test_bad_geojson_is_a_clear_error() -> None:
    with pytest.raises(BoundaryDataError):
        NeighbourhoodIndex.from_geojson({"type": "FeatureCollection", "features": []})
    with pytest.raises(BoundaryDataError):
        NeighbourhoodIndex.from_geojson({"features": [{"properties": {}, "geometry": None}]})


def test_real_158_against_tps_labels() -> None:
    index = NeighbourhoodIndex.from_geojson(shared_path("toronto/neighbourhoods-158.geojson"))
    assert len(index.neighbourhoods) == 158
    rows = list(csv.DictReader(shared_path("tps/homicides.csv").open()))[:400]
    found = index.lookup_many(
        [float(r["LAT_WGS84"]) for r in rows], [float(r["LONG_WGS84"]) for r in rows]
    )
    agree = sum(1 for r, n in zip(rows, found, strict=True) if n and n.code == r["HOOD_158"])
    assert agree / len(rows) > 0.85  # the rest sit on boundary streets (offset points)
    for place in list(LANDMARKS.values()) + list(DISTRICTS.values()):
        assert index.lookup(place.lat, place.lon) is not None, place.name


def test_real_140_scheme() -> None:
    index = NeighbourhoodIndex.from_geojson(
        shared_path("toronto/neighbourhoods-140.geojson"), scheme="140"
    )
    hood = index.lookup(43.68502644145238, -79.39282836088456)
    assert hood is not None and (hood.code, hood.name, hood.scheme) == (
        "098",
        "Rosedale-Moore Park",
        "140",
    )


def test_candidates_on_a_boundary_street() -> None:
    index = NeighbourhoodIndex.from_geojson(BOUNDARIES)
    both = index.candidates(43.65, -79.4002, within_m=50)
    assert [n.code for n in both] == ["001", "002"]
    assert [n.code for n in index.candidates(43.65, -79.45)] == ["001"]


def test_single_and_bulk_lookups_agree_on_real_boundaries() -> None:
    import random

    index = NeighbourhoodIndex.from_geojson(shared_path("toronto/neighbourhoods-158.geojson"))
    rng = random.Random(3)
    lats = [rng.uniform(43.57, 43.86) for _ in range(3000)]
    lons = [rng.uniform(-79.65, -79.10) for _ in range(3000)]
    bulk = index.lookup_many(lats, lons)
    single = [index.lookup(a, b) for a, b in zip(lats, lons, strict=True)]
    assert bulk == single
    assert 0 < sum(1 for n in single if n is None) < len(single)
