"""Folding reports into an incident: the place it keeps does not depend on arrival order."""

from __future__ import annotations

from enrich.merge import more_precise
from schemas import Location, Precision


def corner(lat: float, lon: float, geocoder: str) -> Location:
    return Location(lat=lat, lon=lon, precision=Precision.INTERSECTION, geocoder=geocoder)


def test_a_feeds_own_point_wins_over_a_geocoded_corner_of_the_same_precision() -> None:
    call = corner(43.7587, -79.5197, "source")  # the dispatch's own coordinates
    story = corner(43.7610, -79.5180, "gazetteer")  # a corner named in a story
    assert more_precise(story, call) and not more_precise(call, story)


def test_between_two_feed_points_the_first_stays() -> None:
    first, second = corner(43.70, -79.40, "source"), corner(43.71, -79.41, "source")
    assert not more_precise(first, second) and not more_precise(second, first)


def test_a_finer_place_wins_whatever_its_source() -> None:
    address = Location(lat=43.7, lon=-79.4, precision=Precision.ADDRESS, geocoder="gazetteer")
    assert more_precise(corner(43.7, -79.4, "source"), address)
