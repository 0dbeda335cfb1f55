"""Point-set helpers of the gazetteer: answers, distances, medoids, GeoJSON points."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from schemas import Precision

M_PER_DEG = 111_320.0
COS_LAT = math.cos(math.radians(43.7))


@dataclass(frozen=True)
class Hit:
    """A gazetteer answer: the point, the precision it supports, and how it was found.

    ``gap_m`` is the nearest-approach gap of a street pair or the radius of a street's
    points; ``support`` holds the points a street-level answer was drawn from, so that the
    caller can see whether they all lie in one neighbourhood.
    """

    lat: float
    lon: float
    precision: Precision
    method: str
    gap_m: float = 0.0
    support: tuple[tuple[float, float], ...] = ()


def gap_m(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise distances in metres between two (lat, lon) arrays (flat-earth, city scale)."""
    dy = (a[:, None, 0] - b[None, :, 0]) * M_PER_DEG
    dx = (a[:, None, 1] - b[None, :, 1]) * M_PER_DEG * COS_LAT
    return np.hypot(dx, dy)


def medoid(
    points: np.ndarray, weights: np.ndarray | None = None
) -> tuple[tuple[float, float], float]:
    """The observation closest to all others (robust to a call placed far off), and the
    distance from it to the farthest point; ``weights`` count how often each point was seen."""
    if len(points) == 1:
        return (float(points[0][0]), float(points[0][1])), 0.0
    spread = gap_m(points, points)
    total = spread.sum(axis=1) if weights is None else spread @ weights
    best = int(np.argmin(total))
    return (float(points[best][0]), float(points[best][1])), float(spread[best].max())


def nearest_approach(
    a: np.ndarray, b: np.ndarray
) -> tuple[float, tuple[float, float], tuple[float, float]] | None:
    """Where two point sets come closest: the gap in metres, the shorter set's point there
    (a real node on both streets' line of sight) and the midpoint of the closest pair."""
    if len(a) == 0 or len(b) == 0:
        return None
    gaps = gap_m(a, b)
    i, j = np.unravel_index(int(np.argmin(gaps)), gaps.shape)
    lat, lon = a[i] if len(a) <= len(b) else b[j]
    mid_lat, mid_lon = (a[i] + b[j]) / 2
    return float(gaps[i, j]), (float(lat), float(lon)), (float(mid_lat), float(mid_lon))


def first_point(coords: Any) -> tuple[float, float] | None:
    """(lon, lat) of a Point or the first point of a MultiPoint."""
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2:
        return float(coords[0]), float(coords[1])
    return None
