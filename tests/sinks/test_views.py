"""The analysts' SQL views answer their questions on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from schemas import IncidentStatus, SourceKind
from sinks import Store
from tests.sinks.factories import T0, activation, enriched, incident

HOUR = timedelta(hours=1)


def seed(store: Store) -> None:
    """One shooting: a police call 25 min after it, the news an hour later, activated at 40."""
    call = enriched("c1")  # occurred T0-30m, published T0-5m
    story = enriched(
        "n1", source="citynews", kind=SourceKind.NEWS, collected_at=T0 + HOUR, types=("shooting",)
    )
    shooting = incident("inc-a", reports=(call, story))
    fire = incident("inc-b", types=("fire", "collision"), first_seen=T0 + timedelta(days=7))
    store.upsert_incidents([shooting, fire])
    store.upsert_reports([(call, "inc-a"), (story, "inc-a")])
    store.record_activation(activation(shooting, time=T0 + timedelta(minutes=10)))


def rows(store: Store, query: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(text(query))]


def test_incidents_per_neighbourhood_week_type_and_class(store: Store) -> None:
    seed(store)
    found = rows(store, "SELECT * FROM incidents_weekly ORDER BY week_start, incident_type")
    summary = [(str(r["week_start"]), r["incident_type"], r["incidents"]) for r in found]
    assert summary == [
        ("2026-07-13", "shooting", 1),  # T0 is Wednesday 15 July: its week starts Monday
        ("2026-07-20", "collision", 1),
        ("2026-07-20", "fire", 1),
    ]
    assert {(r["neighbourhood_code"], r["nia_class"]) for r in found} == {("024", "NIA")}
    assert [r["ccrp_eligible"] for r in found] == [1, 0, 0]


def test_which_sources_reported_and_how_far_each_led(store: Store) -> None:
    seed(store)
    found = rows(store, "SELECT * FROM incident_sources ORDER BY report_rank")
    assert [(r["source"], r["report_rank"], r["sources"]) for r in found] == [
        ("tps-calls", 1, 2),
        ("citynews", 2, 2),
    ]
    assert [float(r["minutes_after_first"]) for r in found] == [0.0, 60.0]
    assert float(found[0]["lead_over_next_minutes"]) == 60.0
    assert found[1]["lead_over_next_minutes"] is None
    pairs = rows(store, "SELECT * FROM source_lead ORDER BY source")
    assert [
        (p["source"], p["other_source"], p["led"], float(p["avg_lead_minutes"])) for p in pairs
    ] == [
        ("citynews", "tps-calls", 0, -60.0),
        ("tps-calls", "citynews", 1, 60.0),
    ]


def test_time_to_first_report_and_to_activation_by_source(store: Store) -> None:
    seed(store)
    latency = rows(store, "SELECT * FROM incident_latency ORDER BY report_rank")
    assert [float(r["minutes_to_report"]) for r in latency] == [25.0, 85.0]
    assert {float(r["minutes_to_activation"]) for r in latency} == {40.0}
    by_source = {r["source"]: r for r in rows(store, "SELECT * FROM source_latency")}
    police = by_source["tps-calls"]
    assert (police["incidents"], police["first_to_report"], police["activated"]) == (1, 1, 1)
    assert float(police["avg_minutes_to_report"]) == 25.0
    assert float(by_source["citynews"]["avg_minutes_to_activation"]) == 40.0
    assert by_source["citynews"]["first_to_report"] == 0


def test_a_merged_alias_is_counted_once_in_the_week(store: Store) -> None:
    """A merge keeps the absorbed incident as an alias with no reports of its own."""
    seed(store)
    alias = incident("inc-alias").model_copy(
        update={"status": IncidentStatus.MERGED, "merged_into": "inc-a", "reports": []}
    )
    retracted = incident("inc-gone").model_copy(update={"status": IncidentStatus.RETRACTED})
    store.upsert_incidents([alias, retracted])
    found = rows(store, "SELECT * FROM incidents_weekly WHERE incident_type = 'shooting'")
    assert [(str(r["week_start"]), r["incidents"]) for r in found] == [("2026-07-13", 1)]
    assert rows(store, "SELECT * FROM incident_sources WHERE incident_id = 'inc-alias'") == []
