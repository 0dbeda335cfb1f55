"""Where geocoder answers are kept: the protocol the SQL store implements, and a memory one."""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger(__name__)


@runtime_checkable
class GeocodeCache(Protocol):
    """Geocoder answers by provider and query; the SQL store implements the same two calls."""

    def get_geocode(self, provider: str, query: str) -> dict[str, Any] | None: ...

    def put_geocode(self, provider: str, query: str, result: dict[str, Any]) -> None: ...


class MemoryGeocodeCache:
    """A process-local GeocodeCache (tests, benchmarks, runs without a store)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_geocode(self, provider: str, query: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._items.get((provider, query))
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            return dict(found)

    def put_geocode(self, provider: str, query: str, result: dict[str, Any]) -> None:
        with self._lock:
            self._items[(provider, query)] = dict(result)

    def __len__(self) -> int:
        return len(self._items)


Answer = tuple[str, str, dict[str, Any]]  # provider, query, result


def put_many(cache: GeocodeCache, answers: list[Answer]) -> None:
    """Several answers at once: in one call when the cache takes a batch."""
    batch = getattr(cache, "put_geocodes", None)
    if batch is not None:
        batch(answers)
        return
    for provider, query, result in answers:
        cache.put_geocode(provider, query, result)


class WriteBehindCache:
    """A GeocodeCache that keeps new answers in memory until :meth:`flush` writes them
    together (once per stream batch), so learning a call costs no store round trip.

    Reads see the pending answers first. Never more than ``max_pending`` wait: past that,
    a put writes through at once.
    """

    def __init__(self, inner: GeocodeCache, max_pending: int = 20_000) -> None:
        self.inner = inner
        self.max_pending = max_pending
        self._pending: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get_geocode(self, provider: str, query: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._pending.get((provider, query))
        return dict(found) if found is not None else self.inner.get_geocode(provider, query)

    def put_geocode(self, provider: str, query: str, result: dict[str, Any]) -> None:
        with self._lock:
            self._pending[(provider, query)] = dict(result)
            full = len(self._pending) >= self.max_pending
        if full:
            self.flush()

    def flush(self) -> None:
        """Write every pending answer to the cache behind."""
        with self._lock:
            pending, self._pending = self._pending, {}
        if pending:
            put_many(self.inner, [(p, q, r) for (p, q), r in pending.items()])


class BestEffortCache:
    """A GeocodeCache whose failures degrade the answer, never the report.

    The cache is an optimisation: when the store behind it is down, a read is a miss and a
    write is dropped, with one warning per outage rather than one per report.
    """

    def __init__(self, inner: GeocodeCache) -> None:
        self.inner = inner
        self.failures = 0
        self._failing = False

    def get_geocode(self, provider: str, query: str) -> dict[str, Any] | None:
        try:
            found = self.inner.get_geocode(provider, query)
        except Exception as exc:
            self._failed(exc)
            return None
        self._failing = False
        return found

    def put_geocode(self, provider: str, query: str, result: dict[str, Any]) -> None:
        self.put_geocodes([(provider, query, result)])

    def put_geocodes(self, answers: list[Answer]) -> None:
        try:
            put_many(self.inner, answers)
        except Exception as exc:
            self._failed(exc)
            return
        self._failing = False

    def _failed(self, exc: Exception) -> None:
        self.failures += 1
        if not self._failing:
            log.warning("geocode cache unavailable, geocoding without it: %s", exc)
        self._failing = True
