"""What the analysts' command and API share: records for a filter, and withheld places.

A withheld incident is placed at its neighbourhood's representative point (a point
inside the neighbourhood's boundary, from the City's boundaries), or nowhere when the
boundaries cannot be had: never at its own point.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator, Mapping

from shapely.geometry import shape

from ccrp.settings import Settings
from enrich.geo import load_boundaries_geojson
from sinks.errors import StoreInputError
from sinks.incident_query import IncidentFilter, incident_versions, query_incidents
from sinks.incident_view import IncidentDetail, IncidentRecord, incident_detail, incident_record
from sinks.store import Store

log = logging.getLogger(__name__)
ANALYST_NAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{0,100}$")


class NeighbourhoodPoints(Mapping[str, tuple[float, float]]):
    """Each neighbourhood code's representative (lat, lon), loaded on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._points: dict[str, tuple[float, float]] | None = None

    def _loaded(self) -> dict[str, tuple[float, float]]:
        if self._points is None:
            self._points = {}
            try:
                boundaries = load_boundaries_geojson(self.settings.geo, self.settings.data_dir)
                for feature in (boundaries or {}).get("features", []):
                    code = str(feature["properties"]["AREA_SHORT_CODE"])
                    point = shape(feature["geometry"]).representative_point()
                    self._points[code] = (point.y, point.x)
            except Exception as exc:  # withheld incidents then carry no point at all
                log.warning("neighbourhood boundaries unavailable: %s", exc)
        return self._points

    def __getitem__(self, code: str) -> tuple[float, float]:
        return self._loaded()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def select_records(
    store: Store, chosen: IncidentFilter, points: Mapping[str, tuple[float, float]], tz: str
) -> tuple[list[IncidentRecord], int]:
    """The records of the matching incidents (withholding applied) and how many match."""
    incidents, total = query_incidents(store, chosen)
    return [incident_record(i, points, tz=tz) for i in incidents], total


def select_detail(
    store: Store, incident_id: str, points: Mapping[str, tuple[float, float]], tz: str
) -> IncidentDetail | None:
    """One incident with every stored version, or None when it is unknown."""
    versions = incident_versions(store, incident_id)
    if not versions:
        latest = store.get_incident(incident_id)
        versions = [latest] if latest is not None else []
    return incident_detail(versions, points, tz) if versions else None


def register_analyst(store: Store, name: str) -> str:
    """Create an analyst of the read-only API and return the token (shown once)."""
    if not ANALYST_NAME.match(name):
        raise StoreInputError(f"analyst name {name!r}: use lowercase letters, digits, '.@_-'")
    token = secrets.token_urlsafe(32)
    store.add_analyst(name, token)
    return token
