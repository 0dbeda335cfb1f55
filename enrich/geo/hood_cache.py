"""Point -> neighbourhood answers for a batch, computed together.

A stream batch's feed points are looked up in one vectorised call
(:meth:`NeighbourhoodIndex.lookup_many`) instead of one call per report: each single
lookup hands the interpreter lock to the geometry library and back, which costs little
alone but stalls a busy two-stage worker (docs/performance.md). Answers are the single
lookup's: only points found inside a neighbourhood are taken from the vectorised call;
the rest (outside the City, or within the boundary tolerance) are left to the single
lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from enrich.geo.neighbourhoods import NeighbourhoodIndex
from schemas import Neighbourhood

MEMO_LIMIT = 50_000  # remembered points; the memo starts afresh when full


class NeighbourhoodCache:
    """A NeighbourhoodIndex with remembered answers, primed a batch at a time."""

    def __init__(self, index: NeighbourhoodIndex, limit: int = MEMO_LIMIT) -> None:
        self.index = index
        self.limit = limit
        self._memo: dict[tuple[float, float], Neighbourhood | None] = {}
        self._lock = threading.Lock()

    def prime(self, points: Iterable[tuple[float, float]]) -> None:
        """Look up every new (lat, lon) point of a batch in one vectorised call."""
        with self._lock:
            fresh = list(dict.fromkeys(p for p in points if p not in self._memo))
        if not fresh:
            return
        lats = np.fromiter((p[0] for p in fresh), dtype=float, count=len(fresh))
        lons = np.fromiter((p[1] for p in fresh), dtype=float, count=len(fresh))
        found = self.index.lookup_many(lats, lons)
        with self._lock:
            if len(self._memo) + len(fresh) > self.limit:
                self._memo.clear()
            for point, hood in zip(fresh, found, strict=True):
                if hood is not None:
                    self._memo[point] = hood

    def lookup(self, lat: float, lon: float) -> Neighbourhood | None:
        """The neighbourhood containing the point: remembered, else the single lookup."""
        found = self._memo.get((lat, lon))
        return found if found is not None else self.index.lookup(lat, lon)
