"""The analysts' incident query and the kept versions, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas import IncidentStatus, Neighbourhood
from sinks import Store
from sinks.errors import StoreInputError
from sinks.incident_query import IncidentFilter, incident_versions, parse_instant, query_incidents
from tests.sinks.factories import T0, enriched, incident, location

BAY = Neighbourhood(code="170", name="Yonge-Bay Corridor", classification="neither")


def seed(store: Store) -> None:
    shooting = incident("inc-a", types=("shooting",)).model_copy(
        update={"programs": ["ccrp"], "status": IncidentStatus.CORROBORATED}
    )
    stabbing = incident(
        "inc-b", types=("stabbing", "assault"), first_seen=T0 + timedelta(days=1),
        loc=location(hood=BAY),
    )  # fmt: skip
    fire = incident(
        "inc-c", types=("fire",), first_seen=T0 + timedelta(days=2), loc=location(hood=None),
        in_area=False, municipality="Mississauga",
    )  # fmt: skip
    alias = incident(
        "inc-d", types=("collision",), first_seen=T0 + timedelta(days=3), loc=location(hood=None)
    ).model_copy(update={"status": IncidentStatus.MERGED, "merged_into": "inc-a", "reports": []})
    store.upsert_incidents([fire, stabbing, shooting, alias])


def ids(store: Store, **criteria: object) -> list[str]:
    found, _total = query_incidents(store, IncidentFilter(**criteria))  # type: ignore[arg-type]
    return [i.incident_id for i in found]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["inc-a", "inc-b", "inc-c", "inc-d"]),
        ({"since": T0 + timedelta(hours=12)}, ["inc-b", "inc-c", "inc-d"]),
        ({"until": T0 + timedelta(hours=12)}, ["inc-a"]),
        ({"types": ("assault",)}, ["inc-b"]),
        ({"types": ("fire", "shooting")}, ["inc-a", "inc-c"]),
        ({"neighbourhood": "170"}, ["inc-b"]),
        ({"neighbourhood": "black creek"}, ["inc-a"]),
        ({"nia": "NIA"}, ["inc-a"]),
        ({"nia": "neither"}, ["inc-b"]),
        ({"program": "ccrp"}, ["inc-a"]),
        ({"status": "corroborated"}, ["inc-a"]),
        ({"status": "reported", "types": ("fire",)}, ["inc-c"]),
        ({"status": "merged"}, ["inc-d"]),
        ({"types": ("robbery",)}, []),
    ],
)
def test_each_filter_selects_its_incidents(
    store: Store, criteria: dict[str, object], expected: list[str]
) -> None:
    seed(store)
    assert ids(store, **criteria) == expected


def test_pages_and_totals(store: Store) -> None:
    seed(store)
    page, total = query_incidents(store, IncidentFilter(limit=2, offset=1))
    assert [i.incident_id for i in page] == ["inc-b", "inc-c"] and total == 4


def test_bad_filters_are_input_errors(store: Store) -> None:
    for criteria in ({"nia": "sometimes"}, {"status": "lost"}, {"since": T0.replace(tzinfo=None)}):
        with pytest.raises(StoreInputError):
            ids(store, **criteria)


def test_a_local_day_starts_at_local_midnight() -> None:
    assert parse_instant("2026-07-09", "America/Toronto") == datetime(2026, 7, 9, 4, tzinfo=UTC)
    assert parse_instant("2026-07-09T10:00Z", "America/Toronto").hour == 10
    with pytest.raises(StoreInputError):
        parse_instant("last tuesday", "America/Toronto")


def test_every_version_is_kept_once(store: Store) -> None:
    v1 = incident("inc-v", reports=(enriched("1"),))
    v2 = incident("inc-v", version=2, reports=(enriched("1"), enriched("2", source="citynews")))
    v3 = v2.model_copy(update={"version": 3, "status": IncidentStatus.CORROBORATED})
    store.upsert_incidents([v1, v2])  # one batch with two versions keeps both
    store.upsert_incident(v3)
    store.upsert_incident(v2)  # a replay of an older version adds nothing
    kept = incident_versions(store, "inc-v")
    assert [v.version for v in kept] == [1, 2, 3] and kept[1] == v2
    assert store.get_incident("inc-v") == v3
    assert incident_versions(store, "inc-unknown") == []
