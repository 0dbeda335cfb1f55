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
        try:
            self.inner.put_geocode(provider, query, result)
        except Exception as exc:
            self._failed(exc)
            return
        self._failing = False

    def _failed(self, exc: Exception) -> None:
        self.failures += 1
        if not self._failing:
            log.warning("geocode cache unavailable, geocoding without it: %s", exc)
        self._failing = True
