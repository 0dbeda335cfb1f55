"""Remote geocoders through geopy (Nominatim, ArcGIS, Pelias), cached and outage-tolerant.

An outage (timeout, refused connection, 5xx, rate limit) pauses the geocoder and callers
degrade to the gazetteer. A refusal that no wait will cure (401/403 credentials, a URL
answering 404, an unusable URL or setting) is a ``GeoConfigError``: it is raised on
every later call too, and stops the pipeline with its message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from geopy.exc import (
    ConfigurationError,
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderNotFound,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import ArcGIS, Nominatim, Pelias

from enrich.geo.cache import GeocodeCache
from enrich.geo.errors import GeocoderUnavailable, GeoConfigError
from enrich.geo.settings import GeoSettings
from schemas.geography import CITY_BOUNDS

# South-west and north-east corners around the City (lat, lon).
# The City's box with about 500 m to spare, as (south, west), (north, east).
_VIEW = CITY_BOUNDS.padded(0.005)
TORONTO_VIEWBOX = ((_VIEW.south, _VIEW.west), (_VIEW.north, _VIEW.east))
REMOTE_NAMES = ("nominatim", "arcgis", "pelias")
OUTAGE_PAUSE_S = 60.0
_REFUSALS = (
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    ConfigurationError,
    GeocoderNotFound,
)
_WRONG_URL_STATUS = frozenset({404, 405, 410})


def is_configuration_failure(exc: GeopyError) -> bool:
    """True for a refusal that waiting will not cure: bad credentials or a wrong URL."""
    if isinstance(exc, _REFUSALS):
        return True
    return getattr(exc.__cause__, "status_code", None) in _WRONG_URL_STATUS


@dataclass(frozen=True)
class RemoteAnswer:
    """A remote geocoder's answer (or a remembered 'not found')."""

    lat: float | None
    lon: float | None
    address: str | None = None
    house_level: bool = False


class RemoteGeocoder:
    """One geopy geocoder with its cache; an outage pauses it instead of slowing each call."""

    def __init__(
        self,
        name: str,
        geocode: Callable[[str], Any],
        cache: GeocodeCache | None,
        pause_s: float = OUTAGE_PAUSE_S,
    ) -> None:
        self.name = name
        self._geocode = geocode
        self.cache = cache
        self.pause_s = pause_s
        self._down_until = 0.0
        self._refused: str | None = None
        self._lock = threading.Lock()

    def geocode(self, query: str) -> RemoteAnswer:
        """Cached answer, else ask the service; GeocoderUnavailable on timeout or outage."""
        key = " ".join(query.upper().split())
        if self.cache is not None:
            stored = self.cache.get_geocode(self.name, key)
            if stored is not None:
                return RemoteAnswer(
                    stored.get("lat"),
                    stored.get("lon"),
                    stored.get("address"),
                    bool(stored.get("house_level")),
                )
        with self._lock:
            if self._refused is not None:
                raise GeoConfigError(self._refused)
            if time.monotonic() < self._down_until:
                raise GeocoderUnavailable(f"{self.name} paused after an outage")
        try:
            answer = _answer(self._geocode(f"{query}, Toronto, ON"))
        except GeopyError as exc:
            if is_configuration_failure(exc):
                message = (
                    f"geocoder {self.name} refused the request ({type(exc).__name__}: {exc}); "
                    f"check its URL and credentials in the geo settings"
                )
                with self._lock:
                    self._refused = message
                raise GeoConfigError(message) from exc
            with self._lock:
                self._down_until = time.monotonic() + self.pause_s
            raise GeocoderUnavailable(f"{self.name}: {exc.__class__.__name__}: {exc}") from exc
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            # An answer geopy cannot read (no name, a latitude that is not a number): the
            # service's fault, never the report's. No answer this time; the service is asked
            # again for the next query.
            raise GeocoderUnavailable(f"{self.name}: unreadable answer ({exc})") from exc
        if self.cache is not None:
            self.cache.put_geocode(
                self.name,
                key,
                {
                    "lat": answer.lat,
                    "lon": answer.lon,
                    "address": answer.address,
                    "house_level": answer.house_level,
                },
            )
        return answer


def _answer(found: Any) -> RemoteAnswer:
    if found is None:
        return RemoteAnswer(None, None)
    raw = getattr(found, "raw", {}) or {}
    kind = str(raw.get("addresstype") or raw.get("type") or raw.get("layer") or "").lower()
    house = kind in ("house", "building", "address", "pointaddress", "streetaddress") or bool(
        (raw.get("address") or {}).get("house_number")
        if isinstance(raw.get("address"), dict)
        else False
    )
    return RemoteAnswer(float(found.latitude), float(found.longitude), found.address, house)


def service_url(setting: str, value: str) -> tuple[str, str]:
    """``(scheme, domain-and-path)`` of a geocoder URL setting; GeoConfigError if unusable."""
    parsed = urlparse(value if "://" in value else f"https://{value}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise GeoConfigError(f"{setting} {value!r}: expected http(s)://host[:port][/path]")
    return parsed.scheme, (parsed.netloc + parsed.path).rstrip("/")


def build_remote(name: str, geo: GeoSettings, cache: GeocodeCache | None) -> RemoteGeocoder:
    """A configured remote geocoder by name; GeoConfigError for unknown or incomplete ones."""
    try:
        return _build_remote(name, geo, cache)
    except ConfigurationError as exc:
        raise GeoConfigError(f"geocoder {name!r}: {exc}") from exc


def _build_remote(name: str, geo: GeoSettings, cache: GeocodeCache | None) -> RemoteGeocoder:
    if name == "nominatim":
        kwargs: dict[str, Any] = {"user_agent": geo.nominatim_user_agent, "timeout": geo.timeout_s}
        if geo.nominatim_url:
            scheme, domain = service_url("geo.nominatim_url", geo.nominatim_url)
            kwargs.update(domain=domain, scheme=scheme)
        service = Nominatim(**kwargs)
        limited = RateLimiter(
            service.geocode, min_delay_seconds=1.0, max_retries=0, swallow_exceptions=False
        )

        def nominatim(query: str) -> Any:
            return limited(
                query, exactly_one=True, viewbox=TORONTO_VIEWBOX, bounded=True, country_codes="ca"
            )

        return RemoteGeocoder(name, nominatim, cache)
    if name == "arcgis":
        arcgis = ArcGIS(timeout=geo.arcgis_timeout_s)
        return RemoteGeocoder(name, lambda q: arcgis.geocode(q, exactly_one=True), cache)
    if name == "pelias":
        if not geo.pelias_url:
            raise GeoConfigError("geocoder 'pelias' needs geo.pelias_url")
        scheme, domain = service_url("geo.pelias_url", geo.pelias_url)
        pelias = Pelias(domain=domain, scheme=scheme, timeout=geo.timeout_s)
        rect = (TORONTO_VIEWBOX[0], TORONTO_VIEWBOX[1])
        return RemoteGeocoder(
            name, lambda q: pelias.geocode(q, exactly_one=True, boundary_rect=rect), cache
        )
    raise GeoConfigError(f"unknown geocoder {name!r}; use gazetteer, nominatim, arcgis or pelias")


def parse_chain(setting: str) -> list[str]:
    """``"nominatim,gazetteer"`` -> ``["nominatim", "gazetteer"]``, validated."""
    names = [n.strip().lower() for n in setting.split(",") if n.strip()]
    if not names:
        raise GeoConfigError("geo.geocoder is empty")
    for n in names:
        if n != "gazetteer" and n not in REMOTE_NAMES:
            raise GeoConfigError(f"unknown geocoder {n!r}")
    return names
