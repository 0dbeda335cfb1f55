"""Boundary and intersection GeoJSON: a configured file, a cached copy, or the City's CKAN."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx

from enrich.geo.errors import BoundaryDataError
from enrich.geo.settings import GeoSettings

log = logging.getLogger(__name__)

INTERSECTIONS_PACKAGE = "intersection-file-city-of-toronto"
_MAX_BYTES = 200_000_000


def read_geojson(path: Path | str) -> dict[str, Any]:
    """A GeoJSON FeatureCollection from a file, or BoundaryDataError."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BoundaryDataError(f"cannot read GeoJSON {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryDataError(f"{path} is not a GeoJSON FeatureCollection")
    return data


def _package_url(boundaries_url: str, package_id: str) -> str:
    """The CKAN ``package_show`` URL of another package on the same portal."""
    parts = urlsplit(boundaries_url)
    query = parse_qs(parts.query)
    query["id"] = [package_id]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def _is_geojson(resource: dict[str, Any]) -> bool:
    fmt = str(resource.get("format") or "").lower()
    url = str(resource.get("url") or "").lower()
    return fmt == "geojson" or url.endswith(".geojson")


def _pick_resource(resources: list[dict[str, Any]], prefer: Callable[[str], bool]) -> str:
    candidates = [r for r in resources if _is_geojson(r)]
    if not candidates:
        raise BoundaryDataError("the CKAN package has no GeoJSON resource")
    # WGS84 first (the portal also offers projected copies), then the caller's preference.
    candidates.sort(
        key=lambda r: (not prefer(str(r.get("name", ""))), "4326" not in str(r.get("name", "")))
    )
    return str(candidates[0]["url"])


def fetch_ckan_geojson(
    package_url: str, prefer: Callable[[str], bool], timeout_s: float
) -> dict[str, Any]:
    """Find a package's GeoJSON resource through ``package_show`` and download it."""
    timeout = httpx.Timeout(timeout_s, read=max(timeout_s, 60.0))
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True) as client:
            meta = client.get(package_url)
            meta.raise_for_status()
            resources = meta.json().get("result", {}).get("resources", [])
            response = client.get(_pick_resource(resources, prefer))
            response.raise_for_status()
            if len(response.content) > _MAX_BYTES:
                raise BoundaryDataError("GeoJSON resource is larger than the limit")
            data = response.json()
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        raise BoundaryDataError(f"cannot fetch {package_url}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryDataError(f"{package_url} did not give a FeatureCollection")
    return data


def _load(
    local: str | None,
    cached: Path | None,
    package_url: str,
    prefer: Callable[[str], bool],
    timeout_s: float,
) -> dict[str, Any] | None:
    if local:
        return read_geojson(local)
    if cached is not None and cached.exists():
        try:
            return read_geojson(cached)
        except BoundaryDataError as exc:
            log.warning("ignoring unreadable cached copy: %s", exc)
    try:
        data = fetch_ckan_geojson(package_url, prefer, timeout_s)
    except BoundaryDataError as exc:
        log.warning("%s; continuing with reduced location precision", exc)
        return None
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(cached)
    return data


def load_boundaries_geojson(
    geo: GeoSettings, data_dir: Path | None, scheme: str = "158"
) -> dict[str, Any] | None:
    """Neighbourhood boundaries: the configured file, else a cached copy, else the City's CKAN.

    Returns None (after a logged warning) when no copy can be had; a configured file that
    cannot be read raises BoundaryDataError, since that is a configuration mistake.
    """
    local = geo.neighbourhoods_158 if scheme == "158" else geo.neighbourhoods_140
    cached = data_dir / "geo" / f"neighbourhoods-{scheme}.geojson" if data_dir else None

    def prefer(name: str) -> bool:
        historical = "140" in name or "historical" in name.lower()
        return historical == (scheme == "140")

    return _load(local, cached, geo.boundaries_url, prefer, geo.timeout_s)


def load_intersections_geojson(geo: GeoSettings, data_dir: Path | None) -> dict[str, Any] | None:
    """The intersection gazetteer file: configured path, cached copy, or the Centreline package."""
    cached = data_dir / "geo" / "intersections.geojson" if data_dir else None
    url = _package_url(geo.boundaries_url, INTERSECTIONS_PACKAGE)
    return _load(geo.intersections, cached, url, lambda name: "4326" in name, geo.timeout_s)
