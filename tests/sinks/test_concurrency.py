"""Several processes migrating and writing one SQLite file at the same time."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import func, select

from sinks import Store
from sinks.tables import IncidentRow, ReportRow
from tests.sinks.factories import enriched, incident

WRITERS = 3
PER_WRITER = 40


def _write(url: str, writer: int) -> None:
    store = Store.open(url)
    for n in range(PER_WRITER):
        er = enriched(f"{writer}-{n}")
        store.upsert_report(er, None)
        store.upsert_incident(incident(f"inc-{n}", version=1 + writer, reports=(er,)))
    store.close()


def test_parallel_writers_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_write, args=(url, w)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * WRITERS
    with Store(url) as store, store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ReportRow)).scalar() == 120
        versions = conn.execute(select(IncidentRow.version)).scalars().all()
        assert len(versions) == PER_WRITER and set(versions) == {WRITERS}
