from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from enrich.activation import decide_activations, event_id, summary_of
from enrich.errors import ActivationError
from enrich.resolve import IncidentResolver
from enrich.retraction import RETRACTION_NOTE
from schemas import ActivationEvent, ActivationType, EnrichedReport, Precision
from tests.enrich.factories import (
    CHURCH_ADELAIDE,
    COURT_ADELAIDE,
    DOWNTOWN_HOOD,
    news,
    place,
    police_call,
    utc,
)

CALL_AT = utc("2026-07-14T22:26")


def call() -> EnrichedReport:
    return police_call(
        "STA",
        CALL_AT,
        COURT_ADELAIDE,
        "COURT ST - ADELAIDE ST E",
        ["stabbing"],
        DOWNTOWN_HOOD,
        "c1",
    )


def story(**classification: Any) -> EnrichedReport:
    return news(
        "citynews",
        utc("2026-07-14T23:06"),
        classification.pop("types", ["stabbing"]),  # type: ignore[arg-type]
        place(
            CHURCH_ADELAIDE, Precision.INTERSECTION, "Church and Adelaide Streets", DOWNTOWN_HOOD
        ),
        item_id=str(classification.pop("item_id", "s1")),
        **classification,
    )


def replay(reports: list[EnrichedReport]) -> list[ActivationEvent]:
    """What the stream does: resolve each report, decide, remember the last event."""
    resolver = IncidentResolver()
    last: dict[str, ActivationEvent] = {}
    sent: list[ActivationEvent] = []
    for er in reports:
        incident = resolver.resolve(er)
        for event in decide_activations(
            incident, last.get(incident.incident_id), er.report.collected_at
        ):
            last[incident.incident_id] = event
            sent.append(event)
    return sent


def test_created_once_with_window_and_summary() -> None:
    events = replay([call(), story()])
    assert [e.type for e in events] == [ActivationType.CREATED]
    created = events[0]
    assert created.specversion == "1.0" and created.subject == created.data.incident_id
    assert created.time == call().report.collected_at
    assert created.ccrp.window_opens_at == CALL_AT + timedelta(hours=12)
    assert created.ccrp.window_closes_at == CALL_AT + timedelta(hours=72)
    assert created.ccrp.summary.startswith("Stabbing at COURT ST - ADELAIDE ST E")
    assert "Downtown Yonge East (168)" in created.ccrp.summary
    assert created.id == event_id(created.subject, ActivationType.CREATED, 7)


def test_material_change_updates_and_mere_corroboration_does_not() -> None:
    events = replay(
        [
            call(),
            story(),
            story(item_id="s2", injured=2, fatalities=1, types=["stabbing", "homicide"]),
        ]
    )
    assert [e.type for e in events] == [ActivationType.CREATED, ActivationType.UPDATED]
    update = events[1]
    assert "homicide" in update.ccrp.types and update.ccrp.fatalities == 1
    assert "fatalities None -> 1" in update.data.reason
    assert update.id == event_id(
        update.subject, ActivationType.UPDATED, update.data.incident_version
    )


def test_cancelled_on_retraction() -> None:
    events = replay([call(), story(item_id="r1", notes=[RETRACTION_NOTE])])
    assert [e.type for e in events] == [ActivationType.CREATED, ActivationType.CANCELLED]
    assert "retracted" in events[1].data.reason


def test_replay_yields_the_same_event_ids() -> None:
    reports = [call(), story(), story(item_id="s2", fatalities=1, types=["stabbing", "homicide"])]
    assert [e.id for e in replay(reports)] == [e.id for e in replay(reports)]


def test_replayed_decision_repeats_nothing() -> None:
    resolver = IncidentResolver()
    incident = resolver.resolve(call())
    [created] = decide_activations(incident, None, CALL_AT)
    assert decide_activations(incident, created, CALL_AT) == []
    again = resolver.resolve(call())
    assert decide_activations(again, created, CALL_AT) == []


def test_old_incident_is_never_activated_late() -> None:
    incident = IncidentResolver().resolve(call())
    assert decide_activations(incident, None, CALL_AT + timedelta(hours=80)) == []


def test_out_of_area_and_ipv_are_never_activated() -> None:
    outside = story(in_area=False, municipality="Mississauga", item_id="o1")
    ipv = story(types=["assault", "intimate_partner_violence"], item_id="i1")
    assert replay([outside]) == []
    assert replay([ipv]) == []


def test_cancelled_then_eligible_again_is_reinstated_as_update() -> None:
    resolver = IncidentResolver()
    incident = resolver.resolve(call())
    [created] = decide_activations(incident, None, CALL_AT)
    moved = incident.model_copy(update={"in_area": False, "version": 2})
    [cancelled] = decide_activations(moved, created, CALL_AT)
    assert cancelled.type == ActivationType.CANCELLED
    back = incident.model_copy(update={"version": 3})
    [reinstated] = decide_activations(back, cancelled, CALL_AT)
    assert reinstated.type == ActivationType.UPDATED and reinstated.data.reason.startswith(
        "reinstated"
    )


def test_summary_names_no_person() -> None:
    incident = IncidentResolver().resolve(story(fatalities=1, injured=2))
    text = summary_of(incident)
    assert (
        text
        == "Stabbing at Church and Adelaide Streets - Downtown Yonge East (168) - 1 dead, 2 injured"
    )
    assert incident.reports[0].title not in text


def test_bad_arguments_are_clear_errors() -> None:
    resolver = IncidentResolver()
    first = resolver.resolve(call())
    [created] = decide_activations(first, None, CALL_AT)
    other = resolver.resolve(story(in_area=False, municipality="Ajax", item_id="o2"))
    with pytest.raises(ActivationError):
        decide_activations(other, created, CALL_AT)
    with pytest.raises(ActivationError):
        decide_activations(first, None, CALL_AT.replace(tzinfo=None))
