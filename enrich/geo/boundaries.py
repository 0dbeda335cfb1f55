"""Boundary and intersection GeoJSON: a configured file, a cached copy, the City's CKAN, or
the copy packaged with the project (so a machine without a network still has neighbourhoods).

``enrich/geo/data/`` holds compact, gzip-compressed copies of the 158- and
140-neighbourhood boundaries and the signalised-intersection gazetteer (City of Toronto
Open Data, Open Government Licence – Toronto; see ``data/NOTICE.md``); ``ccrp geo
package-data`` rebuilds them and prints what the simplification changes.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections.abc import Callable
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx

from enrich.geo.errors import BoundaryDataError
from enrich.geo.settings import GeoSettings

log = logging.getLogger(__name__)

INTERSECTIONS_PACKAGE = "intersection-file-city-of-toronto"
_MAX_BYTES = 200_000_000
ATTRIBUTION = "Contains information licensed under the Open Government Licence – Toronto"
PACKAGED_FILES = {
    "neighbourhoods-158": "neighbourhoods-158.geojson.gz",
    "neighbourhoods-140": "neighbourhoods-140.geojson.gz",
    "intersections": "traffic-signal-intersections.geojson.gz",
}


def data_folder() -> Traversable:
    """The folder of the packaged reference data."""
    return resources.files("enrich.geo") / "data"


def packaged_file(name: str) -> Traversable:
    """The packaged file of a dataset (``neighbourhoods-158``, ``-140``, ``intersections``)."""
    if name not in PACKAGED_FILES:
        raise BoundaryDataError(f"no packaged dataset {name!r}")
    return data_folder() / PACKAGED_FILES[name]


def read_packaged(name: str) -> dict[str, Any] | None:
    """The packaged copy as a FeatureCollection, or None when this install has none."""
    path = packaged_file(name)
    if not path.is_file():
        return None
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError, EOFError) as exc:
        raise BoundaryDataError(f"the packaged {name} copy is unreadable: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryDataError(f"the packaged {name} copy is not a FeatureCollection")
    return data


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
    # The package metadata must answer quickly; only the download itself may take longer.
    download = httpx.Timeout(timeout_s, read=max(timeout_s, 60.0))
    try:
        with httpx.Client(timeout=timeout_s, follow_redirects=True) as client:
            meta = client.get(package_url)
            meta.raise_for_status()
            resources = meta.json().get("result", {}).get("resources", [])
            response = client.get(_pick_resource(resources, prefer), timeout=download)
            response.raise_for_status()
            if len(response.content) > _MAX_BYTES:
                raise BoundaryDataError("GeoJSON resource is larger than the limit")
            data = response.json()
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        raise BoundaryDataError(f"cannot fetch {package_url}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryDataError(f"{package_url} did not give a FeatureCollection")
    return data


def _cache_is_fresh(cached: Path, max_age_days: float) -> bool:
    age_s = time.time() - cached.stat().st_mtime
    return age_s <= max_age_days * 86_400


def _write_cache(cached: Path, data: dict[str, Any]) -> None:
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(cached)
    except OSError as exc:  # a read-only data folder still gets today's copy
        log.warning("cannot cache %s: %s", cached, exc)


def _read_cached(cached: Path | None) -> dict[str, Any] | None:
    if cached is None or not cached.exists():
        return None
    try:
        return read_geojson(cached)
    except BoundaryDataError as exc:
        log.warning("ignoring unreadable cached copy: %s", exc)
        return None


def _load(
    dataset: str,
    local: str | None,
    cached: Path | None,
    package_url: str,
    prefer: Callable[[str], bool],
    geo: GeoSettings,
) -> dict[str, Any] | None:
    """The configured file, else a fresh cached copy, else a CKAN refresh, else a stale
    cached copy, else the packaged copy; logs which one it used."""
    if local:
        log.info("%s: the configured file %s", dataset, local)
        return read_geojson(local)
    if cached is not None and cached.exists() and _cache_is_fresh(cached, geo.cache_max_age_days):
        data = _read_cached(cached)
        if data is not None:
            log.info("%s: the cached copy %s", dataset, cached)
            return data
    try:
        data = fetch_ckan_geojson(package_url, prefer, geo.timeout_s)
    except BoundaryDataError as exc:
        why = f"no refresh from the City's CKAN: {exc}"
    else:
        log.info("%s: refreshed from the City's CKAN", dataset)
        if cached is not None:
            _write_cache(cached, data)
        return data
    data = _read_cached(cached)
    if data is not None:
        log.warning("%s: the older cached copy %s (%s)", dataset, cached, why)
        return data
    data = read_packaged(dataset) if geo.packaged else None
    if data is not None:
        log.warning("%s: the copy packaged with the project (%s)", dataset, why)
        return data
    log.warning("%s: no copy; continuing with reduced location precision (%s)", dataset, why)
    return None


def load_boundaries_geojson(
    geo: GeoSettings, data_dir: Path | None, scheme: str = "158"
) -> dict[str, Any] | None:
    """Neighbourhood boundaries: the configured file, else a fresh cached copy, else a
    refresh from the City's CKAN, else an older cached copy, else the packaged copy.

    Returns None (after a logged warning) when no copy can be had; a configured file that
    cannot be read raises BoundaryDataError, since that is a configuration mistake.
    """
    local = geo.neighbourhoods_158 if scheme == "158" else geo.neighbourhoods_140
    cached = data_dir / "geo" / f"neighbourhoods-{scheme}.geojson" if data_dir else None

    def prefer(name: str) -> bool:
        historical = "140" in name or "historical" in name.lower()
        return historical == (scheme == "140")

    return _load(f"neighbourhoods-{scheme}", local, cached, geo.boundaries_url, prefer, geo)


def load_intersections_geojson(geo: GeoSettings, data_dir: Path | None) -> dict[str, Any] | None:
    """The intersection gazetteer: configured path, fresh cached copy, the Centreline package
    from CKAN, an older cached copy, or the packaged signalised intersections."""
    cached = data_dir / "geo" / "intersections.geojson" if data_dir else None
    url = _package_url(geo.boundaries_url, INTERSECTIONS_PACKAGE)
    return _load("intersections", geo.intersections, cached, url, lambda n: "4326" in n, geo)
