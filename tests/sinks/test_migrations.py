"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from sinks import Store
from sinks.migrate import current_revision, head_revision, schema_differences


def test_migrated_schema_matches_models(store: Store) -> None:
    with store.engine.connect() as conn:
        assert schema_differences(conn) == []
        assert head_revision() is not None
        assert current_revision(conn) == head_revision()


def test_comparison_detects_drift(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'drift.db'}")
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_reports_content_hash"))
    with store.engine.connect() as conn:
        assert schema_differences(conn)
    store.close()


def test_open_twice_is_harmless_and_creates_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'ccrp.db'}"
    Store.open(url).close()
    with Store.open(url) as store:
        assert "reports" in inspect(store.engine).get_table_names()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
