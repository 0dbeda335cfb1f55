"""What every part of the store shares: the engine, transactions, dialect upserts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from sinks.engine import create_store_engine, dialect_insert, translated_errors

T = TypeVar("T")
# Well under SQLite's bound-parameter limit, and keeps PostgreSQL statements small.
CHUNK = 500


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def utc_now() -> datetime:
    """The current instant in UTC."""
    return datetime.now(UTC)


class StoreBase:
    """Owns the single engine; subclasses add the table-specific operations."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine = create_store_engine(url)
        self.dialect_name: str = self._engine.dialect.name
        self._statements: dict[str, Any] = {}

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for analysts' ad-hoc queries and migrations)."""
        return self._engine

    def _insert(self, table: Any) -> Any:
        return dialect_insert(self.dialect_name)(table)

    def _statement(self, name: str, build: Callable[[], Any]) -> Any:
        # Building an upsert costs more than running it on SQLite: build each one once.
        if name not in self._statements:
            self._statements[name] = build()
        return self._statements[name]

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        with translated_errors(action), self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with translated_errors(action), self._engine.connect() as conn:
            yield conn

    def _changed_rows(
        self, conn: Connection, stmt: Any, params: dict[str, Any] | None = None
    ) -> int:
        # INSERT ... ON CONFLICT reports whether it wrote through the row count, which
        # SQLAlchemy only keeps for inserts when asked to.
        result = conn.execute(stmt.execution_options(preserve_rowcount=True), params)
        return int(result.rowcount)

    def _execute_many(self, conn: Connection, stmt: Any, rows: Sequence[dict[str, Any]]) -> None:
        for batch in chunked(rows):
            conn.execute(stmt, batch)
