"""Hard cases seen in real feeds, in the project's own words."""

from __future__ import annotations

from datetime import UTC, datetime

from classify import Classifier
from classify.evaluate import is_eligible
from tests.classify.factories import news


def classify(title: str, body: str = "", published: datetime | None = None):  # type: ignore[no-untyped-def]
    report = news(title, body) if published is None else news(title, body, published)
    return Classifier.load().classify(report)


def test_new_shooting_in_north_york_is_eligible() -> None:
    result = classify(
        "Gunfire in Downsview leaves 1 dead, 2 hurt",
        "A man was killed and two other people were badly hurt in a shooting late Friday. "
        "Toronto police say officers responded to Keele Street and Wilson Avenue at about 11 p.m.",
    )
    assert result.types == ["homicide", "shooting"]
    assert result.in_area is True and not result.is_follow_up and is_eligible(result)
    assert result.attributes.fatalities == 1 and result.attributes.injured == 2
    assert result.attributes.weapon == "firearm"
    assert result.attributes.occurred_at == datetime(2026, 7, 11, 3, 0, tzinfo=UTC)


def test_follow_up_about_an_old_shooting_is_not_a_new_incident() -> None:
    result = classify(
        "Man sentenced to 12 years for 2023 shooting in Rexdale",
        "A judge sentenced the 26-year-old for shooting a man outside a Kipling Avenue plaza.",
    )
    assert "shooting" in result.types
    assert result.is_follow_up and not is_eligible(result)


def test_arrest_days_after_a_shooting_is_a_follow_up() -> None:
    result = classify(
        "Second suspect charged in Scarborough shooting",
        "Police say the shooting happened near Markham Road on July 2.",
    )
    assert result.is_follow_up is True


def test_same_day_arrest_keeps_the_incident_new() -> None:
    result = classify(
        "Suspect in custody after man stabbed in Trinity Bellwoods",
        "Officers went to Crawford Street around 8:15 p.m. Friday after a caller said someone "
        "had been stabbed, police say. They arrested a man a block away.",
    )
    assert result.types == ["stabbing"] and not result.is_follow_up and is_eligible(result)


def test_incidents_outside_the_city_are_out_of_area() -> None:
    for title, body, where in (
        ("Man stabbed in Brampton home", "Peel Regional Police say the victim is in hospital.",
         "Brampton"),
        ("Teen shot in Mississauga plaza", "Peel police say the boy was shot in the leg.",
         "Mississauga"),
        ("Woman stabbed in Pickering", "Durham police say the woman has stab wounds.",
         "Pickering"),
    ):  # fmt: skip
        result = classify(title, body)
        assert result.in_area is False, title
        assert result.municipality == where
        assert not is_eligible(result)


def test_home_town_of_a_person_does_not_place_the_incident() -> None:
    result = classify(
        "Brampton man charged after stabbing in Scarborough",
        "Toronto police say a man was stabbed near Kennedy Road just after 8 p.m. Friday.",
    )
    assert result.in_area is True and result.municipality == "Toronto"


def test_evidence_of_gunfire_is_shots_fired_not_a_shooting() -> None:
    result = classify(
        "Police investigate gunfire at Etobicoke plaza",
        "Officers found evidence of gunfire outside a restaurant early Friday. "
        "No injuries were reported.",
    )
    assert result.types == ["shots_fired"]
    assert result.attributes.injured == 0
    assert is_eligible(result)


def test_gunshot_wound_with_evidence_of_discharge_is_a_shooting() -> None:
    result = classify(
        "Man with a gunshot wound shows up at Etobicoke hospital",
        "Investigators later found shell casings on a side street off Islington Avenue.",
    )
    assert result.types == ["shooting"]


def test_fatal_stabbing_reported_as_intimate_partner_homicide() -> None:
    first = classify(
        "Woman dies after stabbing in Etobicoke apartment",
        "Toronto police say a woman was stabbed late Friday night and died in hospital.",
    )
    later = classify(
        "Etobicoke stabbing death was an intimate partner homicide, police say",
        "Police say the woman killed Friday was stabbed by her estranged husband.",
        published=datetime(2026, 7, 12, 15, 0, tzinfo=UTC),
    )
    assert first.types == ["homicide", "stabbing"]
    assert later.types == ["homicide", "intimate_partner_violence", "stabbing"]


def test_sports_stories_using_shot_are_not_incidents() -> None:
    for title, body in (
        ("Raptors' shooting guard scores 30 in win over Celtics",
         "He hit six three-pointers and took the final shot with two seconds left."),
        ("Toronto FC striker's late shot rescues a draw",
         "The shot from outside the box beat the goalie in the 89th minute."),
    ):  # fmt: skip
        assert classify(title, body).types == ["not_incident"], title


def test_police_firing_tasers_is_no_fire_and_no_shooting() -> None:
    for title, body in (
        ("Arrest in Leslieville: officers fire Tasers at man holding a bat",
         "The SIU says two conducted energy weapons were used and the man went to hospital."),
        ("Constable fires stun gun during Weston arrest, watchdog says",
         "The Special Investigations Unit has been notified, police said on Monday."),
    ):  # fmt: skip
        assert classify(title, body).types == ["other"], title


def test_politics_is_not_an_incident() -> None:
    result = classify(
        "Council approves new housing plan",
        "Toronto city council voted on Wednesday to build thousands of rental homes.",
    )
    assert result.types == ["not_incident"] and result.in_area is None


def test_community_reports_in_plain_words() -> None:
    from schemas import RawReport, SourceKind

    def community(text: str) -> RawReport:
        when = datetime(2026, 7, 20, 14, 0, tzinfo=UTC)
        return RawReport(source="community", source_kind=SourceKind.COMMUNITY,
                         item_id=text[:20], title="", body=text, collected_at=when)  # fmt: skip

    classifier = Classifier.load()
    heard = classifier.classify(
        community("Heard 5 gunshots outside my building at Jane and Finch around 1am, nobody hurt")
    )
    assert heard.types == ["shots_fired"] and heard.in_area is True
    assert heard.attributes.injured == 0
    assert heard.attributes.occurred_at == datetime(2026, 7, 20, 5, 0, tzinfo=UTC)
    brawl = classifier.classify(
        community("big fight between two groups of teens at the Regent Park courts, one stabbed")
    )
    assert brawl.types == ["community_conflict", "stabbing"] and is_eligible(brawl)
