"""Point-in-polygon over the City's neighbourhoods (158, or the historical 140)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from enrich.geo.cellgrid import CellGrid
from enrich.geo.errors import BoundaryDataError
from schemas import Neighbourhood

# Points this far outside every polygon still count (boundary lines, TPS offsets to the
# nearest intersection, which can sit on the far side of a boundary street).
DEFAULT_TOLERANCE_M = 50.0
_M_PER_DEG_LAT = 111_320.0
_CLASSIFICATIONS = {"NIA": "NIA", "EN": "Emerging", "NA": "neither"}


def _classification(props: dict[str, Any]) -> str | None:
    code = props.get("CLASSIFICATION_CODE")
    if code:
        return _CLASSIFICATIONS.get(str(code), str(code))
    text = str(props.get("CLASSIFICATION") or "")
    if "Improvement" in text:
        return "NIA"
    if "Emerging" in text:
        return "Emerging"
    return "neither" if text else None


def _code(value: Any) -> str:
    text = str(value).strip()
    return text.zfill(3) if text.isdigit() else text


def _neighbourhood(props: dict[str, Any], scheme: str) -> Neighbourhood:
    if "AREA_SHORT_CODE" not in props or "AREA_NAME" not in props:
        raise BoundaryDataError("neighbourhood feature lacks AREA_SHORT_CODE/AREA_NAME")
    name = re.sub(r"\s*\(\d+\)\s*$", "", str(props["AREA_NAME"])).strip()
    return Neighbourhood(
        code=_code(props["AREA_SHORT_CODE"]),
        name=name,
        classification=_classification(props),
        scheme=scheme,
    )


class NeighbourhoodIndex:
    """Neighbourhood polygons in an STRtree; prepared geometries make lookups cheap.

    Thread-safe for lookups: nothing is mutated after construction.
    """

    def __init__(
        self,
        items: list[tuple[Neighbourhood, Any]],
        tolerance_m: float = DEFAULT_TOLERANCE_M,
    ) -> None:
        if not items:
            raise BoundaryDataError("no neighbourhood polygons")
        self.neighbourhoods = [n for n, _ in items]
        self.polygons = np.array([g for _, g in items], dtype=object)
        for polygon in self.polygons:
            shapely.prepare(polygon)
        self.tree = shapely.STRtree(self.polygons)
        self.tolerance_m = tolerance_m
        # The City grown by the tolerance (generously, in degrees): a cheap first test that
        # lets points far outside skip the nearest-polygon search.
        tolerance_deg = tolerance_m / (_M_PER_DEG_LAT * 0.7)
        self.city_band = shapely.union_all(self.polygons).buffer(tolerance_deg)
        shapely.prepare(self.city_band)
        self.by_name = {n.name.lower(): i for i, n in enumerate(self.neighbourhoods)}
        self.grid = CellGrid(self.polygons, self.tree, pad=tolerance_deg)
        self._by_owner = np.array([*self.neighbourhoods, None], dtype=object)

    @classmethod
    def from_geojson(
        cls, source: dict[str, Any] | Path | str, scheme: str = "158"
    ) -> NeighbourhoodIndex:
        """Build from a GeoJSON FeatureCollection (a dict, or a path to one)."""
        if not isinstance(source, dict):
            try:
                source = json.loads(Path(source).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise BoundaryDataError(f"cannot read boundaries {source}: {exc}") from exc
        features = source.get("features") if isinstance(source, dict) else None
        if not isinstance(features, list):
            raise BoundaryDataError("boundaries are not a GeoJSON FeatureCollection")
        items = []
        for feature in features:
            try:
                geometry = shape(feature["geometry"])
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise BoundaryDataError(f"bad neighbourhood geometry: {exc}") from exc
            items.append((_neighbourhood(feature.get("properties") or {}, scheme), geometry))
        return cls(items)

    def lookup(self, lat: float, lon: float) -> Neighbourhood | None:
        """The neighbourhood containing the point, or None outside the City (and for 0,0)."""
        if not _plausible(lat, lon):
            return None
        key = self.grid.key(lat, lon)
        if key is None:
            return None
        whole = self.grid.whole.get(key)
        if whole is not None:
            return self.neighbourhoods[whole]
        for i in self.grid.touching.get(key, ()):
            if shapely.contains_xy(self.polygons[i], lon, lat):
                return self.neighbourhoods[i]
        return self._near_boundary(lat, lon)

    def _near_boundary(self, lat: float, lon: float) -> Neighbourhood | None:
        if self.tolerance_m <= 0 or not shapely.contains_xy(self.city_band, lon, lat):
            return None
        point = shapely.Point(lon, lat)
        max_deg = self.tolerance_m / (_M_PER_DEG_LAT * math.cos(math.radians(lat)))
        found = self.tree.query_nearest(point, max_distance=max_deg)
        if len(found) == 0:
            return None
        nearest = shapely.shortest_line(self.polygons[found[0]], point)
        (x0, y0), (x1, y1) = shapely.get_coordinates(nearest)
        if distance_m(y0, x0, y1, x1) <= self.tolerance_m:
            return self.neighbourhoods[found[0]]
        return None

    def lookup_many(self, lats: Any, lons: Any) -> list[Neighbourhood | None]:
        """Vectorised lookup: whole grid cells first, then one STRtree query for the rest
        and prepared contains per candidate polygon."""
        lats = np.asarray(lats, dtype=float)
        lons = np.asarray(lons, dtype=float)
        ok = np.isfinite(lats) & np.isfinite(lons) & ~((lats == 0) & (lons == 0))
        owner = np.where(ok, self.grid.whole_owners(lats, lons), -1)
        idx = np.flatnonzero(ok & (owner < 0))
        point_i, tree_i = self.tree.query(shapely.points(lons[idx], lats[idx]))
        for t in np.unique(tree_i):
            sel = idx[point_i[tree_i == t]]
            sel = sel[owner[sel] < 0]
            owner[sel[shapely.contains_xy(self.polygons[t], lons[sel], lats[sel])]] = t
        # The last slot is None, so an owner of -1 reads as "no neighbourhood".
        result: list[Neighbourhood | None] = list(self._by_owner[owner])
        misses = idx[owner[idx] < 0]
        if len(misses) and self.tolerance_m > 0:
            near = misses[shapely.contains_xy(self.city_band, lons[misses], lats[misses])]
            for q, t in zip(
                near, self._nearest_within_tolerance(lats[near], lons[near]), strict=True
            ):
                result[q] = self.neighbourhoods[t] if t >= 0 else None
        return result

    def _nearest_within_tolerance(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """For points outside every polygon: the nearest one within the tolerance, or -1."""
        found = np.full(len(lats), -1, dtype=np.int64)
        if len(lats) == 0:
            return found
        points = shapely.points(lons, lats)
        max_deg = self.tolerance_m / (_M_PER_DEG_LAT * 0.7)
        point_i, tree_i = self.tree.query_nearest(points, max_distance=max_deg, all_matches=False)
        lines = shapely.shortest_line(self.polygons[tree_i], points[point_i])
        ends = shapely.get_coordinates(lines).reshape(-1, 2, 2)
        dy = (ends[:, 0, 1] - ends[:, 1, 1]) * _M_PER_DEG_LAT
        dx = (ends[:, 0, 0] - ends[:, 1, 0]) * _M_PER_DEG_LAT * np.cos(np.radians(ends[:, 1, 1]))
        close = np.hypot(dx, dy) <= self.tolerance_m
        found[point_i[close]] = tree_i[close]
        return found

    def candidates(self, lat: float, lon: float, within_m: float = 50.0) -> list[Neighbourhood]:
        """Every neighbourhood within ``within_m`` of the point, containing one first.

        TPS offsets points to the nearest intersection, often on a boundary street, so an
        incident there may concern the networks on both sides.
        """
        point = shapely.Point(lon, lat)
        max_deg = within_m / (_M_PER_DEG_LAT * 0.7)
        found = []
        for i in self.tree.query(point, predicate="dwithin", distance=max_deg):
            (x0, y0), (x1, y1) = shapely.get_coordinates(
                shapely.shortest_line(self.polygons[i], point)
            )
            if distance_m(y0, x0, y1, x1) <= within_m:
                found.append(self.neighbourhoods[i])
        inside = self.lookup(lat, lon)
        return sorted(found, key=lambda n: n != inside)

    def in_city(self, lat: float, lon: float) -> bool:
        """Inside the City limits (the union of all neighbourhoods, with the tolerance)."""
        return self.lookup(lat, lon) is not None

    def representative_point(self, name: str) -> tuple[float, float] | None:
        """A point inside the named neighbourhood, as (lat, lon)."""
        i = self.by_name.get(name.lower())
        if i is None:
            return None
        point = self.polygons[i].representative_point()
        return point.y, point.x

    def by_official_name(self, name: str) -> Neighbourhood | None:
        i = self.by_name.get(name.lower())
        return None if i is None else self.neighbourhoods[i]


def _plausible(lat: float, lon: float) -> bool:
    return (
        math.isfinite(lat)
        and math.isfinite(lon)
        and not (lat == 0 and lon == 0)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    )


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, a)))
