"""Where a story places its incident (wire datelines, Ontario towns, the City's neighbourhoods
and roads) and when its news is a later development (victims named, anniversaries, court,
the watchdog's decision), or stays new (an arrest at the scene, a range of days)."""

from __future__ import annotations

from datetime import datetime

import pytest

from classify import Classifier
from tests.classify.factories import news

WEDNESDAY_NOON = datetime.fromisoformat("2026-08-12T16:00:00+00:00")


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


@pytest.mark.parametrize(
    ("title", "body", "where"),
    [
        ("Gunman opens fire at Texas mall, killing 3",
         "DALLAS (AP) \u2014 A gunman opened fire at a shopping mall on Monday.", "Dallas"),
        ("Two killed in shooting at Ottawa home",
         "OTTAWA \u2014 Two people were killed in a shooting, police say.", "Ottawa"),
        ("Man dead after shooting in Collingwood, Ont.",
         "Provincial police say a man was shot at a home.", "Collingwood"),
        ("Woman stabbed outside bar in Orangeville", "", "Orangeville"),
        ("Man stabbed in London, Ont.", "Police say a man was stabbed downtown.", "London"),
    ],
)  # fmt: skip
def test_places_outside_the_city(classifier: Classifier, title: str, body: str, where: str) -> None:
    result = classifier.classify(news(title, body))
    assert result.in_area is False and result.municipality == where


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Woman hurt in Oakridge stabbing", ""),
        ("Man shot near Cosburn Avenue", "Police say the man was taken to hospital."),
        ("Collingwood, Ont., man charged after stabbing", "Toronto police say a man was hurt."),
    ],
)
def test_places_inside_the_city(classifier: Classifier, title: str, body: str) -> None:
    result = classifier.classify(news(title, body))
    assert result.in_area is True and result.municipality == "Toronto"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Victim of Etobicoke shooting named by police",
         "Police have named the man killed in the shooting as a 24-year-old."),
        ("One year since the Danforth shooting, survivors gather", ""),
        ("SIU clears officer in shooting of man in Scarborough", ""),
        ("Accused in killing of teen released on bail", ""),
        ("Jury finds man guilty of manslaughter in bar shooting", ""),
    ],
)  # fmt: skip
def test_later_developments_are_follow_ups(classifier: Classifier, title: str, body: str) -> None:
    result = classifier.classify(news(title, body, published=WEDNESDAY_NOON))
    assert result.is_follow_up is True, result.notes


def test_an_arrest_at_the_scene_keeps_the_report_new(classifier: Classifier) -> None:
    report = news(
        "Two men charged with assault after attack outside Queen West bar",
        "A man was left with a broken jaw early Tuesday. Toronto police say the suspects were "
        "arrested nearby.",
        published=WEDNESDAY_NOON,
    )
    assert classifier.classify(report).is_follow_up is False


def test_a_range_of_days_dates_the_incident_by_its_end(classifier: Classifier) -> None:
    report = news(
        "Thieves break into Leaside home while family away",
        "Police say jewellery was taken sometime between Saturday and Tuesday.",
        published=WEDNESDAY_NOON,
    )
    result = classifier.classify(report)
    assert result.types == ["property_crime"] and result.is_follow_up is False
