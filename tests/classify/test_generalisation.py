"""General rules for wording the dev set does not show: topic stories, discharges without
the word gunfire, charges that name a survivor, drownings, arson, found persons, raids, stations,
and the self-contained evaluation sets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ccrp.commands.classify import register
from classify import Classifier
from classify.errors import ClassifyConfigError
from classify.evaluate import carries_text, read_jsonl
from tests.classify.factories import news

HOLDOUT_DIR = Path(__file__).resolve().parents[2] / "classify" / "data" / "holdout"
MONDAY_NOON = datetime.fromisoformat("2026-07-20T16:00:00+00:00")


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


def test_a_strategy_story_is_no_incident_despite_a_strong_cue(classifier: Classifier) -> None:
    report = news(
        "What the city's new plan against gun violence will cost",
        "The strategy includes funding for youth jobs and a shooting-response team in each "
        "district.",
    )
    assert classifier.classify(report).types == ["not_incident"]


def test_a_policy_story_about_crisis_teams_is_no_incident(classifier: Classifier) -> None:
    report = news(
        "Province will fund more mental health crisis teams",
        "The minister announced funding for nurses who ride with police officers.",
    )
    assert classifier.classify(report).types == ["not_incident"]


def test_rounds_that_hit_a_house_are_shots_fired(classifier: Classifier) -> None:
    report = news(
        "Rounds struck a Rexdale home overnight, police say",
        "Toronto police say several rounds struck the front of a house. No one was injured.",
    )
    result = classifier.classify(report)
    assert result.types == ["shots_fired"] and result.attributes.injured == 0


def test_no_injured_people_keeps_a_discharge_a_discharge(classifier: Classifier) -> None:
    report = news(
        "Police investigate gunshots in Weston",
        "Officers found shell casings and damage to a car but no injured people.",
    )
    assert classifier.classify(report).types == ["shots_fired"]


def test_attempted_murder_is_not_a_homicide(classifier: Classifier) -> None:
    report = news(
        "Man charged with attempted murder after shooting in Malvern",
        "Toronto police say a man was shot in the leg on Friday night.",
    )
    assert classifier.classify(report).types == ["shooting"]


def test_a_body_pulled_from_the_lake_is_other(classifier: Classifier) -> None:
    report = news(
        "Swimmer pulled from Lake Ontario near Woodbine Beach",
        "Toronto police say the man was pulled from the water on Friday evening.",
    )
    assert classifier.classify(report).types == ["other"]


def test_a_fire_set_on_purpose_is_fire_and_property_crime(classifier: Classifier) -> None:
    report = news(
        "Police say fire at Etobicoke variety store was set on purpose",
        "Toronto Fire crews put out the blaze early Friday.",
    )
    assert classifier.classify(report).types == ["fire", "property_crime"]


def test_a_robbery_worded_with_rob_is_a_robbery(classifier: Classifier) -> None:
    report = news("Two men rob Scarborough pharmacy at knifepoint", "No one was hurt.")
    assert classifier.classify(report).types == ["robbery"]


def test_a_missing_person_found_safe_is_a_follow_up(classifier: Classifier) -> None:
    report = news(
        "Missing 12-year-old boy from Etobicoke found safe, police say",
        "Toronto police say the boy who went missing on Thursday has been located.",
    )
    result = classifier.classify(report)
    assert result.types == ["missing_person"] and result.is_follow_up


def test_charges_from_yesterdays_raid_are_the_raid_news(classifier: Classifier) -> None:
    report = news(
        "Toronto police arrest 7 after search warrants executed in Scarborough",
        "Seven people face charges after officers executed search warrants at four homes on "
        "Sunday morning and seized two handguns.",
        published=MONDAY_NOON,
    )
    result = classifier.classify(report)
    assert "police_raid" in result.types and not result.is_follow_up


def test_a_subway_station_places_the_incident_in_toronto(classifier: Classifier) -> None:
    report = news("Man stabbed near Dundas West station", "The suspect fled on foot, police say.")
    result = classifier.classify(report)
    assert result.in_area is True and result.municipality == "Toronto"


def test_unknown_mode_is_a_clear_error(classifier: Classifier) -> None:
    with pytest.raises(ClassifyConfigError):
        classifier.with_mode("vote")


@pytest.mark.parametrize(
    ("name", "month"),
    [("pseudo-holdout.jsonl", "2026-07"), ("fresh-check.jsonl", "2026-07"),
     ("weak-types.jsonl", "2026-08"), ("later-check.jsonl", "2026-08")],
)  # fmt: skip
def test_holdout_files_carry_text_and_labels(name: str, month: str) -> None:
    rows = read_jsonl(HOLDOUT_DIR / name)
    assert carries_text(rows) and len({r["guid"] for r in rows}) == len(rows)
    assert all(r["published"].startswith(month) for r in rows)


def test_eval_reads_one_self_contained_file_in_each_mode() -> None:
    app = typer.Typer()
    register(app)
    for mode in ("combined", "model", "rules"):
        result = CliRunner().invoke(
            app,
            ["classify", "eval", "--labels", str(HOLDOUT_DIR / "fresh-check.jsonl"),
             "--mode", mode],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "macro-F1" in result.output and "items 50" in result.output


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Weekend stabbing in Parkdale sparks calls for more street lighting",
            "Residents want the city to act after a man was stabbed near a laneway on Saturday.",
        ),
        (
            "After Scarborough shooting, criminologist says the real problem is elsewhere",
            "A university researcher says the weekend shooting in a parking lot raises questions "
            "about youth programs, not policing.",
        ),
        (
            "Neighbours rally in the wake of North York shooting",
            "Dozens gathered outside a plaza where a man was shot on Sunday.",
        ),
    ],
)
def test_commentary_on_an_incident_is_a_follow_up(
    classifier: Classifier, title: str, body: str
) -> None:
    result = classifier.classify(news(title, body, published=MONDAY_NOON))
    assert result.is_follow_up, result.notes
    assert set(result.types) & {"shooting", "stabbing"}


def test_a_new_incident_with_police_quotes_stays_new(classifier: Classifier) -> None:
    report = news(
        "Man stabbed near Kipling station, police say",
        "Toronto police say a man in his 30s was taken to hospital after a stabbing near "
        "Kipling Avenue and Dundas Street West on Monday morning.",
        published=MONDAY_NOON,
    )
    result = classifier.classify(report)
    assert not result.is_follow_up and "stabbing" in result.types
