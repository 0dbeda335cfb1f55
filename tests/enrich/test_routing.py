from __future__ import annotations

from datetime import timedelta
from typing import Any

from enrich.resolve import IncidentResolver
from enrich.routing import CCR_REVIEW, CCRP, CRISIS_SERVICE, ccrp_decision, route
from schemas import Incident, IncidentStatus, Precision
from tests.enrich.factories import KENNEDY_EGLINTON, news, place, police_call, utc

AT = utc("2026-07-13T02:00")


def incident_of(types: list[str], **classification: Any) -> Incident:
    story = news(
        "citynews",
        AT,
        types,
        place(KENNEDY_EGLINTON, Precision.INTERSECTION, "Kennedy Rd and Eglinton Ave E"),
        occurred_at=AT - timedelta(hours=1),
        **classification,
    )
    return IncidentResolver().resolve(story)


def test_shooting_in_the_city_is_ccrp() -> None:
    incident = incident_of(["shooting"])
    eligible, reason = ccrp_decision(incident, AT + timedelta(hours=2))
    assert eligible and "shooting" in reason
    assert route(incident, AT) == [CCRP]
    assert incident.ccrp_eligible and incident.programs == [CCRP]


def test_72_hour_horizon_is_relative_to_as_of() -> None:
    incident = incident_of(["stabbing"])
    occurred = incident.occurred_at
    assert occurred is not None
    assert ccrp_decision(incident, occurred + timedelta(hours=71))[0]
    eligible, reason = ccrp_decision(incident, occurred + timedelta(hours=73))
    assert not eligible and "72 h" in reason
    assert route(incident, occurred + timedelta(hours=73)) == []


def test_occurred_at_falls_back_to_first_seen() -> None:
    story = news("cbc-toronto", AT, ["homicide"], place(KENNEDY_EGLINTON, Precision.INTERSECTION))
    incident = IncidentResolver().resolve(story)
    assert incident.occurred_at is None
    assert ccrp_decision(incident, AT + timedelta(hours=70))[0]
    assert not ccrp_decision(incident, AT + timedelta(hours=73))[0]


def test_out_of_area_is_recorded_never_routed() -> None:
    incident = incident_of(
        ["shooting", "intimate_partner_violence"], in_area=False, municipality="Brampton"
    )
    eligible, reason = ccrp_decision(incident, AT)
    assert not eligible and "Brampton" in reason
    assert route(incident, AT) == []


def test_unknown_area_is_not_activated() -> None:
    story = news("cbc-toronto", AT, ["shooting"], in_area=None, municipality=None)
    incident = IncidentResolver().resolve(story)
    eligible, reason = ccrp_decision(incident, AT)
    assert not eligible and "not known" in reason


def test_intimate_partner_violence_is_flagged_for_review_not_activated() -> None:
    incident = incident_of(["assault", "intimate_partner_violence"])
    assert route(incident, AT) == [CCR_REVIEW]
    assert not ccrp_decision(incident, AT)[0]


def test_intimate_partner_homicide_is_both_activated_and_flagged() -> None:
    incident = incident_of(["stabbing", "homicide", "intimate_partner_violence"])
    assert route(incident, AT) == [CCRP, CCR_REVIEW]


def test_mental_health_crisis_goes_to_the_crisis_service() -> None:
    assert route(incident_of(["mental_health_crisis"]), AT) == [CRISIS_SERVICE]


def test_mental_health_crisis_with_weapon_or_violence_is_not_a_crisis_referral() -> None:
    assert route(incident_of(["mental_health_crisis"], weapon="knife"), AT) == []
    assert route(incident_of(["mental_health_crisis", "assault"]), AT) == []
    assert route(incident_of(["mental_health_crisis", "stabbing"]), AT) == [CCRP]


def test_the_incidents_age_decides_not_the_kind_of_report() -> None:
    """An arrest story the morning after a shooting opens the activation; a follow-up about
    an old shooting, or one that gives no date, does not."""
    recent = incident_of(["shooting"], follow_up=True)
    assert recent.occurred_at == AT - timedelta(hours=1)
    eligible, reason = ccrp_decision(recent, AT + timedelta(hours=10))
    assert eligible and "follow-up" in reason
    old = recent.model_copy(update={"occurred_at": AT - timedelta(days=20)})
    assert not ccrp_decision(old, AT)[0]
    undated = recent.model_copy(update={"occurred_at": None})
    eligible, reason = ccrp_decision(undated, AT)
    assert not eligible and "unknown date" in reason


def test_retracted_incidents_are_not_ccrp() -> None:
    retracted = incident_of(["shooting"]).model_copy(update={"status": IncidentStatus.RETRACTED})
    assert not ccrp_decision(retracted, AT)[0] and route(retracted, AT) == []


def test_other_types_route_nowhere() -> None:
    for kind in ("collision", "fire", "robbery", "missing_person", "other"):
        assert route(incident_of([kind]), AT) == []


def test_route_defaults_to_last_seen() -> None:
    call = police_call("SHO", AT, KENNEDY_EGLINTON, "KENNEDY RD - EGLINTON AVE E", ["shooting"])
    incident = IncidentResolver().resolve(call)
    assert route(incident) == [CCRP]
