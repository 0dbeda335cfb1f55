"""The rules behind the joins: time granularity, area names, streets, the index."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from enrich.areas import municipalities_conflict
from enrich.incident_index import IncidentIndex
from enrich.resolve import IncidentResolver
from enrich.signatures import signature_of, street_tokens
from enrich.timing import stated_time_slack
from schemas import Neighbourhood, Precision
from tests.enrich.factories import (
    CHURCH_ADELAIDE,
    COURT_ADELAIDE,
    DOWNTOWN_HOOD,
    JANE_SHEPPARD,
    KENNEDY_EGLINTON,
    NORTH_YORK_CENTRE,
    church_stabbing,
    news,
    place,
    police_call,
    utc,
)


def test_stated_time_granularity() -> None:
    assert stated_time_slack("late Friday night just after 11 p.m.") == (timedelta(hours=2), True)
    assert stated_time_slack("Wednesday morning") == (timedelta(hours=4), True)
    assert stated_time_slack("on Saturday") == (timedelta(hours=18), False)
    assert stated_time_slack("on Sunday, July 12") == (timedelta(hours=18), False)
    assert stated_time_slack("earlier this month") == (timedelta(days=5), False)
    assert stated_time_slack(None) == (timedelta(hours=3), True)


def test_municipality_names_conflict_unless_town_and_its_region() -> None:
    assert municipalities_conflict("ajax", "pickering")
    assert municipalities_conflict("toronto", "mississauga")
    assert not municipalities_conflict("mississauga", "peel region")
    assert not municipalities_conflict("durham region", "whitby")
    assert municipalities_conflict("vaughan", "peel region")
    assert not municipalities_conflict(None, "ajax")


def test_street_tokens_of_every_style() -> None:
    assert street_tokens("Church and Adelaide Streets") == {"church", "adelaide"}
    assert street_tokens("COURT ST - ADELAIDE ST E") == {"court", "adelaide"}
    assert street_tokens("DUNDAS ST E - LN N DUNDAS W SHERBOURNE") == {"dundas", "sherbourne"}
    assert street_tokens("North York - RIDLEY BLVD (near ESGORE DR)") == {"ridley", "esgore"}
    assert street_tokens("North York") == frozenset()


def test_day_level_times_of_one_outside_crash_still_join() -> None:
    resolver = IncidentResolver()
    outside = place(None, Precision.CITY, "Pickering", in_city=False)
    common: dict[str, Any] = {"in_area": False, "municipality": "Durham Region"}
    first = news(
        "citynews",
        utc("2026-07-12T13:30"),
        ["collision"],
        outside,
        occurred_at=utc("2026-07-12T02:00"),
        occurred_at_text="Saturday night",
        **common,
    )
    second = news(
        "cbc-toronto",
        utc("2026-07-12T16:26"),
        ["collision"],
        outside,
        occurred_at=utc("2026-07-11T16:00"),
        occurred_at_text="on Saturday",
        **common,
    )
    assert resolver.resolve(first).incident_id == resolver.resolve(second).incident_id


def test_neighbouring_towns_never_join() -> None:
    resolver = IncidentResolver()
    at = utc("2026-07-12T16:26")
    ajax = news(
        "cbc-toronto",
        at,
        ["collision"],
        place(None, Precision.CITY, "Ajax", in_city=False),
        in_area=False,
        municipality="Durham Region",
    )
    pickering = news(
        "cbc-toronto",
        at,
        ["collision"],
        place(None, Precision.CITY, "Pickering", in_city=False),
        in_area=False,
        municipality="Durham Region",
    )
    assert resolver.resolve(ajax).incident_id != resolver.resolve(pickering).incident_id


def test_districts_in_different_parts_of_the_city_never_join() -> None:
    resolver = IncidentResolver()
    at = utc("2026-07-12T16:00")
    north = news(
        "citynews",
        at,
        ["shooting"],
        place(NORTH_YORK_CENTRE, Precision.DISTRICT, "North York", None, "North York"),
    )
    east = news(
        "cbc-toronto",
        at,
        ["shooting"],
        place((43.7731, -79.2578), Precision.DISTRICT, "Scarborough", None, "Scarborough"),
    )
    assert resolver.resolve(north).incident_id != resolver.resolve(east).incident_id


def test_a_story_is_never_about_a_later_call() -> None:
    resolver = IncidentResolver()
    story = news(
        "citynews",
        utc("2026-07-14T20:00"),
        ["stabbing"],
        place(
            CHURCH_ADELAIDE, Precision.INTERSECTION, "Church and Adelaide Streets", DOWNTOWN_HOOD
        ),
    )
    later = police_call(
        "STA",
        utc("2026-07-14T23:00"),
        COURT_ADELAIDE,
        "COURT ST - ADELAIDE ST E",
        ["stabbing"],
        DOWNTOWN_HOOD,
    )
    assert resolver.resolve(story).incident_id != resolver.resolve(later).incident_id


def test_vague_neighbourhood_story_joins_the_only_matching_call() -> None:
    resolver = IncidentResolver()
    call, _ = church_stabbing()
    church_wellesley = Neighbourhood(code="167", name="Church-Wellesley")
    story = news(
        "citynews",
        utc("2026-07-14T23:06"),
        ["stabbing"],
        place((43.6665, -79.3818), Precision.NEIGHBOURHOOD, "Church", church_wellesley),
        occurred_at=utc("2026-07-14T22:30"),
        occurred_at_text="Tuesday evening around 6:30 p.m.",
    )
    assert resolver.resolve(call).incident_id == resolver.resolve(story).incident_id


def test_follow_up_needs_closely_matching_labels() -> None:
    resolver = IncidentResolver()
    assault = police_call(
        "ASSJU",
        utc("2026-07-12T02:07"),
        KENNEDY_EGLINTON,
        "KENNEDY RD - EGLINTON AVE E",
        ["assault"],
    )
    suspects = news(
        "citynews",
        utc("2026-07-13T15:00"),
        ["stabbing"],
        place(KENNEDY_EGLINTON, Precision.INTERSECTION, "Kennedy Road and Eglinton Avenue East"),
        follow_up=True,
    )
    assert resolver.resolve(assault).incident_id != resolver.resolve(suspects).incident_id


def test_index_looks_only_near_in_time_and_place() -> None:
    window, follow_ups = timedelta(hours=24), timedelta(days=30)
    call, story = church_stabbing()
    index = IncidentIndex()
    index.add("inc-call", ["stabbing"], [signature_of(call, window, follow_ups, False)])
    near = signature_of(story, window, follow_ups, False)
    assert index.candidates(near, timedelta(minutes=30)) == {"inc-call"}
    far = police_call(
        "STA", utc("2026-07-14T22:30"), JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["stabbing"]
    )
    assert index.candidates(signature_of(far, window, follow_ups, False), timedelta(0)) == set()
    crash = police_call(
        "PIACC", utc("2026-07-14T22:30"), COURT_ADELAIDE, "COURT ST - ADELAIDE ST E", ["collision"]
    )
    assert index.candidates(signature_of(crash, window, follow_ups, False), timedelta(0)) == set()
    days_later = police_call(
        "STA", utc("2026-07-17T22:30"), COURT_ADELAIDE, "COURT ST - ADELAIDE ST E", ["stabbing"]
    )
    assert (
        index.candidates(signature_of(days_later, window, follow_ups, False), timedelta(0)) == set()
    )
    vague = news("cbc-toronto", utc("2026-07-15T02:00"), ["stabbing"])
    vague_signature = signature_of(vague, window, follow_ups, False)
    # A story with no place never links a call: it looks only at incidents with a story.
    assert index.candidates(vague_signature, timedelta(0)) == set()
    index.add(
        "inc-story",
        ["stabbing"],
        [signature_of(call, window, follow_ups, False), near],
    )
    assert index.candidates(vague_signature, timedelta(0)) == {"inc-story"}
    index.remove("inc-call")
    index.remove("inc-story")
    assert index.candidates(near, timedelta(minutes=30)) == set()
