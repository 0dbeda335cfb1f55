"""The offline geocoder: City intersections, learned feed locations, named places.

Streets are point sets (every known intersection or feed location on them); a street pair
resolves to its known intersection point, else to the nearest approach of the two sets.
A police division, when the report names one, narrows a street to its points in that
division's area (when it has any there), which tells namesakes and the parts of a long street
apart.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from enrich.geo.cache import GeocodeCache
from enrich.geo.divisions import DivisionAreas
from enrich.geo.extract import parse_location_field
from enrich.geo.mentions import Mention, MentionKind
from enrich.geo.nodes import LearnedNodes
from enrich.geo.places import DISTRICTS, LANDMARKS
from enrich.geo.points import Hit, first_point, medoid, nearest_approach
from enrich.geo.samples import TEXT_CAP, PointSample
from enrich.geo.street_index import VIEW_CACHE_LIMIT, StreetIndex, StreetView, in_division
from enrich.geo.streets import base_name, normalise_street
from schemas import Precision

__all__ = ["Gazetteer", "Hit"]

LEARNED = "gazetteer-learned"
_SIGNAL_FIELDS = ("MAIN_STREET", "SIDE1_STREET", "SIDE2_STREET")
INTERSECTION_GAP_M = 150.0  # nearest approach this close: the two streets meet there
NEIGHBOURHOOD_GAP_M = 1_000.0
COMPACT_STREET_M = 600.0  # a street whose known points all lie this close to their medoid
SAME_PLACE_M = 150.0  # one name pair seen at points this close: one intersection


def _key(text: str) -> str:
    return " ".join(text.upper().split())


class Gazetteer:
    """Street-name pairs and streets to points; thread-safe, and it learns from feeds."""

    def __init__(self, cache: GeocodeCache | None = None) -> None:
        self.cache = cache
        self.divisions = DivisionAreas()
        self.nodes = LearnedNodes()
        self._pairs: dict[frozenset[str], tuple[float, float]] = {}
        self._base_pairs: dict[frozenset[str], PointSample] = defaultdict(
            lambda: PointSample(TEXT_CAP)
        )
        self.streets = StreetIndex(self.divisions)
        self._approaches: dict[tuple[str, str, str | None], tuple[StreetView, StreetView, Any]] = {}
        self._exact: dict[str, PointSample] = defaultdict(lambda: PointSample(TEXT_CAP))
        self._exact_in: dict[tuple[str, str], PointSample] = defaultdict(
            lambda: PointSample(TEXT_CAP)
        )
        self._numbers: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.RLock()

    @classmethod
    def from_intersections(cls, data: dict[str, Any] | None, cache: GeocodeCache | None = None):
        """From the traffic-signal layer (MAIN/SIDE1/SIDE2_STREET) or the Centreline
        intersection file (``INTERSECTION_DESC`` = ``"Jarvis St / Front St E"``)."""
        gazetteer = cls(cache)
        for feature in (data or {}).get("features", []):
            props = feature.get("properties") or {}
            coords = first_point((feature.get("geometry") or {}).get("coordinates"))
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
                self.streets.add(street, lat, lon)
            for i, a in enumerate(streets):
                for b in streets[i + 1 :]:
                    self._pairs.setdefault(frozenset((a, b)), (lat, lon))
                    self._base_pairs[frozenset((base_name(a), base_name(b)))].add(lat, lon)

    def learn(
        self,
        location_text: str,
        lat: float,
        lon: float,
        division: str | None = None,
        mentions: list[Mention] | None = None,
    ) -> bool:
        """Remember where a feed's location text is (police calls carry both), and that the
        point lies in the named police division. ``mentions``: the text's parse, if the
        caller has it already."""
        if mentions is None:
            mentions = parse_location_field(location_text)
        if not mentions or not (math.isfinite(lat) and math.isfinite(lon)):
            return False
        written = [m for m in mentions if not m.derived]
        with self._lock:
            self.divisions.learn(division, lat, lon)
            self.nodes.add(lat, lon)
            self._exact[_key(location_text)].add(lat, lon)
            if division is not None:
                self._exact_in[(_key(location_text), division)].add(lat, lon)
            for m in mentions:
                if m.derived:
                    continue
                if m.kind is MentionKind.INTERSECTION:
                    self.add_intersection(m.streets, lat, lon)
                elif m.kind is MentionKind.LANE:
                    self._base_pairs[frozenset(m.streets)].add(lat, lon)
                elif m.kind is MentionKind.ADDRESS:
                    self._numbers[(m.streets[0], m.number or "")] = (lat, lon)
                    self.streets.add(m.streets[0], lat, lon)
                elif m.kind is MentionKind.STREET and len(written) == 1:
                    self.streets.add(m.streets[0], lat, lon)
        if self.cache is not None:
            self.cache.put_geocode(LEARNED, _key(location_text), {"lat": lat, "lon": lon})
        return True

    def lookup_text(self, location_text: str, division: str | None = None) -> Hit | None:
        """A location text seen before with coordinates (memory, then the cache); sightings
        in the same police division count first."""
        key = _key(location_text)
        with self._lock:
            seen = self._exact_in.get((key, division)) if division is not None else None
            if not seen:
                seen = self._exact.get(key)
            point = seen.medoid()[0] if seen else None
        if point is None and self.cache is not None:
            stored = self.cache.get_geocode(LEARNED, key)
            if stored and stored.get("lat") is not None:
                point = (float(stored["lat"]), float(stored["lon"]))
        if point is None:
            return None
        return Hit(point[0], point[1], Precision.INTERSECTION, "learned-text")

    def geocode(self, mention: Mention, division: str | None = None) -> Hit | None:
        """Resolve one mention with local knowledge only, within the division when given."""
        with self._lock:
            if mention.kind is MentionKind.ADDRESS:
                return self._address(mention, division)
            if mention.kind in (MentionKind.INTERSECTION, MentionKind.LANE):
                return self._pair(mention.streets[0], mention.streets[1], division)
            if mention.kind is MentionKind.STREET:
                return self._street(mention.streets[0], division)
        place = LANDMARKS.get((mention.name or "").lower()) or DISTRICTS.get(
            (mention.name or "").lower()
        )
        if place is not None and mention.kind in (MentionKind.LANDMARK, MentionKind.DISTRICT):
            return Hit(place.lat, place.lon, place.precision, "places")
        return None

    def _address(self, mention: Mention, division: str | None) -> Hit | None:
        point = self._numbers.get((mention.streets[0], mention.number or ""))
        if point is not None:
            return Hit(point[0], point[1], Precision.ADDRESS, "learned-address")
        return self._street(mention.streets[0], division)

    def _snapped(self, lat: float, lon: float, precision: Precision, method: str) -> Hit:
        exact = self.nodes.snap(lat, lon)
        if exact is not None:
            lat, lon = exact
        return Hit(lat, lon, precision, method)

    def _by_name(self, a: str, b: str, division: str | None) -> tuple[float, float] | None:
        """The one place a base-name pair was seen at (within the division), if it is one."""
        sample = self._base_pairs.get(frozenset((base_name(a), base_name(b))))
        if not sample:
            return None
        points, weights = sample.arrays()
        near, near_weights = in_division(self.divisions, points, weights, division)
        if len(near) == len(points):
            point, radius = sample.medoid()
        else:
            point, radius = medoid(near, near_weights)
        return point if radius <= SAME_PLACE_M else None

    def _pair(self, a: str, b: str, division: str | None) -> Hit | None:
        point = self._pairs.get(frozenset((a, b)))
        if point is not None:
            return self._snapped(point[0], point[1], Precision.INTERSECTION, "intersection")
        named = self._by_name(a, b, division)
        if named is not None:
            return self._snapped(named[0], named[1], Precision.INTERSECTION, "intersection-by-name")
        approach = self._nearest_approach(a, b, division)
        if approach is None or approach[0] > NEIGHBOURHOOD_GAP_M:
            return None
        gap, (lat, lon), (mid_lat, mid_lon) = approach
        if gap <= INTERSECTION_GAP_M:
            hit = self._snapped(lat, lon, Precision.INTERSECTION, "nearest-approach")
            return Hit(hit.lat, hit.lon, hit.precision, hit.method, gap)
        return Hit(mid_lat, mid_lon, Precision.NEIGHBOURHOOD, "nearest-approach", gap)

    def _nearest_approach(
        self, a: str, b: str, division: str | None
    ) -> tuple[float, tuple[float, float], tuple[float, float]] | None:
        """Kept while both streets' views stay the same objects (no learn touched them)."""
        view_a, view_b = self.streets.view(a, division), self.streets.view(b, division)
        kept = self._approaches.get((a, b, division))
        if kept is not None and kept[0] is view_a and kept[1] is view_b:
            return kept[2]
        approach = nearest_approach(view_a.points, view_b.points)
        if len(self._approaches) >= VIEW_CACHE_LIMIT:
            self._approaches.clear()
        self._approaches[(a, b, division)] = (view_a, view_b, approach)
        return approach

    def _street(self, name: str, division: str | None) -> Hit | None:
        view = self.streets.view(name, division)
        if len(view.points) == 0:
            return None
        if view.answer is None:
            (lat, lon), radius = medoid(view.points, view.weights)
            precision = (
                Precision.NEIGHBOURHOOD if radius <= COMPACT_STREET_M else Precision.DISTRICT
            )
            support = tuple((float(p[0]), float(p[1])) for p in view.points)
            view.answer = Hit(lat, lon, precision, "street", radius, support)
        return view.answer

    def knows_street(self, name: str) -> bool:
        with self._lock:
            return len(self.streets.view(name).points) > 0

    def street_names(self) -> list[str]:
        with self._lock:
            return self.streets.names()

    def __len__(self) -> int:
        return len(self._pairs)
