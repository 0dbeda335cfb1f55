"""Learning stays bounded: repeated and dense feed locations keep few places per street."""

from __future__ import annotations

import random

import numpy as np
import pytest

from enrich.geo.errors import GeoConfigError, GeoError
from enrich.geo.evaluation import bench_learning
from enrich.geo.extract import parse_location_field
from enrich.geo.gazetteer import Gazetteer
from enrich.geo.nodes import CELL_CAP, LearnedNodes
from enrich.geo.points import medoid
from enrich.geo.samples import STREET_CAP, TEXT_CAP, PointSample
from schemas import Precision

from .conftest import INTERSECTIONS


def test_same_text_learned_ten_thousand_times_keeps_one_place() -> None:
    gazetteer = Gazetteer.from_intersections(INTERSECTIONS)
    for _ in range(10_000):
        gazetteer.learn("ALPHA ST - KAPPA AVE", 43.655, -79.45, "D14")
    alpha = gazetteer.streets.sample("ALPHA ST")
    kappa = gazetteer.streets.sample("KAPPA AVE")
    assert alpha is not None and kappa is not None
    assert len(alpha) == 4  # three signals and the learned node
    assert len(kappa) == 1 and kappa.observations() == 10_000
    assert len(gazetteer.nodes) == 1
    hit = gazetteer.lookup_text("alpha st -  kappa ave", "D14")
    assert hit is not None and (hit.lat, hit.lon) == (43.655, -79.45)
    pair = gazetteer.geocode(parse_location_field("ALPHA ST - KAPPA AVE")[0])
    assert pair is not None and pair.precision is Precision.INTERSECTION


def test_text_sightings_capped_and_typical_place_kept() -> None:
    gazetteer = Gazetteer()
    rng = random.Random(3)
    for i in range(10_000):
        # Mostly one node, now and then a call placed anywhere on a 5 km stretch.
        lat = 43.70 if i % 4 else 43.68 + 0.045 * rng.random()
        gazetteer.learn("MU ST - NU AVE", lat, -79.40)
    hit = gazetteer.lookup_text("MU ST - NU AVE")
    assert hit is not None and (hit.lat, hit.lon) == (43.70, -79.40)
    mu = gazetteer.streets.sample("MU ST")
    assert mu is not None and len(mu) <= STREET_CAP and mu.observations() == 10_000


def test_sample_coarsens_past_its_cap_and_keeps_the_extent() -> None:
    sample = PointSample(cap=TEXT_CAP)
    lats = np.linspace(43.64, 43.78, 5_000)  # a 16 km street, a point every 3 m
    for lat in lats:
        sample.add(float(lat), -79.39)
    points, counts = sample.arrays()
    assert len(points) <= TEXT_CAP and counts.sum() == 5_000
    assert points[:, 0].min() < 43.643 and points[:, 0].max() > 43.777
    (lat, _), radius = sample.medoid()
    assert abs(lat - 43.71) < 0.005 and 7_000 < radius < 8_500


def test_merged_place_is_the_most_seen_one() -> None:
    sample = PointSample(cap=1)
    sample.add(43.7000, -79.40, count=2)
    sample.add(43.7001, -79.40, count=5)  # 11 m north: a place of its own until merged
    assert len(sample) == 1 and sample.observations() == 7
    assert tuple(sample.arrays()[0][0]) == (43.7001, -79.40)


def test_weighted_medoid_equals_medoid_of_every_observation() -> None:
    rng = np.random.default_rng(5)
    places = np.column_stack([43.6 + rng.random(30) * 0.1, -79.5 + rng.random(30) * 0.1])
    counts = rng.integers(1, 6, 30)
    every = np.repeat(places, counts, axis=0)
    assert medoid(places, counts.astype(float)) == medoid(every)


def test_long_street_answers_from_a_bounded_cached_view() -> None:
    gazetteer = Gazetteer()
    for i in range(20_000):
        k = i % 4_000
        gazetteer.learn(f"LONG ST - SIDE{k} AVE", 43.64 + 0.14 * k / 4_000, -79.39, "D53")
    street = parse_location_field("LONG ST")[0]
    first = gazetteer.geocode(street, "D53")
    assert first is not None and 0 < len(first.support) <= STREET_CAP
    assert first.precision is Precision.DISTRICT  # 16 km long: no single neighbourhood
    assert gazetteer.geocode(street, "D53") is first  # nothing learned since: same answer
    gazetteer.learn("LONG ST - SIDE1 AVE", 43.64, -79.39, "D53")
    assert gazetteer.geocode(street, "D53") is not first


def test_nearest_approach_follows_new_learning() -> None:
    gazetteer = Gazetteer()
    for k in range(2_000):
        gazetteer.learn(f"LONG ST - SIDE{k} AVE", 43.64 + 0.14 * k / 2_000, -79.39)
    gazetteer.learn("WIDE AVE - FAR RD", 43.70, -79.50)
    pair = parse_location_field("LONG ST - WIDE AVE")[0]
    assert gazetteer.geocode(pair) is None  # 9 km apart
    gazetteer.learn("WIDE AVE - NEAR RD", 43.70, -79.3905)
    hit = gazetteer.geocode(pair)
    assert hit is not None and hit.precision is Precision.INTERSECTION
    assert abs(hit.lat - 43.70) < 0.0001 and hit.gap_m < 50


def test_learned_nodes_capped_per_cell() -> None:
    nodes = LearnedNodes()
    for i in range(1_000):
        nodes.add(43.65005 + i * 1e-8, -79.40005)  # all in one 20 m cell
    assert len(nodes) == CELL_CAP
    assert nodes.snap(43.65005, -79.40005) == (43.65005, -79.40005)


def test_bad_sample_use_is_a_geo_error() -> None:
    with pytest.raises(GeoConfigError):
        PointSample(cap=0)
    with pytest.raises(GeoError):
        PointSample().medoid()


def test_learning_benchmark_reports_bounded_places() -> None:
    figures = bench_learning(2_000, crossings=1_000)
    assert 0 < figures["places_kept_on_one_street"] <= STREET_CAP
    assert figures["street_lookups_per_s"] > 0 and figures["nearest_approach_lookups_per_s"] > 0
