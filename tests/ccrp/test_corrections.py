"""Corrections through the stage functions: a bridging report merges two incidents, a
retraction withdraws one; each checked on the incident versions and the activation events
the case system gets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from ccrp.app import apply_to_store
from ccrp.correcting import apply_correction
from ccrp.effects import BatchEffects
from ccrp.pipeline import ReportOutcome, Stages
from classify import Classifier
from enrich.corrections import split_incident_id
from enrich.geo import Gazetteer, Locator
from schemas import ActivationType, EnrichedReport, IncidentStatus, Precision
from schemas.corrections import CorrectionKind, IncidentCorrection
from sinks.store import Store
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
    events = {(e.subject, e.type.value.rsplit(".", 1)[-1]): e for e in effects.events}
    assert events[(b, "cancelled")].ccrp.reason == f"merged into {a}"
    assert "merged with " + b in (events[(a, "updated")].ccrp.reason or "")
    assert [k for k in kinds(effects) if k[1] == "created"] == [(a, "created"), (b, "created")]
    assert pipeline.final_incident_id(b) == a
    bridging = next(r for r in survivor.reports if r.report_id == story.report_id)
    assert (bridging.resolution or "").startswith("joined")

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


def stored_pipeline(tmp_path: Path) -> tuple[Stages, Store]:
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    pipeline = stages()
    pipeline.record = store
    return pipeline, store


def test_an_operator_splits_a_wrong_merge(tmp_path: Path) -> None:
    pipeline, store = stored_pipeline(tmp_path)
    call = police_call("STA", T0, JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["stabbing"])
    story = news(
        "cbc",
        T0 + timedelta(minutes=40),
        ["stabbing"],
        place(JANE_SHEPPARD, Precision.INTERSECTION, "Jane Street and Sheppard Avenue West"),
        occurred_at=T0,
        occurred_at_text="Monday night",
    )
    outcomes, effects = run(pipeline, call, story)
    apply_to_store(store, effects)
    joined = outcomes[1].incident
    assert joined and len(joined.reports) == 2
    correction = IncidentCorrection.request(
        CorrectionKind.SPLIT,
        joined.incident_id,
        "two stabbings an hour apart, the story's victim is a woman",
        "duty-analyst",
        report_ids=[story.report_id],
    ).model_copy(update={"requested_at": T0 + timedelta(hours=3)})  # judged as of then
    done = apply_correction(pipeline, correction)
    kept, new = done.incidents
    assert kept.incident_id == joined.incident_id and kept.version == joined.version + 1
    assert [r.report_id for r in kept.reports] == [call.report_id]
    assert [r.report_id for r in new.reports] == [story.report_id]
    assert new.incident_id == split_incident_id(joined.incident_id, [story.report_id])
    kinds_ = [(e.subject, e.type.value.rsplit(".", 1)[-1]) for e in done.events]
    assert kinds_ == [(kept.incident_id, "updated"), (new.incident_id, "created")]
    assert "split by hand" in (done.events[0].ccrp.reason or "")
    # the store keeps both, every version, and the correction with its reason
    split_effects = BatchEffects(
        incidents={i.incident_id: i for i in done.incidents},
        versions=list(done.incidents),
        events=list(done.events),
        corrections=[done.correction],
    )
    apply_to_store(store, split_effects)
    assert store.report_incidents([call.report_id, story.report_id]) == {
        call.report_id: kept.incident_id,
        story.report_id: new.incident_id,
    }
    [recorded] = store.corrections_of(joined.incident_id)
    assert recorded.reason.startswith("two stabbings") and recorded.requested_by == "duty-analyst"
    # a later report that matches both does not merge them back
    again = news(
        "citynews",
        T0 + timedelta(hours=2),
        ["stabbing"],
        place(JANE_SHEPPARD, Precision.INTERSECTION, "Jane Street and Sheppard Avenue West"),
        occurred_at=T0,
    )
    (third,), _ = run(pipeline, again)
    assert third.incident and not third.absorbed
    store.close()


def test_an_operator_merges_two_incidents_by_hand(tmp_path: Path) -> None:
    pipeline, store = stored_pipeline(tmp_path)
    shooting = police_call("SHO", T0, JANE_SHEPPARD, "JANE ST - SHEPPARD AVE W", ["shooting"])
    far = police_call(
        "SOUGU",
        T0 + timedelta(minutes=5),
        (43.7700, -79.5115),
        "JANE ST - STEELES AVE W",
        ["shots_fired"],
    )
    outcomes, effects = run(pipeline, shooting, far)
    apply_to_store(store, effects)
    a, b = (o.incident for o in outcomes)
    assert a and b and a.incident_id != b.incident_id
    correction = IncidentCorrection.request(
        CorrectionKind.MERGE,
        a.incident_id,
        "the caller ran north",
        "duty-analyst",
        other_incident_id=b.incident_id,
    ).model_copy(update={"requested_at": T0 + timedelta(hours=3)})
    done = apply_correction(pipeline, correction)
    survivor, gone = done.incidents
    assert survivor.incident_id == a.incident_id and len(survivor.reports) == 2
    assert gone.status == IncidentStatus.MERGED and gone.merged_into == a.incident_id
    kinds_ = {(e.subject, e.type.value.rsplit(".", 1)[-1]) for e in done.events}
    assert kinds_ == {(b.incident_id, "cancelled"), (a.incident_id, "updated")}
    store.close()
