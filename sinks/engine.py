"""Engine construction: URL checks, SQLite pragmas for several writing processes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
    StatementError,
)

from sinks import jsoncodec
from sinks.errors import (
    StoreConfigError,
    StoreConflictError,
    StoreError,
    StoreInputError,
    StoreUnavailableError,
)

SQLITE_BUSY_TIMEOUT_MS = 30_000
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def parse_database_url(url: str) -> URL:
    """Parse and check a database URL; bare ``postgresql://`` URLs use the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreConfigError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise StoreConfigError(
            f"unsupported database {parsed.get_backend_name()!r}; use one of {SUPPORTED_BACKENDS}"
        )
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_store_engine(url: str) -> Engine:
    """One engine per store; for a SQLite file, create its folder and enable WAL."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            json_serializer=jsoncodec.dumps,
            json_deserializer=jsoncodec.loads,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(
            parsed,
            pool_pre_ping=True,
            json_serializer=jsoncodec.dumps,
            json_deserializer=jsoncodec.loads,
        )
    except NoSuchModuleError as exc:
        raise StoreConfigError(f"no driver for {parsed.drivername}: {exc}") from exc
    except ImportError as exc:
        raise StoreConfigError(f"database driver missing for {parsed.drivername}: {exc}") from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # Safe with WAL: a crash can lose the last commits but never corrupts the file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def dialect_insert(dialect_name: str) -> Any:
    """The ``insert`` construct with ``on_conflict_*`` support for this backend."""
    if dialect_name == "postgresql":
        return postgresql.insert
    if dialect_name == "sqlite":
        return sqlite.insert
    raise StoreConfigError(f"no upsert support for {dialect_name!r}")


@contextmanager
def translated_errors(action: str) -> Iterator[None]:
    """Re-raise database errors as the package's own, keeping the original as cause."""
    try:
        yield
    except StoreError:
        raise
    except StatementError as exc:
        if isinstance(exc.orig, StoreError):
            raise exc.orig from exc
        if isinstance(exc, IntegrityError):
            raise StoreConflictError(f"{action}: {exc.orig}") from exc
        if isinstance(exc, ProgrammingError) or "no such table" in str(exc.orig):
            raise StoreError(f"{action}: {exc.orig} (has the database been migrated?)") from exc
        if isinstance(exc, OperationalError | InterfaceError):
            raise StoreUnavailableError(f"{action}: {exc.orig}") from exc
        # DataError and failures while binding parameters: the value itself is bad.
        raise StoreInputError(f"{action}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"{action}: {exc}") from exc


def require_aware(value: datetime, name: str) -> datetime:
    """Refuse naive datetimes: the store only deals in instants."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise StoreInputError(f"{name} must be timezone-aware, got {value.isoformat()}")
    return value
