"""Where geocoder answers are kept: the protocol the SQL store implements, and a memory one."""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable


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
