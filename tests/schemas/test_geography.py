"""The City's geography: one source that classify and enrich read alike."""

from __future__ import annotations

from classify.gazetteer import place_incident
from enrich.areas import REGION_OF, municipalities_conflict
from enrich.geo.places import DISTRICTS, LANDMARKS, OTHER_MUNICIPALITIES, OTHER_POLICE_SERVICES
from schemas.geography import (
    AREA_PART,
    CITY_BOUNDS,
    part_of_city,
    point_in_city_bounds,
    police_service_names,
    region_of,
)


def test_bounds_hold_the_city_and_not_its_neighbours() -> None:
    assert point_in_city_bounds(43.6532, -79.3832) is True  # City Hall
    assert point_in_city_bounds(43.5890, -79.6441) is False  # Mississauga centre
    assert point_in_city_bounds(0.0, 0.0) is None and point_in_city_bounds(None, 1.0) is None
    assert CITY_BOUNDS.padded(0.01).contains(43.576, -79.40)


def test_areas_have_their_part_of_the_city() -> None:
    assert part_of_city("Rexdale") == "Etobicoke"
    assert part_of_city("jane and finch") == "North York"
    assert part_of_city("Thorncliffe Park") == "East York"
    assert part_of_city("Malvern") == "Scarborough"
    assert part_of_city("Brampton") is None
    assert REGION_OF["malvern"] == "scarborough" and REGION_OF["parkdale"] == "core"


def test_enrich_places_are_known_to_the_shared_geography() -> None:
    for place in DISTRICTS.values():
        assert part_of_city(place.name) is not None, place.name
    known = {name.casefold() for name in AREA_PART}
    for name in LANDMARKS:
        assert name in known, name


def test_outside_police_services_in_every_usual_form() -> None:
    names = police_service_names()
    for form in ("Peel Regional Police", "Peel police", "police in Peel", "YRP",
                 "York Regional Police", "Durham Regional Police", "Halton police"):  # fmt: skip
        assert form in names, form
    assert names["York Regional Police"] == "York Region"
    assert names["South Simcoe Police Service"] == "Simcoe County"
    assert "york regional police" in OTHER_POLICE_SERVICES


def test_communities_belong_to_their_municipality_and_region() -> None:
    assert region_of("Woodbridge") == "York Region" and region_of("Mississauga") == "Peel Region"
    assert not municipalities_conflict("woodbridge", "vaughan")
    assert municipalities_conflict("ajax", "pickering")
    assert "Woodbridge" in OTHER_MUNICIPALITIES


def test_classify_and_enrich_read_the_same_outside_places() -> None:
    verdict = place_incident("Man stabbed in Woodbridge", "York Regional Police are investigating.")
    assert verdict.in_area is False and verdict.municipality == "Vaughan"
    assert place_incident("Crash near Toronto Pearson", "").municipality == "Mississauga"
    assert place_incident("Shooting near King and Bathurst", "").in_area is True
