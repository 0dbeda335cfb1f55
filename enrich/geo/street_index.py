"""The places known on each street name, and the views a lookup takes of them.

A lookup sees a street through its name (an untyped name joins its namesakes) and the police
division of the report. Building that view filters every place through the division's area,
so views are kept until a learn touches a street of the same base name or a division grows.
Not thread-safe by itself: the gazetteer's lock guards it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from enrich.geo.divisions import DivisionAreas
from enrich.geo.points import Hit
from enrich.geo.samples import STREET_CAP, PointSample
from enrich.geo.streets import base_name, has_street_type

VIEW_CACHE_LIMIT = 20_000  # views kept between learns; the cache starts over past this


@dataclass
class StreetView:
    """A street's places as one lookup sees them: namesakes joined, division applied;
    ``answer`` keeps the street-level answer once it has been worked out."""

    stamp: tuple[int, int]
    points: np.ndarray
    weights: np.ndarray
    answer: Hit | None = None


def in_division(
    divisions: DivisionAreas, points: np.ndarray, weights: np.ndarray, division: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """The places lying in the division's area, or all of them when none does."""
    if division is None or len(points) == 0:
        return points, weights
    inside = divisions.inside(points, division)
    # A street known only outside the division is still the best lead there is.
    return (points[inside], weights[inside]) if inside.any() else (points, weights)


class StreetIndex:
    """Bounded point samples per normalised street name, grouped by base name."""

    def __init__(self, divisions: DivisionAreas) -> None:
        self.divisions = divisions
        self._streets: dict[str, PointSample] = defaultdict(lambda: PointSample(STREET_CAP))
        self._bases: dict[str, set[str]] = defaultdict(set)
        self._base_versions: dict[str, int] = defaultdict(int)
        self._views: dict[tuple[str, str | None], StreetView] = {}

    def add(self, street: str, lat: float, lon: float) -> None:
        self._streets[street].add(lat, lon)
        base = base_name(street)
        self._bases[base].add(street)
        self._base_versions[base] += 1

    def view(self, name: str, division: str | None = None) -> StreetView:
        """Known places of a street, narrowed to the division when one is given; an untyped
        or direction-less name takes its namesakes."""
        base = base_name(name)
        stamp = (self._base_versions.get(base, 0), self.divisions.version if division else 0)
        view = self._views.get((name, division))
        if view is not None and view.stamp == stamp:
            return view
        if name in self._streets:
            names = [name]
        else:
            wanted_type = name.split()[-1] if has_street_type(name) else None
            namesakes = sorted(self._bases.get(base, ()))
            names = [n for n in namesakes if wanted_type is None or wanted_type in n.split()]
            if not names and division is not None:
                # Courts and crescents often take the name of the street they open onto.
                names = namesakes
        arrays = [self._streets[n].arrays() for n in names]
        points = np.concatenate([p for p, _ in arrays]) if arrays else np.empty((0, 2))
        weights = np.concatenate([w for _, w in arrays]) if arrays else np.empty(0)
        points, weights = in_division(self.divisions, points, weights, division)
        if len(self._views) >= VIEW_CACHE_LIMIT:
            self._views.clear()
        view = self._views[(name, division)] = StreetView(stamp, points, weights)
        return view

    def sample(self, street: str) -> PointSample | None:
        """The sample of one normalised street name, if it is known."""
        return self._streets.get(street)

    def names(self) -> list[str]:
        return list(self._streets)
