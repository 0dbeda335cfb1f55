"""The one error hierarchy of the geocoding package."""

from __future__ import annotations


class GeoError(Exception):
    """Base of every error raised by ``enrich.geo``."""


class GeoConfigError(GeoError):
    """Settings name a geocoder or file that cannot be used."""


class BoundaryDataError(GeoError):
    """A boundary or gazetteer file is missing, unreadable or not the expected GeoJSON."""


class GeocoderUnavailable(GeoError):
    """A remote geocoder timed out, refused or answered nonsense; callers degrade precision."""
