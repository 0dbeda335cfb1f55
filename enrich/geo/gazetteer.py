"""The offline geocoder: City intersections, learned feed locations, named places.

Streets are point sets (every known intersection or feed location on them); a street pair
resolves to its known intersection point, else to the nearest approach of the two sets.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from enrich.geo.cache import GeocodeCache
from enrich.geo.extract import parse_location_field
from enrich.geo.mentions import Mention, MentionKind
from enrich.geo.places import DISTRICTS, LANDMARKS
from enrich.geo.streets import base_name, has_street_type, normalise_street
from schemas import Precision

LEARNED = "gazetteer-learned"
_SIGNAL_FIELDS = ("MAIN_STREET", "SIDE1_STREET", "SIDE2_STREET")
_M_PER_DEG = 111_320.0
_COS_LAT = math.cos(math.radians(43.7))
INTERSECTION_GAP_M = 150.0  # nearest approach this close: the two streets meet there
NEIGHBOURHOOD_GAP_M = 1_000.0
COMPACT_STREET_M = 600.0  # a street whose known points all lie this close to their medoid


@dataclass(frozen=True)
class Hit:
    """A gazetteer answer: the point, the precision it supports, and how it was found."""

    lat: float
    lon: float
    precision: Precision
    method: str
    gap_m: float = 0.0


def _key(text: str) -> str:
    return " ".join(text.upper().split())


def _gap_m(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    dy = (a[:, None, 0] - b[None, :, 0]) * _M_PER_DEG
    dx = (a[:, None, 1] - b[None, :, 1]) * _M_PER_DEG * _COS_LAT
    return np.hypot(dx, dy)


class Gazetteer:
    """Street-name pairs and streets to points; thread-safe, and it learns from feeds."""

    def __init__(self, cache: GeocodeCache | None = None) -> None:
        self.cache = cache
        self._pairs: dict[frozenset[str], tuple[float, float]] = {}
        self._base_pairs: dict[frozenset[str], list[tuple[float, float]]] = defaultdict(list)
        self._streets: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self._bases: dict[str, set[str]] = defaultdict(set)
        self._exact: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self._numbers: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.RLock()

    @classmethod
    def from_intersections(cls, data: dict[str, Any] | None, cache: GeocodeCache | None = None):
        """From the traffic-signal layer (MAIN/SIDE1/SIDE2_STREET) or the Centreline
        intersection file (``INTERSECTION_DESC`` = ``"Jarvis St / Front St E"``)."""
        gazetteer = cls(cache)
        for feature in (data or {}).get("features", []):
            props = feature.get("properties") or {}
            coords = _first_point((feature.get("geometry") or {}).get("coordinates"))
            if coords is None:
                continue
            if props.get("INTERSECTION_DESC"):
                names = str(props["INTERSECTION_DESC"]).split("/")
            else:
                names = [str(props.get(k) or "") for k in _SIGNAL_FIELDS]
            gazetteer.add_intersection(names, coords[1], coords[0])
        return gazetteer

    def add_intersection(self, names: Iterable[str], lat: float, lon: float) -> None:
        streets = list(dict.fromkeys(n for n in (normalise_street(x) for x in names) if n))
        with self._lock:
            for street in streets:
                self._add_street_point(street, lat, lon)
            for i, a in enumerate(streets):
                for b in streets[i + 1 :]:
                    self._pairs.setdefault(frozenset((a, b)), (lat, lon))
                    self._base_pairs[frozenset((base_name(a), base_name(b)))].append((lat, lon))

    def _add_street_point(self, street: str, lat: float, lon: float) -> None:
        self._streets[street].append((lat, lon))
        self._bases[base_name(street)].add(street)

    def learn(self, location_text: str, lat: float, lon: float) -> bool:
        """Remember where a feed's location text is (police calls carry both)."""
        mentions = parse_location_field(location_text)
        if not mentions or not (math.isfinite(lat) and math.isfinite(lon)):
            return False
        with self._lock:
            self._exact[_key(location_text)].append((lat, lon))
            for m in mentions:
                if m.kind is MentionKind.INTERSECTION:
                    self.add_intersection(m.streets, lat, lon)
                elif m.kind is MentionKind.LANE:
                    self._base_pairs[frozenset(m.streets)].append((lat, lon))
                elif m.kind is MentionKind.ADDRESS:
                    self._numbers[(m.streets[0], m.number or "")] = (lat, lon)
                elif m.kind is MentionKind.STREET and len(mentions) == 1:
                    self._add_street_point(m.streets[0], lat, lon)
        if self.cache is not None:
            self.cache.put_geocode(LEARNED, _key(location_text), {"lat": lat, "lon": lon})
        return True

    def lookup_text(self, location_text: str) -> Hit | None:
        """A location text seen before with coordinates (memory, then the cache)."""
        key = _key(location_text)
        with self._lock:
            seen = self._exact.get(key)
            point = _medoid(np.asarray(seen)) if seen else None
        if point is None and self.cache is not None:
            stored = self.cache.get_geocode(LEARNED, key)
            if stored and stored.get("lat") is not None:
                point = (float(stored["lat"]), float(stored["lon"]))
        if point is None:
            return None
        return Hit(point[0], point[1], Precision.INTERSECTION, "learned-text")

    def geocode(self, mention: Mention) -> Hit | None:
        """Resolve one mention with local knowledge only."""
        with self._lock:
            if mention.kind is MentionKind.ADDRESS:
                return self._address(mention)
            if mention.kind in (MentionKind.INTERSECTION, MentionKind.LANE):
                return self._pair(mention.streets[0], mention.streets[1])
            if mention.kind is MentionKind.STREET:
                return self._street(mention.streets[0])
        place = LANDMARKS.get((mention.name or "").lower()) or DISTRICTS.get(
            (mention.name or "").lower()
        )
        if place is not None and mention.kind in (MentionKind.LANDMARK, MentionKind.DISTRICT):
            return Hit(place.lat, place.lon, place.precision, "places")
        return None

    def _address(self, mention: Mention) -> Hit | None:
        point = self._numbers.get((mention.streets[0], mention.number or ""))
        if point is not None:
            return Hit(point[0], point[1], Precision.ADDRESS, "learned-address")
        return self._street(mention.streets[0])

    def _points(self, name: str) -> np.ndarray:
        """Known points of a street; an untyped or direction-less name takes its namesakes."""
        if name in self._streets:
            return np.asarray(self._streets[name])
        typed = has_street_type(name)
        wanted_type = name.split()[-1] if typed else None
        names = [
            n
            for n in self._bases.get(base_name(name), ())
            if wanted_type is None or wanted_type in n.split()
        ]
        points = [p for n in names for p in self._streets[n]]
        return np.asarray(points) if points else np.empty((0, 2))

    def _pair(self, a: str, b: str) -> Hit | None:
        point = self._pairs.get(frozenset((a, b)))
        if point is not None:
            return Hit(point[0], point[1], Precision.INTERSECTION, "intersection")
        candidates = self._base_pairs.get(frozenset((base_name(a), base_name(b))))
        if candidates and len(candidates) == 1:
            lat, lon = candidates[0]
            return Hit(lat, lon, Precision.INTERSECTION, "intersection-by-name")
        pa, pb = self._points(a), self._points(b)
        if len(pa) == 0 or len(pb) == 0:
            return None
        gaps = _gap_m(pa, pb)
        i, j = np.unravel_index(int(np.argmin(gaps)), gaps.shape)
        gap = float(gaps[i, j])
        if gap > NEIGHBOURHOOD_GAP_M:
            return None
        lat, lon = (pa[i] + pb[j]) / 2
        precision = Precision.INTERSECTION if gap <= INTERSECTION_GAP_M else Precision.NEIGHBOURHOOD
        return Hit(float(lat), float(lon), precision, "nearest-approach", gap)

    def _street(self, name: str) -> Hit | None:
        points = self._points(name)
        if len(points) == 0:
            return None
        spread = _gap_m(points, points)
        medoid = int(np.argmin(spread.sum(axis=1)))
        radius = float(spread[medoid].max())
        if radius > COMPACT_STREET_M:
            return None
        lat, lon = points[medoid]
        return Hit(float(lat), float(lon), Precision.NEIGHBOURHOOD, "street", radius)

    def knows_street(self, name: str) -> bool:
        with self._lock:
            return len(self._points(name)) > 0

    def street_names(self) -> list[str]:
        with self._lock:
            return list(self._streets)

    def __len__(self) -> int:
        return len(self._pairs)


def _medoid(points: np.ndarray) -> tuple[float, float]:
    """The observation closest to all others: robust to a call placed far off."""
    if len(points) == 1:
        return float(points[0][0]), float(points[0][1])
    best = int(np.argmin(_gap_m(points, points).sum(axis=1)))
    return float(points[best][0]), float(points[best][1])


def _first_point(coords: Any) -> tuple[float, float] | None:
    """(lon, lat) of a Point or the first point of a MultiPoint."""
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2:
        return float(coords[0]), float(coords[1])
    return None
