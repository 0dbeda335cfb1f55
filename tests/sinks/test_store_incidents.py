"""Incidents and activations: versions never go backwards, events never duplicate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from schemas import ActivationType
from sinks import Store
from sinks.errors import StoreInputError
from sinks.tables import IncidentReportRow
from tests.sinks.factories import T0, activation, enriched, incident


def _links(store: Store) -> set[tuple[str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(IncidentReportRow.incident_id, IncidentReportRow.report_id))
        return {(i, r) for i, r in rows}


def test_incident_round_trip_and_links(store: Store) -> None:
    reports = (enriched("1"), enriched("2", source="news"))
    for er in reports:
        store.upsert_report(er, None)
    inc = incident(reports=reports)
    assert store.upsert_incident(inc) is True
    assert store.get_incident("inc-1") == inc
    assert store.get_incident("inc-missing") is None
    assert _links(store) == {("inc-1", "tps-calls:1"), ("inc-1", "news:2")}
    assert store.get_report_incident("news:2") == "inc-1"


def test_incident_version_never_goes_backwards(store: Store) -> None:
    one, two = enriched("1"), enriched("2")
    v2 = incident(version=2, types=("shooting", "homicide"), reports=(one, two))
    assert store.upsert_incident(v2) is True
    assert store.upsert_incident(incident(version=1, reports=(one,))) is False
    assert store.get_incident("inc-1") == v2
    assert store.upsert_incident(v2) is True  # replay of the stored version is harmless
    assert store.get_incident("inc-1") == v2
    assert len(_links(store)) == 2


def test_newer_version_replaces_links(store: Store) -> None:
    one, two = enriched("1"), enriched("2")
    store.upsert_incident(incident(version=1, reports=(one, two)))
    store.upsert_incident(incident(version=2, reports=(one,)))
    assert _links(store) == {("inc-1", "tps-calls:1")}


def test_report_moves_to_the_incident_that_claims_it(store: Store) -> None:
    er = enriched("1")
    store.upsert_report(er, "inc-old")
    store.upsert_incident(incident("inc-new", reports=(er,)))
    assert store.get_report_incident(er.report_id) == "inc-new"


def test_recent_and_between_select_by_activity(store: Store) -> None:
    early = incident("a", first_seen=T0, last_seen=T0 + timedelta(hours=1))
    late = incident("b", first_seen=T0 + timedelta(days=1))
    long_running = incident("c", first_seen=T0 - timedelta(days=3), last_seen=T0)
    for inc in (early, late, long_running):
        store.upsert_incident(inc)
    assert [i.incident_id for i in store.recent_incidents(T0 + timedelta(minutes=30))] == [
        "a",
        "b",
    ]
    day = store.incidents_between(T0 - timedelta(hours=1), T0 + timedelta(hours=2))
    assert [i.incident_id for i in day] == ["c", "a"]


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(StoreInputError):
        store.recent_incidents(T0.replace(tzinfo=None))
    with pytest.raises(StoreInputError):
        store.activations_between(T0.replace(tzinfo=None), T0)


def test_activation_recorded_once(store: Store) -> None:
    inc = incident()
    event = activation(inc)
    assert store.record_activation(event) is True
    assert store.record_activation(event) is False
    assert store.activations_between(T0 - timedelta(1), T0 + timedelta(1)) == [event]
    assert store.last_activation("inc-1") == event
    assert store.last_activation("inc-none") is None


def test_last_activation_follows_incident_version(store: Store) -> None:
    v1, v2 = incident(version=1), incident(version=2, last_seen=T0 + timedelta(hours=1))
    created = activation(v1)
    updated = activation(v2, ActivationType.UPDATED)
    store.record_activation(updated)
    store.record_activation(created)
    assert store.last_activation("inc-1") == updated
    assert store.activations_between(T0, T0 + timedelta(minutes=30)) == [created]


def test_batch_upsert_writes_newer_versions_only(store: Store) -> None:
    first = incident("inc-a", reports=(enriched("1"),))
    store.upsert_incident(first.model_copy(update={"version": 3}))
    batch = [first, incident("inc-b", reports=(enriched("2"),))]
    assert store.upsert_incidents(batch) == 1  # inc-a v1 is older than the stored v3
    assert store.get_incident("inc-a").version == 3  # type: ignore[union-attr]
    linked = {report for owner, report in _links(store) if owner == "inc-b"}
    assert linked == {r.report_id for r in batch[1].reports}
    assert store.upsert_incidents(batch) == 1  # a replay writes the same again, harmlessly
