"""A self-contained SVG map of Toronto's neighbourhoods with incident markers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from schemas.geography import CITY_BOUNDS
from sinks.errors import DigestError

# Lon/lat extent of the City of Toronto, used when no boundaries are given.
# (west, south, east, north) of the City's boundary.
CITY_EXTENT = (CITY_BOUNDS.west, CITY_BOUNDS.south, CITY_BOUNDS.east, CITY_BOUNDS.north)
WIDTH = 960
# About 15 m: invisible at this scale, and keeps the HTML small.
SIMPLIFY_DEG = 0.00015
CLASS_FILL = {"NIA": "#f6d7c3", "Emerging": "#f9ecc0"}
DEFAULT_FILL = "#eef1f4"


@dataclass(frozen=True)
class Area:
    """One neighbourhood polygon for the map."""

    code: str
    name: str
    classification: str | None
    geometry: BaseGeometry


@dataclass(frozen=True)
class MapMarker:
    """One incident on the map; ``emphasised`` marks a CCRP activation."""

    lat: float
    lon: float
    colour: str
    label: str
    emphasised: bool = False


def _classification(props: Mapping[str, Any]) -> str | None:
    code = str(props.get("CLASSIFICATION_CODE") or props.get("classification") or "")
    if code:
        return {"NIA": "NIA", "EN": "Emerging", "Emerging": "Emerging"}.get(code)
    text = str(props.get("CLASSIFICATION") or "")
    if text.startswith("Not "):  # "Not an NIA or Emerging Neighbourhood"
        return None
    if "Improvement" in text:
        return "NIA"
    return "Emerging" if "Emerging" in text else None


def _geometry(value: Any) -> BaseGeometry:
    if isinstance(value, BaseGeometry):
        return value
    if isinstance(value, Mapping) and value.get("type") == "Feature":
        return _geometry(value.get("geometry"))
    try:
        return shape(value)
    except Exception as exc:  # shapely raises several types for malformed GeoJSON
        raise DigestError(f"not a boundary geometry: {str(value)[:80]}") from exc


def areas_from_boundaries(boundaries: Mapping[str, Any]) -> list[Area]:
    """Neighbourhood areas from a GeoJSON FeatureCollection or a ``{code: geometry}`` mapping."""
    if boundaries.get("type") == "FeatureCollection":
        areas = []
        for feature in boundaries.get("features") or []:
            props = feature.get("properties") or {}
            code = str(props.get("AREA_SHORT_CODE") or props.get("code") or "")
            name = str(props.get("AREA_NAME") or props.get("name") or code)
            areas.append(Area(code, name, _classification(props), _geometry(feature)))
        return areas
    return [Area(str(code), str(code), None, _geometry(geom)) for code, geom in boundaries.items()]


class Projection:
    """Equirectangular projection of a lon/lat frame onto the SVG canvas."""

    def __init__(self, bounds: tuple[float, float, float, float], width: int = WIDTH) -> None:
        min_x, min_y, max_x, max_y = bounds
        pad_x, pad_y = (max_x - min_x) * 0.02, (max_y - min_y) * 0.02
        self.min_x, self.max_y = min_x - pad_x, max_y + pad_y
        span_x, span_y = max_x - min_x + 2 * pad_x, max_y - min_y + 2 * pad_y
        # Shrink longitude by cos(latitude) so the City keeps its true shape.
        self.scale_y = width / (span_x * math.cos(math.radians((min_y + max_y) / 2)))
        self.scale_x = width / span_x
        self.width, self.height = width, round(span_y * self.scale_y)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.min_x) * self.scale_x, (self.max_y - lat) * self.scale_y

    def contains(self, lon: float, lat: float) -> bool:
        x, y = self.point(lon, lat)
        return 0 <= x <= self.width and 0 <= y <= self.height


def _ring_path(coords: Sequence[Sequence[float]], projection: Projection) -> str:
    points = [projection.point(c[0], c[1]) for c in coords]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


def _area_path(area: Area, projection: Projection) -> str:
    geom = area.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
    polygons = getattr(geom, "geoms", [geom])
    parts = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon":
            continue
        parts.append(_ring_path(polygon.exterior.coords, projection))
        parts.extend(_ring_path(ring.coords, projection) for ring in polygon.interiors)
    return "".join(parts)


def _marker_svg(marker: MapMarker, projection: Projection) -> str:
    x, y = projection.point(marker.lon, marker.lat)
    title = f"<title>{escape(marker.label)}</title>"
    if marker.emphasised:
        return (
            f'<g class="activation"><circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="none" '
            f'stroke="#111" stroke-width="2.5"/><circle cx="{x:.1f}" cy="{y:.1f}" r="7" '
            f'fill="{marker.colour}" stroke="#111" stroke-width="1">{title}</circle></g>'
        )
    return (
        f'<circle class="incident" cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{marker.colour}" '
        f'stroke="#fff" stroke-width="1" fill-opacity="0.9">{title}</circle>'
    )


def render_map(markers: Sequence[MapMarker], areas: Sequence[Area] | None) -> str:
    """An inline ``<svg>`` of the neighbourhoods (or a bare City frame) with the markers.

    Markers outside the frame (out-of-area incidents) are left off; the caption says how many.
    """
    if areas:
        min_x = min(a.geometry.bounds[0] for a in areas)
        min_y = min(a.geometry.bounds[1] for a in areas)
        max_x = max(a.geometry.bounds[2] for a in areas)
        max_y = max(a.geometry.bounds[3] for a in areas)
        projection = Projection((min_x, min_y, max_x, max_y))
    else:
        projection = Projection(CITY_EXTENT)
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="digest-map" role="img" '
        f'viewBox="0 0 {projection.width} {projection.height}" '
        f'aria-label="Map of incidents in the City of Toronto">'
    ]
    if areas:
        body.append('<g class="neighbourhoods" stroke="#9aa5b1" stroke-width="0.6">')
        for area in areas:
            fill = CLASS_FILL.get(area.classification or "", DEFAULT_FILL)
            body.append(
                f'<path d="{_area_path(area, projection)}" fill="{fill}" fill-rule="evenodd">'
                f"<title>{escape(area.name)} ({escape(area.code)})</title></path>"
            )
        body.append("</g>")
    else:
        body.append(_graticule(projection))
    shown = [m for m in markers if projection.contains(m.lon, m.lat)]
    # Activations last, so they are drawn on top.
    for marker in sorted(shown, key=lambda m: m.emphasised):
        body.append(_marker_svg(marker, projection))
    body.append("</svg>")
    return "".join(body)


def _graticule(projection: Projection) -> str:
    lines = ['<g class="graticule" stroke="#c8d0d8" stroke-width="0.8" font-size="11">']
    lines.append(
        f'<rect x="0" y="0" width="{projection.width}" height="{projection.height}" '
        'fill="#f7f9fb" stroke="#9aa5b1"/>'
    )
    # Gridlines on round tenths of a degree inside the City extent.
    for tenth in range(math.ceil(CITY_EXTENT[0] * 10), math.floor(CITY_EXTENT[2] * 10) + 1):
        x, _ = projection.point(tenth / 10, CITY_EXTENT[1])
        lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{projection.height}"/>')
        lines.append(f'<text x="{x + 3:.1f}" y="{projection.height - 4}">{tenth / 10:.1f}</text>')
    for tenth in range(math.ceil(CITY_EXTENT[1] * 10), math.floor(CITY_EXTENT[3] * 10) + 1):
        _, y = projection.point(CITY_EXTENT[0], tenth / 10)
        lines.append(f'<line x1="0" y1="{y:.1f}" x2="{projection.width}" y2="{y:.1f}"/>')
        lines.append(f'<text x="3" y="{y - 3:.1f}">{tenth / 10:.1f}</text>')
    lines.append("</g>")
    return "".join(lines)
