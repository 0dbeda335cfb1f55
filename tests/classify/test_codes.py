"""Structured categories: every police call code and fire event type in the feeds is mapped."""

from __future__ import annotations

import json

import pytest

from classify import Classifier
from classify.codes import TFS_EVENT_TYPES, TPS_CALL_CODES, fire_event, police_call
from schemas.taxonomy import ALL_TYPES
from tests.classify.factories import fire_event as fire_report
from tests.classify.factories import police_call as call_report
from tests.conftest import shared_path

EXPECTED_CALLS = {
    "SHO": ["shooting"],
    "SOUGU": ["shots_fired"],
    "STA": ["stabbing"],
    "FIG": ["community_conflict"],
    "ROB": ["robbery"],
    "ASSJU": ["assault"],
    "ASSJO": ["assault"],
    "BREEN": ["property_crime"],
    "PIACC": ["collision"],
    "MISVU": ["missing_person"],
    "EDP": ["mental_health_crisis"],
    "FIR": ["fire"],
    "PERGU": ["other"],
    "UNKTR": ["other"],
}


@pytest.mark.parametrize("code", sorted(TPS_CALL_CODES))
def test_every_listed_call_code_maps_to_taxonomy_types(code: str) -> None:
    mapping = police_call(code)
    assert mapping is not None and mapping.types
    assert set(mapping.types) <= set(ALL_TYPES)


@pytest.mark.parametrize(("code", "types"), sorted(EXPECTED_CALLS.items()))
def test_police_calls_map_directly(code: str, types: list[str]) -> None:
    result = Classifier.load().classify(call_report(code))
    assert result.types == types
    assert result.method == "police-code"
    assert result.in_area is True and result.municipality == "Toronto"
    assert result.notes and result.notes[-1] == TPS_CALL_CODES[code].description


def test_unknown_call_code_is_reported_not_guessed() -> None:
    result = Classifier.load().classify(call_report("XYZQ"))
    assert result.types == ["other"]
    assert result.notes == ["unknown call code XYZQ"]


def test_call_outside_the_city_box_is_out_of_area() -> None:
    assert Classifier.load().classify(call_report("SHO", lat=43.59, lon=-79.75)).in_area is False


@pytest.mark.parametrize("event_type", sorted(TFS_EVENT_TYPES))
def test_every_listed_fire_event_type_maps(event_type: str) -> None:
    mapping, by_family = fire_event(event_type.title())
    assert mapping is not None and not by_family
    assert set(mapping.types) <= set(ALL_TYPES)


def test_fire_events_map_directly() -> None:
    classifier = Classifier.load()
    assert classifier.classify(fire_report("Fire -  Highrise Residential")).types == ["fire"]
    assert classifier.classify(fire_report("Vehicle Accident with Fire")).types == [
        "collision",
        "fire",
    ]
    assert classifier.classify(fire_report("Alarm Single Source")).types == ["other"]
    family = classifier.classify(fire_report("Fire - Vehicle Dealership"))
    assert family.types == ["fire"] and "mapped by its family" in family.notes[0]
    unknown = classifier.classify(fire_report("Swift Water Rescue Boat"))
    assert unknown.types == ["other"] and unknown.notes[0].startswith("unknown fire event type")


def test_every_code_and_event_type_in_the_shared_feeds_is_listed() -> None:
    calls = shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl")
    fires = shared_path("feeds/tfs-incidents-2026-07-11_17.jsonl")
    codes = {json.loads(line)["call_type_code"] for line in calls.open()}
    events = {json.loads(line)["event_type"] for line in fires.open()}
    assert codes - set(TPS_CALL_CODES) == set()
    assert {e for e in events if fire_event(e)[0] is None or fire_event(e)[1]} == set()
