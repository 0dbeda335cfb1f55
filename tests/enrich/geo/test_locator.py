"""Locating reports: given points, feed fields, free text, outside the City, no boundaries."""

from __future__ import annotations

import json
from pathlib import Path

from ccrp.settings import GeoSettings
from enrich.geo import Gazetteer, Locator, MemoryGeocodeCache, NeighbourhoodIndex
from schemas import Classification, Precision
from tests.conftest import shared_path
from tests.enrich.geo.conftest import BOUNDARIES, INTERSECTIONS, report


def locator() -> Locator:
    index = NeighbourhoodIndex.from_geojson(BOUNDARIES)
    return Locator(index, Gazetteer.from_intersections(INTERSECTIONS, MemoryGeocodeCache()))


def test_from_settings_with_files(geo_files: tuple[Path, Path]) -> None:
    boundaries, intersections = geo_files
    geo = GeoSettings(neighbourhoods_158=str(boundaries), intersections=str(intersections))
    loc = Locator.from_settings(geo).locate(report(location_text="ALPHA ST - GAMMA RD"))
    assert loc.precision is Precision.INTERSECTION
    assert loc.neighbourhood is not None and loc.neighbourhood.code == "001"
    assert loc.in_city is True and loc.geocoder == "gazetteer"


def test_given_coordinates_win_and_feed_the_gazetteer() -> None:
    loc8r = locator()
    loc = loc8r.locate(report(location_text="NEWSTREET CRES - OMEGA ST", lat=43.655, lon=-79.36))
    assert (loc.geocoder, loc.precision, loc.neighbourhood.code) == (  # type: ignore[union-attr]
        "source",
        Precision.INTERSECTION,
        "002",
    )
    again = loc8r.locate(report(location_text="NEWSTREET CRES - OMEGA ST"))
    assert (again.lat, again.lon, again.geocoder) == (43.655, -79.36, "gazetteer")


def test_zero_zero_is_not_a_place() -> None:
    loc = locator().locate(report(lat=0.0, lon=0.0, title="Shooting, location not specified"))
    assert loc.neighbourhood is None and loc.lat is None
    outside = locator().locate(report(lat=43.59, lon=-79.64))
    assert outside.in_city is False and outside.neighbourhood is None


def test_nearest_approach_and_tfs_without_direction() -> None:
    loc = locator().locate(report(location_text="Toronto - BETA AVE & ALPHA ST"))
    assert loc.precision is Precision.INTERSECTION
    assert abs(loc.lat - 43.65) < 1e-6  # type: ignore[operator]
    # No signal at DELTA DR & OMEGA ST, but the two streets come within ~1 km of each other.
    approx = locator().locate(report(location_text="OMEGA ST - GAMMA RD - SIGMA BLVD"))
    assert approx.neighbourhood is not None


def test_free_text_district_only_gets_no_neighbourhood() -> None:
    loc = locator().locate(report(title="Man stabbed in North York on Friday night"))
    assert loc.precision is Precision.DISTRICT and loc.district == "North York"
    assert loc.neighbourhood is None


def test_free_text_neighbourhood_name() -> None:
    loc = locator().locate(report(title="Shots fired in East Side overnight"))
    assert loc.precision is Precision.NEIGHBOURHOOD and loc.neighbourhood.code == "002"  # type: ignore[union-attr]


def test_other_municipality_is_out_of_area() -> None:
    loc = locator().locate(report(title="Man shot near Alpha Street in Brampton"))
    assert loc.in_city is False and loc.text == "Brampton" and loc.neighbourhood is None
    via_classifier = locator().locate(
        report(title="Crash on the highway"),
        Classification(types=["collision"], in_area=False, municipality="Vaughan"),
    )
    assert via_classifier.in_city is False and via_classifier.text == "Vaughan"


def test_nothing_known() -> None:
    loc = locator().locate(report(title="Council votes on budget"))
    assert loc.precision is Precision.UNKNOWN and loc.in_city is None


def test_without_boundaries_precision_is_reduced() -> None:
    loc8r = Locator(None, Gazetteer.from_intersections(INTERSECTIONS))
    loc = loc8r.locate(report(location_text="ALPHA ST - GAMMA RD"))
    assert loc.lat == 43.66 and loc.neighbourhood is None and loc.in_city is None


def test_real_calls_geocode_from_text(shared_data: Path) -> None:
    index = NeighbourhoodIndex.from_geojson(shared_path("toronto/neighbourhoods-158.geojson"))
    signals = json.loads(shared_path("toronto/traffic-signal-intersections.geojson").read_text())
    loc8r = Locator(index, Gazetteer.from_intersections(signals), learn=False)
    loc = loc8r.locate(report(location_text="JANE ST - SHEPPARD AVE W"))
    assert loc.precision is Precision.INTERSECTION and loc.neighbourhood is not None
    assert loc.neighbourhood.name in (
        "Glenfield-Jane Heights",
        "York University Heights",
        "Downsview",
        "Oakdale-Beverley Heights",
    )
    text = loc8r.locate(
        report(title="Shooting near Kennedy Road and Sheppard Avenue East in Scarborough")
    )
    assert text.precision is Precision.INTERSECTION and text.district == "Scarborough"


def test_locate_from_worker_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    loc8r = locator()

    def work(i: int) -> str | None:
        lat = 43.61 + (i % 50) * 0.001
        loc8r.locate(
            report(item_id=str(i), location_text=f"STREET{i} ST - ALPHA ST", lat=lat, lon=-79.44)
        )
        found = loc8r.locate(report(item_id=f"t{i}", location_text=f"STREET{i} ST - ALPHA ST"))
        return found.neighbourhood.code if found.neighbourhood else None

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(work, range(200)))
    assert codes == ["001"] * 200


def test_learned_text_uses_the_typical_observation() -> None:
    gazetteer = Gazetteer.from_intersections(INTERSECTIONS)
    for lat in (43.651, 43.652, 43.653, 43.69):  # one call placed far off
        gazetteer.learn("KAPPA ST - OMEGA ST", lat, -79.36)
    hit = gazetteer.lookup_text("KAPPA ST  -  OMEGA ST")
    assert hit is not None and hit.lat == 43.652


def test_streets_that_cannot_be_placed_keep_their_words_not_a_precision() -> None:
    offline = Locator(None, Gazetteer.from_intersections(None))
    text = "A teen was stabbed near Dundas Street East and Sherbourne Street, police said."
    in_toronto = Classification(types=["stabbing"], in_area=True, municipality="Toronto")
    loc = offline.locate(report(title="Teen stabbed", body=text), in_toronto)
    assert loc.precision is Precision.CITY and loc.lat is None
    assert loc.text is not None and "Sherbourne" in loc.text
