"""The rules and the calibrated evidence behind joins: what links a story to a call, what
follow-ups may do, time on the scale of the statement, and the provenance in words."""

from __future__ import annotations

from datetime import timedelta

from enrich.evidence import WEIGHTS, load_weights, time_evidence
from enrich.resolve import IncidentResolver
from enrich.signatures import Signature, signature_of
from schemas import EnrichedReport, Neighbourhood, Precision
from tests.enrich.factories import (
    GLENFIELD,
    JANE_SHEPPARD,
    KENNEDY_EGLINTON,
    NORTH_YORK_CENTRE,
    news,
    place,
    police_call,
    utc,
)

WINDOW, FOLLOW_UPS = timedelta(hours=24), timedelta(days=30)
NORTH_YORK = place(NORTH_YORK_CENTRE, Precision.DISTRICT, "North York", None, "North York")


def _sig(er: EnrichedReport, follow_up: bool = False) -> Signature:
    return signature_of(er, WINDOW, FOLLOW_UPS, follow_up)


def _shooting_call(
    at: str = "2026-07-11T03:02", code: str = "SHO", types: list[str] | None = None
) -> EnrichedReport:
    return police_call(
        code, utc(at), JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", types or ["shooting"], GLENFIELD
    )


def _corner_story(hood: Neighbourhood | None = None) -> EnrichedReport:
    """A shooting story naming Jane and Sheppard and "just after 11 p.m."."""
    return news(
        "citynews",
        utc("2026-07-11T04:00"),
        ["shooting"],
        place(JANE_SHEPPARD, Precision.INTERSECTION, "Jane Street and Sheppard Avenue", hood),
        occurred_at=utc("2026-07-11T03:00"),
        occurred_at_text="just after 11 p.m.",
    )


def _resolution(resolver: IncidentResolver, er: EnrichedReport) -> str:
    incident = resolver.resolve(er)
    return next(r.resolution or "" for r in incident.reports if r.report_id == er.report_id)


def test_a_stated_minute_is_judged_on_its_own_scale() -> None:
    story = news(
        "citynews",
        utc("2026-07-11T04:00"),
        ["shooting"],
        occurred_at=utc("2026-07-11T03:00"),
        occurred_at_text="just after 11 p.m.",
    )
    near, hours_off = _shooting_call("2026-07-11T03:05"), _shooting_call("2026-07-11T05:30")
    close, far = time_evidence(_sig(story), _sig(near)), time_evidence(_sig(story), _sig(hours_off))
    assert close is not None and close > 0.8
    assert far is not None and far < 0.2


def test_a_district_alone_never_links_a_call() -> None:
    resolver = IncidentResolver()
    resolver.resolve(_shooting_call())
    story = news("cbc", utc("2026-07-11T12:00"), ["shooting"], NORTH_YORK)
    assert len(resolver.resolve(story).reports) == 1


def test_a_call_whose_code_says_nothing_never_joins_a_story() -> None:
    resolver = IncidentResolver()
    story = _corner_story()
    resolver.resolve(story)
    unknown = _shooting_call("2026-07-11T03:10", "UNKTR", ["other"])
    assert "says nothing" in _resolution(resolver, unknown)


def test_a_wounded_person_call_from_a_hospital_joins_the_shooting() -> None:
    resolver = IncidentResolver()
    story = _corner_story()
    first = resolver.resolve(story)
    hospital = police_call(
        "WOU", utc("2026-07-11T03:30"), (43.7226, -79.4900), "HOSPITAL - KEELE ST", ["assault"]
    )
    assert resolver.resolve(hospital).incident_id == first.incident_id


def test_a_missing_person_is_reported_hours_after_the_last_sighting() -> None:
    resolver = IncidentResolver()
    call = police_call(
        "MISVU",
        utc("2026-07-12T00:10"),
        KENNEDY_EGLINTON,
        "KENNEDY RD - EGLINTON AVE E",
        ["missing_person"],
    )
    story = news(
        "citynews",
        utc("2026-07-12T13:00"),
        ["missing_person"],
        place(KENNEDY_EGLINTON, Precision.INTERSECTION, "Kennedy Road and Eglinton Avenue East"),
        occurred_at=utc("2026-07-11T20:00"),
        occurred_at_text="around 4 p.m. Saturday",
    )
    assert resolver.resolve(call).incident_id == resolver.resolve(story).incident_id


def test_a_follow_up_told_elsewhere_joins_only_on_what_both_state() -> None:
    scene = place(JANE_SHEPPARD, Precision.INTERSECTION, "Jane Street and Sheppard Avenue")
    downtown = place((43.6426, -79.3871), Precision.ADDRESS, "City Hall", None, "Downtown")
    for title, joins in (
        ("Vigil at City Hall for Dana Voss, killed in North York shooting", True),
        ("Vigil at City Hall for victims of gun violence", False),
    ):
        resolver = IncidentResolver()
        first = resolver.resolve(
            news(
                "citynews",
                utc("2026-07-11T04:00"),
                ["shooting", "homicide"],
                scene,
                title="Dana Voss killed in North York shooting",
                occurred_at=utc("2026-07-11T03:00"),
                occurred_at_text="just after 11 p.m.",
            )
        )
        vigil = news(
            "cbc",
            utc("2026-07-13T23:00"),
            ["shooting", "homicide"],
            downtown,
            title=title,
            follow_up=True,
        )
        assert (resolver.resolve(vigil).incident_id == first.incident_id) is joins


def test_different_victims_keep_two_district_stories_apart() -> None:
    resolver = IncidentResolver()
    first = resolver.resolve(
        news("cbc", utc("2026-07-11T12:00"), ["shooting"], NORTH_YORK, title="Man, 19, shot")
    )
    second = news("cbc", utc("2026-07-11T14:00"), ["shooting"], NORTH_YORK, title="Woman, 45, shot")
    assert resolver.resolve(second).incident_id != first.incident_id
    same = news(
        "citynews", utc("2026-07-11T15:00"), ["shooting"], NORTH_YORK, title="Man, 19, hurt"
    )
    assert resolver.resolve(same).incident_id == first.incident_id


def test_a_district_story_conflicts_with_a_corner_in_another_part_of_the_city() -> None:
    scarborough = place((43.7731, -79.2578), Precision.DISTRICT, "Scarborough", None, "Scarborough")
    resolver = IncidentResolver()
    corner = news(
        "citynews",
        utc("2026-07-11T04:00"),
        ["shooting"],
        place(JANE_SHEPPARD, Precision.INTERSECTION, "Jane Street and Sheppard Avenue", GLENFIELD),
    )
    first = resolver.resolve(corner)
    other = news("cbc", utc("2026-07-11T12:00"), ["shooting"], scarborough)
    assert "places conflict" in _resolution(resolver, other)
    assert resolver.get(first.incident_id) == first


def test_every_join_says_its_evidence_and_the_weights_are_packaged() -> None:
    resolver = IncidentResolver()
    resolver.resolve(_shooting_call())
    story = _corner_story(Neighbourhood(code="025", name="Glenfield-Jane Heights"))
    words = _resolution(resolver, story)
    assert words.startswith("joined: score ") and "place 1.00" in words and "types" in words
    bias, weights = load_weights()
    assert weights == WEIGHTS and weights["conflict"] < 0 < weights["place"] and bias > 0
