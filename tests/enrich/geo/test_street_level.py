"""Street-level answers: ramps and trails, police divisions, node snapping, one-street calls."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from enrich.geo import Gazetteer, Locator, NeighbourhoodIndex, normalise_street
from enrich.geo.aliases import derived_streets, ramp_streets
from enrich.geo.divisions import DivisionAreas, report_division
from enrich.geo.extract import parse_location_field
from enrich.geo.mentions import MentionKind
from enrich.geo.nodes import LearnedNodes
from schemas import Precision, RawReport, SourceKind
from tests.enrich.geo.conftest import BOUNDARIES, INTERSECTIONS


def call(location: str, division: str | None = None, **fields) -> RawReport:
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=location,
        title="Disturbance",
        location_text=location,
        raw={"DIVISION": division} if division else {},
        collected_at="2026-07-18T12:00:00+00:00",
        **fields,
    )


def test_ramps_name_the_streets_they_join() -> None:
    assert ramp_streets("401 C W WILSON AV RAMP") == ["401 HWY", "WILSON AVE"]
    assert ramp_streets("LAWRENCE E DVP S RAMP") == ["LAWRENCE", "DON VALLEY"]
    assert ramp_streets("GARDINER E LOWER JARVIS RAMP") == ["GARDINER", "LOWER JARVIS"]
    assert ramp_streets("ALBION W 27 N RAMP") == ["ALBION", "27 HWY"]
    assert ramp_streets("QUEEN ST W") == []


def test_highways_and_trails_named_after_streets() -> None:
    assert normalise_street("Highway 27") == "27 HWY"
    assert derived_streets(normalise_street("HWY 401 E EXPRESS")) == ["401 HWY"]
    assert derived_streets("DUNN AVENUE PARKETTE TRL") == ["DUNN AVE"]
    assert derived_streets("KIPLING AVE BICYCLE TRL") == ["KIPLING AVE"]
    assert derived_streets("VICTORIA STREET LANE") == ["VICTORIA ST"]
    assert derived_streets("DUFFERIN GROVE PARK TRL") == []


def test_derived_names_pair_last_and_are_marked() -> None:
    mentions = parse_location_field("401 C W WILSON AV RAMP - BATHURST ST")
    pairs = [m.streets for m in mentions if m.kind is MentionKind.INTERSECTION]
    assert pairs[0] == ("401 C W WILSON AV RAMP", "BATHURST ST")
    assert ("BATHURST ST", "401 HWY") in pairs
    written = {m.streets for m in mentions if not m.derived}
    assert ("BATHURST ST", "401 HWY") not in written


def test_report_division_from_attribute_or_body() -> None:
    assert report_division(call("A ST - B ST", "D14")) == "D14"
    assert report_division(call("A ST - B ST", "HP")) is None
    body = call("A ST - B ST", body="Police call for service: Fight, division D31.")
    assert report_division(body) == "D31"


def test_division_areas_learned_then_station_table() -> None:
    areas = DivisionAreas()
    points = np.array([[43.6506, -79.4252], [43.7581, -79.5254]])
    # Before learning: within reach of the division's station.
    assert areas.inside(points, "D14").tolist() == [True, False]
    areas.learn("D31", 43.7581, -79.5254)
    assert areas.inside(points, "D31").tolist() == [False, True]
    assert areas.inside(points, "XYZ").tolist() == [True, True]  # unknown code: no narrowing


def test_nodes_snap_only_within_a_few_metres() -> None:
    nodes = LearnedNodes()
    nodes.add(43.65, -79.40)
    assert nodes.snap(43.65005, -79.40005) == (43.65, -79.40)  # about 7 m
    assert nodes.snap(43.6505, -79.40) is None  # about 55 m


def _locator() -> Locator:
    index = NeighbourhoodIndex.from_geojson(BOUNDARIES)
    return Locator(index, Gazetteer.from_intersections(INTERSECTIONS))


def test_division_tells_namesake_streets_apart() -> None:
    gazetteer = Gazetteer.from_intersections(INTERSECTIONS)
    gazetteer.learn("CHURCH ST - ALPHA ST", 43.68, -79.45, "D12")  # west
    gazetteer.learn("CHURCH ST - OMEGA ST", 43.68, -79.35, "D51")  # east
    gazetteer.learn("KAPPA RD - CHURCH ST", 43.61, -79.45, "D12")
    loc = Locator(NeighbourhoodIndex.from_geojson(BOUNDARIES), gazetteer, learn=False)
    west = loc.locate(call("CHURCH ST - UNHEARD OF CRES", "D12"))
    east = loc.locate(call("CHURCH ST - UNHEARD OF CRES", "D51"))
    assert west.neighbourhood is not None and west.neighbourhood.code == "001"
    assert east.neighbourhood is not None and east.neighbourhood.code == "002"
    assert east.precision is Precision.NEIGHBOURHOOD


def test_street_alone_names_its_only_neighbourhood() -> None:
    # ALPHA ST's points run 2 km north-south, all inside West Side.
    loc = _locator().locate(call("ALPHA ST - NEVER SEEN CRT"))
    assert loc.precision is Precision.NEIGHBOURHOOD
    assert loc.neighbourhood is not None and loc.neighbourhood.code == "001"


def test_street_across_neighbourhoods_claims_none() -> None:
    loc8r = _locator()
    loc8r.gazetteer.learn("ZETA AVE - ALPHA ST", 43.61, -79.45)
    loc8r.gazetteer.learn("ZETA AVE - OMEGA ST", 43.61, -79.35)
    loc = loc8r.locate(call("ZETA AVE - NEVER SEEN CRT"))
    assert loc.neighbourhood is None and loc.precision is Precision.DISTRICT
    assert loc.in_city is True


def test_shortest_street_places_the_call() -> None:
    loc8r = _locator()
    loc8r.gazetteer.learn("TINY LANE - ALPHA ST", 43.66, -79.449)
    loc = loc8r.locate(call("TINY LANE - BETA AVE E"))  # no known meeting point
    assert loc.neighbourhood is not None and loc.neighbourhood.code == "001"
    assert loc.precision is Precision.NEIGHBOURHOOD


def test_snaps_to_a_learned_node() -> None:
    loc8r = _locator()
    loc8r.gazetteer.learn("SOME ST - OTHER ST", 43.66004, -79.45003)
    loc = loc8r.locate(call("ALPHA ST - GAMMA RD"))
    assert (loc.lat, loc.lon) == (43.66004, -79.45003)


def test_concurrent_locate_and_learn() -> None:
    loc8r = _locator()
    texts = [f"ALPHA ST - STREET{i} CRES" for i in range(200)]

    def work(i: int) -> Precision:
        loc8r.locate(call(texts[i], "D14", lat=43.66 + i * 1e-5, lon=-79.45))
        return loc8r.locate(call(texts[(i + 7) % 200], "D14")).precision

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(200)))
    assert all(p in (Precision.INTERSECTION, Precision.NEIGHBOURHOOD) for p in results)
