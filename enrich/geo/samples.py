"""Bounded, de-duplicated point samples: what the gazetteer remembers of a street or a text.

Feeds repeat themselves: a busy street is reported at the same few nodes thousands of times.
A sample keeps each distinct place once, with a count, on a grid of a few metres. When it
holds more places than its cap, the grid doubles and neighbouring places merge, so a long
street keeps its whole extent at a coarser resolution instead of growing without bound.
The count-weighted medoid of the places equals the medoid of every observation (up to the
grid), and it is computed once per change, not once per lookup.

Not thread-safe by itself: the gazetteer's lock guards every sample.
"""

from __future__ import annotations

import math

import numpy as np

from enrich.geo.errors import GeoConfigError, GeoError
from enrich.geo.points import medoid

SNAP_DEG = 0.00005  # about 5.5 m north-south, 4 m east-west: one place
STREET_CAP = 512  # more than the signal layer's busiest street name has
TEXT_CAP = 64  # sightings of one location text: one place, give or take a block

_Cell = tuple[int, int]


class PointSample:
    """Distinct places with how often each was seen, at most ``cap`` of them; each place is
    the first exact point observed in its grid cell, or the most seen after a merge."""

    __slots__ = ("cap", "snap_deg", "version", "_places", "_arrays", "_medoid")

    def __init__(self, cap: int = STREET_CAP, snap_deg: float = SNAP_DEG) -> None:
        if cap < 1:
            raise GeoConfigError(f"a sample holds at least one place, not {cap}")
        self.cap = cap
        self.snap_deg = snap_deg
        self.version = 0
        self._places: dict[_Cell, list[float]] = {}  # cell -> [lat, lon, observations]
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        self._medoid: tuple[tuple[float, float], float] | None = None

    def add(self, lat: float, lon: float, count: int = 1) -> None:
        """Count more observations of a point (finite coordinates only)."""
        if not (math.isfinite(lat) and math.isfinite(lon)) or count < 1:
            return
        cell = (math.floor(lat / self.snap_deg), math.floor(lon / self.snap_deg))
        place = self._places.get(cell)
        if place is not None:
            place[2] += count
        else:
            self._places[cell] = [lat, lon, count]
            while len(self._places) > self.cap:
                self._coarsen()
        self.version += 1
        self._arrays = None
        self._medoid = None

    def _coarsen(self) -> None:
        """Double the grid; each merged cell keeps its most-seen place and all the counts."""
        self.snap_deg *= 2
        merged: dict[_Cell, list[float]] = {}
        most: dict[_Cell, float] = {}
        for lat, lon, seen in self._places.values():
            cell = (math.floor(lat / self.snap_deg), math.floor(lon / self.snap_deg))
            kept = merged.get(cell)
            if kept is None:
                merged[cell], most[cell] = [lat, lon, seen], seen
                continue
            kept[2] += seen
            if seen > most[cell]:
                kept[0], kept[1], most[cell] = lat, lon, seen
        self._places = merged

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The places as an (n, 2) (lat, lon) array and their counts; read-only."""
        if self._arrays is None:
            table = np.asarray(list(self._places.values()), dtype=float).reshape(-1, 3)
            points, counts = table[:, :2].copy(), table[:, 2].copy()
            points.flags.writeable = False
            counts.flags.writeable = False
            self._arrays = points, counts
        return self._arrays

    def medoid(self) -> tuple[tuple[float, float], float]:
        """The count-weighted medoid and the distance from it to the farthest place."""
        if not self._places:
            raise GeoError("an empty sample has no medoid")
        if self._medoid is None:
            self._medoid = medoid(*self.arrays())
        return self._medoid

    def observations(self) -> int:
        """How many observations the places stand for."""
        return int(sum(place[2] for place in self._places.values()))

    def __len__(self) -> int:
        return len(self._places)

    def __bool__(self) -> bool:
        return bool(self._places)
