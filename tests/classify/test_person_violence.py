"""Crises and violence against a person, and discharges that hit no one, in the wording
reporters use: the types a first blind measurement found weakest."""

from __future__ import annotations

import pytest

from classify import Classifier
from tests.classify.factories import news


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


def types(classifier: Classifier, title: str, body: str = "") -> list[str]:
    return classifier.classify(news(title, body)).types


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Man apprehended under the Mental Health Act after Etobicoke standoff", ""),
        ("Police respond to emotionally disturbed person at North York mall", ""),
        ("Wellness check ends in hours-long standoff in Parkdale",
         "Officers were asked to check on the well-being of a man who barricaded himself in."),
        ("Woman in mental-health crisis brought down from overpass", ""),
        ("Mobile crisis team called to Kennedy station for man threatening to harm himself", ""),
        ("Police say the man was in crisis and was taken to hospital after a standoff", ""),
    ],
)  # fmt: skip
def test_mental_health_crisis_calls(classifier: Classifier, title: str, body: str) -> None:
    assert types(classifier, title, body) == ["mental_health_crisis"]


def test_a_system_in_crisis_is_no_person_in_crisis(classifier: Classifier) -> None:
    assert types(classifier, "Shelter system in crisis as demand soars, advocates say") == [
        "not_incident"
    ]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Fight between 2 men outside bar leaves 1 in hospital", "", ["assault"]),
        ("Man hurt in scuffle with another passenger on TTC bus", "", ["assault"]),
        ("Fight involving about 20 people at Scarborough plaza", "", ["community_conflict"]),
        ("Fight breaks out at North York school, one student hurt", "", ["community_conflict"]),
        ("Two men charged with assault causing bodily harm after attack outside bar", "",
         ["assault"]),
        ("Man charged after his common-law partner was assaulted", "",
         ["intimate_partner_violence"]),
        ("Man punched and robbed of his phone near Union Station", "", ["robbery"]),
        ("Child injured after being attacked by a dog in Etobicoke park", "", ["other"]),
        ("Man hit by police stun gun after he punched an officer; SIU investigating", "",
         ["other"]),
    ],
)  # fmt: skip
def test_assault_only_when_no_more_specific_type_applies(
    classifier: Classifier, title: str, body: str, expected: list[str]
) -> None:
    assert types(classifier, title, body) == expected


def test_a_political_fight_is_no_incident(classifier: Classifier) -> None:
    assert types(
        classifier,
        "Mayor says the city will fight the province's bike lane law",
        "The fight between the two governments continues.",
    ) == ["not_incident"]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Suspect threatened clerk with a knife and took cash from Danforth store", ""),
        ("Man mugged near Christie Pits", "Two suspects knocked him down and took his wallet."),
        ("Gas station held up by man with a gun", "He fled with the cash drawer, police say."),
        ("Delivery driver carjacked at gunpoint in Rexdale", ""),
    ],
)
def test_robbery_by_any_name(classifier: Classifier, title: str, body: str) -> None:
    assert types(classifier, title, body) == ["robbery"]


def test_a_group_of_youths_robbing_is_a_swarming(classifier: Classifier) -> None:
    result = types(
        classifier,
        "Teen robbed near Yonge and Eglinton",
        "Police say a group of teens punched a 16-year-old and took his phone.",
    )
    assert result == ["swarming"]


@pytest.mark.parametrize(
    "title",
    ["Councillor Rob Martel launches bid to chair police board",
     "Carjackings in Toronto down sharply since task force launched, data shows"],
)  # fmt: skip
def test_a_name_or_statistics_is_no_robbery(classifier: Classifier, title: str) -> None:
    assert types(classifier, title) == ["not_incident"]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("House struck by gunfire in Rexdale overnight", ""),
        ("Vehicle struck by gunfire in York", "A parked car was hit by several bullets."),
        ("Firearm discharged near Jane and Finch", "A firearm was discharged; no one was hit."),
        ("Reports of gunshots in Moss Park", "Officers found spent casings but no victims."),
    ],
)
def test_gunfire_that_hits_no_one_is_shots_fired(
    classifier: Classifier, title: str, body: str
) -> None:
    assert types(classifier, title, body) == ["shots_fired"]


def test_a_person_struck_by_gunfire_is_a_shooting(classifier: Classifier) -> None:
    result = types(classifier, "A man inside the home was struck by a bullet, police say")
    assert result == ["shooting"]


def test_an_assault_rifle_is_no_assault(classifier: Classifier) -> None:
    result = types(classifier, "Police seize assault-style rifle in North York raid")
    assert "assault" not in result and "gun_gang_activity" in result


def test_a_death_from_illness_is_no_incident(classifier: Classifier) -> None:
    assert types(classifier, "Woman dies after long fight with cancer, family says") == [
        "not_incident"
    ]
