"""Exact points learned from feeds, to snap a nearby gazetteer point onto.

Police calls are placed on the City's centreline nodes. The traffic-signal layer puts the
same intersection a few metres away, which decides the neighbourhood when the intersection
lies on a boundary street. When a call at the same node was seen before, its exact point is
the better answer.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict

CELL_DEG = 0.0002  # about 22 m north-south, 16 m east-west
SNAP_M = 15.0
CELL_CAP = 8  # distinct nodes kept per cell: a cell holds one or two real nodes
_M_PER_DEG = 111_320.0
_COS_LAT = math.cos(math.radians(43.7))


class LearnedNodes:
    """A grid of learned exact points; ``snap`` finds the nearest one within a few metres."""

    def __init__(self, snap_m: float = SNAP_M) -> None:
        self.snap_m = snap_m
        self._cells: dict[tuple[int, int], set[tuple[float, float]]] = defaultdict(set)
        self._lock = threading.Lock()

    def add(self, lat: float, lon: float) -> None:
        if math.isfinite(lat) and math.isfinite(lon):
            with self._lock:
                cell = self._cells[(math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG))]
                if len(cell) < CELL_CAP:
                    cell.add((lat, lon))

    def snap(self, lat: float, lon: float) -> tuple[float, float] | None:
        """The nearest learned point within ``snap_m``, or None."""
        row, col = math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)
        best, best_m = None, self.snap_m
        with self._lock:
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for plat, plon in self._cells.get((row + dr, col + dc), ()):
                        metres = math.hypot(
                            (plat - lat) * _M_PER_DEG, (plon - lon) * _M_PER_DEG * _COS_LAT
                        )
                        if metres <= best_m:
                            best, best_m = (plat, plon), metres
        return best

    def __len__(self) -> int:
        return sum(len(points) for points in self._cells.values())
