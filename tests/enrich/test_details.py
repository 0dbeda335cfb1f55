"""What a story states that tells one incident from another: ages, names, streets,
vehicles and road users, a past year, the victim; and how two stories' details compare."""

from __future__ import annotations

from enrich.details import story_details
from enrich.evidence import detail_words


def test_ages_in_every_style() -> None:
    found = story_details(
        "Man, 22, critically injured",
        "A 26-year-old man was also hurt. Friends remember Ana Ruiz, 31, who was shot.",
        2026,
    )
    assert found.ages == {22, 26, 31}
    assert story_details("Man in his 40s stabbed", "", 2026).decades == {40}
    assert story_details("Teen stabbed in a park", "", 2026).decades == {10}


def test_names_leave_out_openers_streets_areas_and_officers() -> None:
    found = story_details(
        "Police identify man killed in Rexdale",
        "Friends gathered to remember Jordan Pike near Yonge-Dundas Square. Const. Lee Mar "
        "said the shooting happened on Kipling Avenue in Scarborough.",
        2026,
    )
    assert found.names == {"rexdale", "jordan pike", "yonge-dundas"}
    assert found.streets == {"kipling"}


def test_streets_named_anywhere_in_the_text() -> None:
    found = story_details(
        "Crash closes intersection",
        "Crews were called to the area of Yonge and Dundas streets, and later to Dixon Road "
        "near Kipling Avenue. A woman was hurt on a High Park trail.",
        2026,
    )
    assert found.streets == {"yonge", "dundas", "dixon", "kipling"}


def test_vehicles_road_users_past_year_and_victim() -> None:
    found = story_details(
        "Woman, 64, struck and killed by dump truck",
        "A pedestrian was hit by a dump truck turning right.",
        2026,
    )
    assert {"dump truck", "truck"} <= found.vehicles
    assert found.parties == {"pedestrian"}
    assert found.sex == "female"
    assert story_details("Man sentenced for 2023 shooting", "", 2026).past_year == 2023
    assert story_details("Shooting in 2026 under review", "", 2026).past_year is None


def test_agreeing_and_conflicting_details() -> None:
    first = story_details("Man, 19, shot near Jane and Sheppard", "", 2026)
    same = story_details("Man, 19, injured in North York shooting", "", 2026)
    other = story_details("Woman in her 40s shot in a plaza", "", 2026)
    assert detail_words(first, same, follow_up=False) == (["ages"], [])
    assert detail_words(first, other, follow_up=False)[1] == ["ages", "victim"]
    # A charge states the accused's age and sex: no conflict for a follow-up.
    assert detail_words(first, other, follow_up=True)[1] == []
    cyclist = story_details("Cyclist seriously injured on Keele Street", "", 2026)
    walker = story_details("Pedestrian struck on Finch Avenue", "", 2026)
    assert set(detail_words(cyclist, walker, follow_up=False)[1]) == {"road users", "streets"}
