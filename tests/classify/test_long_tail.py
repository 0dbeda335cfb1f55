"""General rules for the long tail of types and for commentary, in the project's own words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from classify import Classifier
from classify.evaluate import is_eligible
from classify.followup_cues import commentary
from tests.classify.factories import news

MONDAY_NOON = datetime(2026, 7, 13, 16, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


def _types(classifier: Classifier, title: str, body: str = "") -> list[str]:
    return classifier.classify(news(title, body, published=MONDAY_NOON)).types


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Labourer dies after falling from roof of Markham home",
         "York police say the man was working on the roof on Sunday; the Ministry of Labour "
         "has been notified."),
        ("Remains discovered near Highway 10 in Caledon",
         "Peel police say a surveyor located the remains on Saturday."),
        ("Woman's body pulled from pond in Whitby park",
         "Durham police say the death is not considered suspicious."),
    ],
)  # fmt: skip
def test_deaths_no_specific_type_names_are_other(
    classifier: Classifier, title: str, body: str
) -> None:
    assert _types(classifier, title, body) == ["other"]


def test_a_death_after_an_assault_is_a_homicide(classifier: Classifier) -> None:
    types = _types(
        classifier,
        "Man dies days after being attacked outside Etobicoke bar",
        "Toronto police say the 41-year-old was punched and kicked by two men on Thursday.",
    )
    assert "homicide" in types and "assault" not in types


def test_no_foul_play_keeps_a_death_from_being_a_homicide(classifier: Classifier) -> None:
    types = _types(
        classifier,
        "Man found dead in Brampton townhouse",
        "Peel police say there is no evidence of foul play.",
    )
    assert "homicide" not in types and types == ["other"]


@pytest.mark.parametrize(
    "title",
    [
        "Police seize 12 kilograms of cocaine in Richmond Hill, three charged",
        "Toronto police lay trafficking charges after fentanyl found in Parkdale apartment",
    ],
)
def test_drug_seizures_without_guns_are_other(classifier: Classifier, title: str) -> None:
    types = _types(classifier, title)
    assert types == ["other"]
    assert "gun_gang_activity" not in types and "drug_poisoning" not in types


def test_drug_seizure_with_guns_is_gun_activity(classifier: Classifier) -> None:
    types = _types(classifier, "Officers seize two handguns and cocaine from Oshawa home")
    assert "gun_gang_activity" in types and "other" not in types


def test_stunt_driving_is_other_and_a_crash_is_a_collision(classifier: Classifier) -> None:
    assert _types(classifier, "Driver, 22, charged with stunt driving on Highway 401 in Ajax") == [
        "other"
    ]
    crash = _types(
        classifier,
        "Two hurt after car collided with a guardrail on Highway 403 in Mississauga",
        "OPP say the driver was charged with dangerous driving.",
    )
    assert crash == ["collision"]


def test_highway_crash_outside_the_city_is_a_collision_out_of_area(
    classifier: Classifier,
) -> None:
    result = classifier.classify(
        news(
            "One dead after pickup truck rolled over on Highway 400 in Vaughan",
            "Ontario Provincial Police say the northbound lanes are closed.",
            published=MONDAY_NOON,
        )
    )
    assert result.types == ["collision"] and result.in_area is False


def test_indecent_exposure_is_a_sexual_offence(classifier: Classifier) -> None:
    assert _types(
        classifier, "Man accused of indecent exposure on a North York trail, police say"
    ) == ["sexual_assault"]


def test_public_health_exposure_notice_is_no_incident(classifier: Classifier) -> None:
    assert _types(
        classifier,
        "Possible measles exposure at Scarborough clinic, health officials warn",
        "People who visited on Friday should watch for symptoms.",
    ) == ["not_incident"]


@pytest.mark.parametrize(
    "text",
    [
        "police call for more witnesses after a man was shot in rexdale on sunday",
        "a man was stabbed in the wake of a fight at a house party, police say",
        "fatal crash at a scarborough intersection sparks calls for a safety review",
        "neighbours say they heard gunshots after the party ended",
    ],
)
def test_police_appeals_and_witnesses_are_no_commentary(text: str) -> None:
    assert commentary(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "a criminologist says sunday's shooting raises questions about park security",
        "the mayor said more must be done after last week's stabbing near the school",
        "parents demand crossing guards weeks after the crash that injured a boy",
    ],
)
def test_reaction_to_an_earlier_incident_is_commentary(text: str) -> None:
    assert commentary(text) is not None


def test_commentary_follow_up_still_carries_the_incident_time(classifier: Classifier) -> None:
    result = classifier.classify(
        news(
            "Experts say Saturday night's shooting in Weston raises questions about youth programs",
            "A criminologist says the shooting, which wounded two teens, was preventable.",
            published=MONDAY_NOON,
        )
    )
    assert result.is_follow_up and "shooting" in result.types and not is_eligible(result)
    assert result.attributes.occurred_at_text == "Saturday night"
    assert result.attributes.occurred_at == datetime(2026, 7, 12, 2, 0, tzinfo=UTC)
