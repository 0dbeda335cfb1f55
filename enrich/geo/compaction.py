"""Compact copies of the City's reference data for the package, and what compaction costs.

Neighbourhood boundaries are simplified as a *coverage*: edges shared by two
neighbourhoods are simplified once, so no gaps or overlaps open between them and a point
on a boundary street stays on the side it was. The effect is measured, not assumed: how
far any boundary moved (Hausdorff distance, in metres) and how many real points change
neighbourhood between the full and the compact boundaries.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from enrich.geo.boundaries import PACKAGED_FILES, data_folder, read_geojson
from enrich.geo.errors import BoundaryDataError
from enrich.geo.neighbourhoods import NeighbourhoodIndex

NEIGHBOURHOOD_FIELDS = (
    "AREA_SHORT_CODE",
    "AREA_NAME",
    "AREA_DESC",
    "CLASSIFICATION",
    "CLASSIFICATION_CODE",
)
INTERSECTION_FIELDS = ("MAIN_STREET", "SIDE1_STREET", "SIDE2_STREET", "NODE_ID")
# 1e-7 degrees is about 1 cm: rounding at 6 decimals (11 cm) already moved points that
# sit exactly on a boundary street across it.
BOUNDARY_DECIMALS = 7
POINT_DECIMALS = 6
_M_PER_DEG = 111_320.0
_LAT0 = 43.7  # the City's middle latitude: a local equirectangular metric frame


@dataclass(frozen=True)
class CompactionEffect:
    """What simplifying the boundaries changed, measured on real points."""

    points: int
    changed: int
    max_displacement_m: float
    vertices_before: int
    vertices_after: int


def _scale() -> np.ndarray:
    return np.array([_M_PER_DEG * math.cos(math.radians(_LAT0)), _M_PER_DEG])


def to_metres(geometry: Any) -> Any:
    """Lon/lat degrees to metres in a local frame (good to <0.5% across the City)."""
    return shapely.transform(geometry, lambda c: c * _scale())


def to_degrees(geometry: Any) -> Any:
    """The inverse of :func:`to_metres`."""
    return shapely.transform(geometry, lambda c: c / _scale())


def _rounded(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [_rounded(v, decimals) for v in value]
    return value


def _features(data: dict[str, Any]) -> list[dict[str, Any]]:
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise BoundaryDataError("not a GeoJSON FeatureCollection with features")
    return features


def compact_neighbourhoods(data: dict[str, Any], tolerance_m: float) -> dict[str, Any]:
    """The boundaries simplified as a coverage (tolerance in metres), the needed fields only."""
    features = _features(data)
    geometries = np.array([to_metres(shape(f["geometry"])) for f in features])
    simplified = shapely.coverage_simplify(geometries, tolerance_m) if tolerance_m else geometries
    compact = []
    for feature, geometry in zip(features, simplified, strict=True):
        props = feature.get("properties") or {}
        geojson = mapping(to_degrees(geometry))
        compact.append(
            {
                "type": "Feature",
                "properties": {k: props.get(k) for k in NEIGHBOURHOOD_FIELDS if k in props},
                "geometry": {
                    "type": geojson["type"],
                    "coordinates": _rounded(geojson["coordinates"], BOUNDARY_DECIMALS),
                },
            }
        )
    return {"type": "FeatureCollection", "features": compact}


def compact_intersections(data: dict[str, Any]) -> dict[str, Any]:
    """The gazetteer's street names and points only, rounded to about 10 cm."""
    compact = []
    for feature in _features(data):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        compact.append(
            {
                "type": "Feature",
                "properties": {k: props[k] for k in INTERSECTION_FIELDS if k in props},
                "geometry": {
                    "type": geometry.get("type"),
                    "coordinates": _rounded(geometry.get("coordinates"), POINT_DECIMALS),
                },
            }
        )
    return {"type": "FeatureCollection", "features": compact}


def write_gzip_geojson(data: dict[str, Any], path: Path) -> int:
    """Write compact JSON, gzip-compressed and byte-for-byte reproducible; returns its size."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(packed)
    return len(packed)


def compaction_effect(
    full: dict[str, Any], compact: dict[str, Any], points: list[tuple[float, float]]
) -> CompactionEffect:
    """How many ``(lat, lon)`` points change neighbourhood, and how far boundaries moved."""
    before = [shape(f["geometry"]) for f in _features(full)]
    after = [shape(f["geometry"]) for f in _features(compact)]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    old = NeighbourhoodIndex.from_geojson(full).lookup_many(lats, lons)
    new = NeighbourhoodIndex.from_geojson(compact).lookup_many(lats, lons)
    changed = sum(
        (a.code if a else None) != (b.code if b else None) for a, b in zip(old, new, strict=True)
    )
    moved = max(
        shapely.hausdorff_distance(to_metres(a), to_metres(b))
        for a, b in zip(before, after, strict=True)
    )
    return CompactionEffect(
        points=len(points),
        changed=changed,
        max_displacement_m=round(float(moved), 2),
        vertices_before=sum(int(shapely.get_num_coordinates(g)) for g in before),
        vertices_after=sum(int(shapely.get_num_coordinates(g)) for g in after),
    )


def tps_points(csv_paths: list[Path]) -> list[tuple[float, float]]:
    """``(lat, lon)`` of the TPS portal rows that have coordinates (``NSA`` rows are 0,0)."""
    found = []
    for path in csv_paths:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lat, lon = float(row["LAT_WGS84"]), float(row["LONG_WGS84"])
                if lat and lon:
                    found.append((lat, lon))
    return found


def build_package_data(
    source: Path, out: Path | None, tolerance_m: float, point_files: list[Path]
) -> dict[str, Any]:
    """Write the three packaged files from the City's downloads; return sizes and effects."""
    target = out or Path(str(data_folder()))
    points = tps_points(point_files)
    figures: dict[str, Any] = {"tolerance_m": tolerance_m, "points": len(points)}
    for scheme in ("158", "140"):
        full = read_geojson(source / f"neighbourhoods-{scheme}.geojson")
        compact = compact_neighbourhoods(full, tolerance_m)
        name = f"neighbourhoods-{scheme}"
        size = write_gzip_geojson(compact, target / PACKAGED_FILES[name])
        figures[name] = {"bytes": size, **asdict(compaction_effect(full, compact, points))}
    signals = read_geojson(source / "traffic-signal-intersections.geojson")
    size = write_gzip_geojson(
        compact_intersections(signals), target / PACKAGED_FILES["intersections"]
    )
    figures["intersections"] = {"bytes": size, "features": len(signals["features"])}
    return figures
