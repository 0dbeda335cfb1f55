from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from enrich.errors import EnrichError, ResolveError
from enrich.merge import incident_id_for, merge_types
from enrich.resolve import IncidentResolver
from enrich.resolver_memory import RETAINED_BATCHES
from enrich.retraction import RETRACTION_NOTE
from schemas import IncidentStatus, Precision
from tests.enrich.factories import (
    CHURCH_ADELAIDE,
    DOWNTOWN_HOOD,
    GLENFIELD,
    JANE_SHEPPARD,
    KENNEDY_EGLINTON,
    church_stabbing,
    jane_sheppard_shooting,
    news,
    place,
    police_call,
    sherbourne_stabbing,
    utc,
)


def test_stabbing_call_and_story_are_one_incident() -> None:
    resolver = IncidentResolver()
    call, story = church_stabbing()
    first = resolver.resolve(call)
    joined = resolver.resolve(story)
    assert joined.incident_id == first.incident_id == incident_id_for(call.report_id)
    assert joined.version == 2
    assert [r.report_id for r in joined.reports] == [call.report_id, story.report_id]
    assert joined.status == IncidentStatus.CORROBORATED
    assert joined.types == ["stabbing"]
    assert joined.occurred_at == call.report.occurred_at  # the call's own time wins
    assert joined.attributes.injured == 1 and joined.attributes.weapon == "knife"
    assert joined.in_area is True and joined.ccrp_eligible and joined.programs == ["ccrp"]


def test_district_only_story_joins_the_intersection_story() -> None:
    resolver = IncidentResolver()
    citynews, cbc = jane_sheppard_shooting()
    first = resolver.resolve(citynews)
    second = resolver.resolve(cbc)
    assert second.incident_id == first.incident_id
    assert second.location.precision == Precision.INTERSECTION
    assert second.location.neighbourhood == GLENFIELD
    assert second.attributes.fatalities == 1 and second.attributes.injured == 2
    assert second.status == IncidentStatus.CORROBORATED


def test_story_first_then_call_joins_the_same_way() -> None:
    resolver = IncidentResolver()
    call, story = church_stabbing()
    assert resolver.resolve(story).incident_id == resolver.resolve(call).incident_id


def test_two_stabbings_a_kilometre_apart_stay_apart() -> None:
    resolver = IncidentResolver()
    reports = [*church_stabbing(), *sherbourne_stabbing()]
    ids = [resolver.resolve(er).incident_id for er in reports]
    assert ids[0] == ids[1]
    assert ids[2] == ids[3]
    assert ids[0] != ids[2]
    assert len(resolver) == 2


def test_same_place_different_days_stay_apart() -> None:
    resolver = IncidentResolver()
    monday = police_call(
        "SHO",
        utc("2026-07-13T02:00"),
        KENNEDY_EGLINTON,
        "KENNEDY RD - EGLINTON AVE E",
        ["shooting"],
    )
    thursday = police_call(
        "SHO",
        utc("2026-07-16T02:00"),
        KENNEDY_EGLINTON,
        "KENNEDY RD - EGLINTON AVE E",
        ["shooting"],
    )
    assert resolver.resolve(monday).incident_id != resolver.resolve(thursday).incident_id


def test_incompatible_types_stay_apart() -> None:
    resolver = IncidentResolver()
    at = utc("2026-07-13T02:00")
    crash = police_call("PIACC", at, KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", ["collision"])
    shots = police_call("SHO", at, KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", ["shooting"])
    assert resolver.resolve(crash).incident_id != resolver.resolve(shots).incident_id


def test_far_apart_neighbourhoods_stay_apart() -> None:
    resolver = IncidentResolver()
    at = utc("2026-07-13T02:00")
    east = police_call("SHO", at, KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", ["shooting"])
    west = police_call(
        "SHO", at, JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["shooting"], GLENFIELD
    )
    assert resolver.resolve(east).incident_id != resolver.resolve(west).incident_id


def test_shots_fired_then_shooting_calls_merge_labels() -> None:
    resolver = IncidentResolver()
    at = utc("2026-07-13T02:00")
    heard = police_call(
        "SOUGU", at, KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", ["shots_fired"]
    )
    hit = police_call(
        "SHO",
        at + timedelta(minutes=12),
        KENNEDY_EGLINTON,
        "EGLINTON AVE E - KENNEDY RD",
        ["shooting"],
    )
    resolver.resolve(heard)
    incident = resolver.resolve(hit)
    assert incident.types == ["shooting"]
    assert incident.status == IncidentStatus.REPORTED  # one source, however many calls


def test_out_of_area_story_never_joins_a_city_incident() -> None:
    resolver = IncidentResolver()
    call = police_call(
        "SHO",
        utc("2026-07-13T02:00"),
        KENNEDY_EGLINTON,
        "KENNEDY RD - EGLINTON AVE E",
        ["shooting"],
    )
    elsewhere = news(
        "cbc-toronto",
        utc("2026-07-13T04:00"),
        ["shooting"],
        place(None, Precision.CITY, "Mississauga", in_city=False),
        in_area=False,
        municipality="Mississauga",
    )
    resolver.resolve(call)
    incident = resolver.resolve(elsewhere)
    assert len(incident.reports) == 1
    assert incident.in_area is False and incident.municipality == "Mississauga"
    assert not incident.ccrp_eligible and incident.programs == []


def test_not_incident_never_joins_nor_forms_a_tracked_incident() -> None:
    resolver = IncidentResolver()
    call, _ = church_stabbing()
    resolver.resolve(call)
    feature = news("cbc-toronto", utc("2026-07-14T23:30"), ["not_incident"], call.location)
    incident = resolver.resolve(feature)
    assert incident.types == ["not_incident"] and len(incident.reports) == 1
    assert not incident.ccrp_eligible and incident.programs == []
    assert len(resolver) == 1
    assert resolver.resolve(feature) == incident


def test_follow_up_attaches_to_the_earlier_incident() -> None:
    resolver = IncidentResolver()
    call, story = church_stabbing()
    resolver.resolve(call)
    resolver.resolve(story)
    charged = news(
        "cbc-toronto",
        utc("2026-07-18T15:00"),
        ["stabbing"],
        place(
            CHURCH_ADELAIDE, Precision.INTERSECTION, "Church St and Adelaide St E", DOWNTOWN_HOOD
        ),
        follow_up=True,
    )
    incident = resolver.resolve(charged)
    assert incident.incident_id == incident_id_for(call.report_id)
    assert incident.is_follow_up is False
    assert incident.ccrp_eligible  # time passing does not revoke eligibility
    assert incident.occurred_at == call.report.occurred_at


def test_follow_up_without_a_known_incident_is_flagged() -> None:
    resolver = IncidentResolver()
    sentenced = news(
        "citynews",
        utc("2026-07-15T15:00"),
        ["stabbing", "homicide"],
        place(KENNEDY_EGLINTON, Precision.INTERSECTION, "Kennedy Rd and Eglinton Ave E"),
        follow_up=True,
    )
    incident = resolver.resolve(sentenced)
    assert incident.is_follow_up is True
    assert not incident.ccrp_eligible and "ccrp" not in incident.programs


def test_follow_ups_about_the_same_outside_case_join_each_other() -> None:
    resolver = IncidentResolver()
    outside = place(None, Precision.CITY, "Pickering", in_city=False)
    kwargs: dict[str, Any] = {"follow_up": True, "in_area": False, "municipality": "Pickering"}
    first = resolver.resolve(
        news("cbc-toronto", utc("2026-07-14T17:15"), ["stabbing", "homicide"], outside, **kwargs)
    )
    second = resolver.resolve(
        news("citynews", utc("2026-07-15T15:00"), ["homicide"], outside, **kwargs)
    )
    assert second.incident_id == first.incident_id
    assert second.is_follow_up and second.in_area is False


def test_vague_story_between_two_candidates_is_left_alone() -> None:
    resolver = IncidentResolver()
    for er in (*church_stabbing(), *sherbourne_stabbing()):
        resolver.resolve(er)
    vague = news(
        "cbc-toronto",
        utc("2026-07-15T02:00"),
        ["stabbing"],
        place((43.6510, -79.3810), Precision.DISTRICT, "downtown Toronto", None, "Downtown"),
    )
    incident = resolver.resolve(vague)
    assert len(incident.reports) == 1
    assert len(resolver) == 3


def test_resolving_the_same_report_twice_changes_nothing() -> None:
    resolver = IncidentResolver()
    call, story = church_stabbing()
    resolver.resolve(call)
    once = resolver.resolve(story)
    twice = resolver.resolve(story)
    assert twice == once
    assert resolver.resolve(call) == once


def test_fresh_resolver_replay_gives_the_same_incidents() -> None:
    reports = [*church_stabbing(), *sherbourne_stabbing(), *jane_sheppard_shooting()]
    runs = []
    for _ in range(2):
        resolver = IncidentResolver()
        runs.append([resolver.resolve(er) for er in reports])
    assert runs[0] == runs[1]


def test_load_rehydrates_and_versions_continue() -> None:
    call, story = church_stabbing()
    before = IncidentResolver()
    stored = before.resolve(call)
    after = IncidentResolver()
    after.load([stored])
    assert after.get(stored.incident_id) == stored
    joined = after.resolve(story)
    assert joined.incident_id == stored.incident_id and joined.version == stored.version + 1
    assert after.resolve(call).version == joined.version  # known report: nothing new


def test_retraction_marks_the_incident() -> None:
    resolver = IncidentResolver()
    call, story = church_stabbing()
    resolver.resolve(call)
    retraction = news(
        "tps-news",
        utc("2026-07-15T09:00"),
        ["stabbing"],
        story.location,
        notes=[RETRACTION_NOTE],
    )
    incident = resolver.resolve(retraction)
    assert incident.status == IncidentStatus.RETRACTED
    assert not incident.ccrp_eligible and incident.programs == []


def test_unknown_type_is_a_clear_error() -> None:
    resolver = IncidentResolver()
    call, _ = church_stabbing()
    bad = call.model_copy(
        update={"classification": call.classification.model_copy(update={"types": ["riot"]})}
    )
    with pytest.raises(ResolveError) as info:
        resolver.resolve(bad)
    assert isinstance(info.value, EnrichError)
    assert len(resolver) == 0


def test_memory_is_bounded() -> None:
    resolver = IncidentResolver(max_incidents=3)
    start = utc("2026-07-13T00:00")
    for n in range(6):
        at = start + timedelta(days=n)
        resolver.resolve(
            police_call("SHO", at, KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", ["shooting"])
        )
    assert len(resolver) == 3
    with pytest.raises(ValueError):
        IncidentResolver(max_incidents=0)


def test_merge_types_rules() -> None:
    assert merge_types(["not_incident"], ["stabbing"]) == ["stabbing"]
    assert merge_types(["shots_fired"], ["shooting", "homicide"]) == ["shooting", "homicide"]
    assert merge_types(["not_incident"]) == ["not_incident"]


def test_incidents_beyond_the_follow_up_window_are_forgotten() -> None:
    resolver = IncidentResolver(follow_up_window=timedelta(days=3))
    old = police_call(
        "SHO",
        utc("2026-07-01T02:00"),
        KENNEDY_EGLINTON,
        "KENNEDY RD - EGLINTON AVE E",
        ["shooting"],
    )
    resolver.resolve(old)
    recent = police_call(
        "SHO", utc("2026-07-10T02:00"), JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["shooting"]
    )
    resolver.resolve(recent)
    assert len(resolver) == 1
    assert resolver.get(incident_id_for(old.report_id)) is None


def test_an_old_incident_changed_by_a_batch_is_kept_for_the_next_batches() -> None:
    """The stream stores a batch while it computes the next, and a backfill's neighbours need
    the same old incidents again: what a batch changed stays a while, then goes."""
    resolver = IncidentResolver(follow_up_window=timedelta(days=3))

    def call(at: str, code: str = "SHO") -> Any:
        return police_call(code, utc(at), KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", [])

    backfill = call("2026-07-01T02:00")
    with resolver.holding():
        resolver.resolve(call("2026-07-10T02:00"))
        resolver.resolve(backfill)
    old = incident_id_for(backfill.report_id)
    for _ in range(RETAINED_BATCHES):
        assert resolver.get(old) is not None  # behind the horizon, but changed lately
        with resolver.holding():
            pass
    assert resolver.get(old) is None


def test_benchmark_workload_runs_and_joins_its_stories() -> None:
    from enrich.resolve_bench import run

    figures = run(total=400, days=2, seed=1)
    assert figures["reports"] == 400
    assert 0.5 <= figures["stories_joined"] <= 1.0
