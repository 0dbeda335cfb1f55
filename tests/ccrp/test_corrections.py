"""Corrections through the stage functions: a bridging report merges two incidents, a
retraction withdraws one; each checked on the incident versions and the activation events
the case system gets."""

from __future__ import annotations

from datetime import timedelta

from ccrp.effects import BatchEffects
from ccrp.pipeline import ReportOutcome, Stages
from classify import Classifier
from enrich.geo import Gazetteer, Locator
from schemas import ActivationType, EnrichedReport, IncidentStatus, Precision
from tests.enrich.factories import GLENFIELD, news, place, police_call, utc

T0 = utc("2026-07-14T02:00")
JANE_SHEPPARD = (43.7433, -79.5115)
JANE_GRANDRAVINE = (43.7523, -79.5115)  # 1 km north on Jane Street
BETWEEN = (43.7478, -79.5115)


def stages() -> Stages:
    return Stages(Classifier.load(), Locator(None, Gazetteer.from_intersections(None)))


def run(pipeline: Stages, *reports: EnrichedReport) -> tuple[list[ReportOutcome], BatchEffects]:
    effects = BatchEffects()
    outcomes = []
    for er in reports:
        outcome = pipeline.resolve(er)
        effects.add(outcome)
        outcomes.append(outcome)
    return outcomes, effects


def kinds(effects: BatchEffects) -> list[tuple[str, str]]:
    return [(e.subject, e.type.value.rsplit(".", 1)[-1]) for e in effects.events if e.is_ccrp]


def test_a_report_that_bridges_two_incidents_merges_them() -> None:
    pipeline = stages()
    shooting = police_call("SHO", T0, JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["shooting"])
    gunfire = police_call(
        "SOUGU",
        T0 + timedelta(minutes=3),
        JANE_GRANDRAVINE,
        "JANE ST - GRANDRAVINE DR",
        ["shots_fired"],
    )
    story = news(
        "citynews",
        T0 + timedelta(minutes=50),
        ["shooting"],
        place(BETWEEN, Precision.INTERSECTION, "Jane Street and Grandravine Drive", GLENFIELD),
        occurred_at=T0,
        occurred_at_text="just after 10 p.m.",
    )
    (first, second, bridged), effects = run(pipeline, shooting, gunfire, story)
    assert first.incident and second.incident and bridged.incident
    a, b = first.incident.incident_id, second.incident.incident_id
    assert a != b, "1 km apart on one feed: two calls, two incidents"
    assert kinds(effects)[:2] == [(a, "created"), (b, "created")]

    survivor = bridged.incident
    assert survivor.incident_id == a, "the incident activated and seen first keeps its id"
    assert {r.report_id for r in survivor.reports} == {
        shooting.report_id,
        gunfire.report_id,
        story.report_id,
    }
    assert survivor.version == first.incident.version + 1
    [absorbed] = bridged.absorbed
    assert absorbed.incident_id == b and absorbed.status == IncidentStatus.MERGED
    assert absorbed.merged_into == a and absorbed.reports == []
    assert absorbed.version == second.incident.version + 1
    events = {
        (subject, kind): e
        for e in effects.events
        if e.is_ccrp
        for subject, kind in [(e.subject, e.type.value.rsplit(".", 1)[-1])]
    }
    assert events[(b, "cancelled")].ccrp.reason == f"merged into {a}"
    assert "merged with " + b in events[(a, "updated")].ccrp.reason
    assert [k for k in kinds(effects) if k[1] == "created"] == [(a, "created"), (b, "created")]
    assert pipeline.final_incident_id(b) == a
    assert "joined" in next(
        r.resolution for r in survivor.reports if r.report_id == story.report_id
    )

    # the merged incident's reports now resolve to the survivor, again and again
    again, later = run(pipeline, gunfire)
    assert again[0].incident and again[0].incident.incident_id == a
    assert not later.events


def test_a_retraction_withdraws_the_incident_and_cancels_its_activation() -> None:
    pipeline = stages()
    shooting = police_call("SHO", T0, JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["shooting"])
    retraction = news(
        "tps-news",
        T0 + timedelta(hours=6),
        ["not_incident"],
        place(JANE_SHEPPARD, Precision.INTERSECTION, "Jane Street and Sheppard Avenue West"),
        title="Police say no shooting occurred near Jane and Sheppard; call deemed unfounded",
    )
    (opened, withdrawn), effects = run(pipeline, shooting, retraction)
    assert opened.incident and withdrawn.incident
    assert withdrawn.incident.incident_id == opened.incident.incident_id
    assert withdrawn.incident.status == IncidentStatus.RETRACTED
    assert not withdrawn.incident.ccrp_eligible
    assert [k[1] for k in kinds(effects)] == ["created", "cancelled"]
    cancel = [e for e in effects.events if e.type == ActivationType.CANCELLED][0]
    assert "retracted" in cancel.ccrp.reason
    assert [v.status for v in effects.versions] == [
        IncidentStatus.REPORTED,
        IncidentStatus.RETRACTED,
    ]
