"""Reports: upserts, replays, fingerprints, incident links and the drain count."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas import RawReport
from sinks import Store
from sinks.tables import ReportRow
from tests.sinks.factories import T0, dead_letter, enriched


def _rows(store: Store) -> list[ReportRow]:
    with Session(store.engine) as session:
        return list(session.scalars(select(ReportRow).order_by(ReportRow.report_id)))


def _snapshot(store: Store) -> list[tuple[object, ...]]:
    return [tuple(getattr(r, c.name) for c in ReportRow.__table__.columns) for r in _rows(store)]


def test_report_round_trips_with_aware_datetimes(store: Store) -> None:
    er = enriched("1", url="https://www.cbc.ca/news/story-1?utm_source=rss")
    store.upsert_report(er, "inc-1")
    assert store.get_report(er.report_id) == er
    row = _rows(store)[0]
    assert row.collected_at == T0 and row.collected_at.utcoffset() == timedelta(0)
    assert row.url_norm == "https://cbc.ca/news/story-1"
    assert row.types == ["shooting"] and row.seen_count == 1
    assert store.get_report("tps-calls:missing") is None


def test_same_report_twice_leaves_the_same_row(store: Store) -> None:
    er = enriched("1")
    store.upsert_report(er, "inc-1")
    before = _snapshot(store)
    store.upsert_report(er, "inc-1")
    store.upsert_reports([(er, "inc-1"), (er, None)])
    assert _snapshot(store) == before


def test_changed_content_is_updated_and_counted(store: Store) -> None:
    store.upsert_report(enriched("1", title="Shots fired"), "inc-1")
    later = T0 + timedelta(hours=1)
    store.upsert_report(enriched("1", title="Man shot", collected_at=later), None)
    (row,) = _rows(store)
    assert row.title == "Man shot"
    assert row.incident_id == "inc-1"  # a delivery without a link keeps the link
    assert row.first_seen == T0 and row.last_seen == later and row.seen_count == 2


def test_older_delivery_does_not_overwrite_newer(store: Store) -> None:
    store.upsert_report(enriched("1", title="Newer", collected_at=T0 + timedelta(hours=2)), None)
    store.upsert_report(enriched("1", title="Older"), None)
    assert _rows(store)[0].title == "Newer"


def test_batch_upsert_writes_many_and_keeps_latest_duplicate(store: Store) -> None:
    items = [(enriched(str(i), title=f"Report {i}"), None) for i in range(1200)]
    items.append((enriched("5", title="Report 5 updated", collected_at=T0 + timedelta(1)), None))
    store.upsert_reports(items)
    store.upsert_reports([])
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ReportRow)).scalar() == 1200
    assert store.get_report("tps-calls:5").report.title == "Report 5 updated"  # type: ignore[union-attr]


def test_find_report_by_fingerprint_returns_earliest(store: Store) -> None:
    url = "http://www.citynews.ca/2026/07/15/shooting/"
    store.upsert_report(enriched("b", source="news", url=url, content_hash="h1"), None)
    store.upsert_report(
        enriched("a", source="news", content_hash="h1", collected_at=T0 + timedelta(hours=1)),
        None,
    )
    assert store.find_report_by_fingerprint("h1", None) == "news:b"
    assert store.find_report_by_fingerprint("other", url + "?utm_medium=x") == "news:b"
    assert store.find_report_by_fingerprint("other", "https://citynews.ca/2026/07/15/shooting") == (
        "news:b"
    )
    assert store.find_report_by_fingerprint("other", None) is None


def test_get_report_incident_from_row_and_links(store: Store) -> None:
    store.upsert_report(enriched("1"), "inc-1")
    store.upsert_report(enriched("2"), None)
    assert store.get_report_incident("tps-calls:1") == "inc-1"
    assert store.get_report_incident("tps-calls:2") is None
    assert store.get_report_incident("nowhere:1") is None


def test_processed_count_counts_reports_and_dead_letters(store: Store) -> None:
    store.upsert_reports([(enriched(str(i)), None) for i in range(3)])
    store.record_dead_letter(dead_letter(key="tps-calls:9"))
    ids = [f"tps-calls:{i}" for i in (0, 1, 2, 9, 42)] + ["tps-calls:0"]
    assert store.processed_count(ids) == 4
    assert store.processed_count([]) == 0


def test_incidents_and_dead_letters_of_a_run(store: Store) -> None:
    store.upsert_reports(
        [(enriched("1"), "inc-a"), (enriched("2"), "inc-a"), (enriched("3"), None)]
    )
    store.record_dead_letter(dead_letter(key="tps-calls:9"))
    ids = ["tps-calls:1", "tps-calls:2", "tps-calls:3", "tps-calls:9"]
    assert store.incidents_of(ids) == {"inc-a"}
    assert store.dead_letter_keys(ids) == {"tps-calls:9"}
    assert store.processed_ids(ids + ["tps-calls:404"]) == set(ids)


def test_a_report_that_carried_nul_characters_is_stored(store: Store) -> None:
    report = RawReport.model_validate_json(
        '{"source": "community-x", "source_kind": "community", "item_id": "nul",'
        ' "title": "Fight\\u0000", "raw": {"extra": {"k\\u0000": "v\\u0000"}},'
        ' "collected_at": "2026-07-01T00:00:00Z"}'
    )
    item = enriched("nul").model_copy(update={"report": report})
    store.upsert_reports([(item, None)])  # PostgreSQL refuses NUL in text and JSON
    assert store.processed_count([item.report_id]) == 1
