"""Geocoding to City of Toronto neighbourhoods: text extraction, geocoders, point-in-polygon."""

from enrich.geo.boundaries import load_boundaries_geojson, load_intersections_geojson
from enrich.geo.cache import GeocodeCache, MemoryGeocodeCache
from enrich.geo.errors import (
    BoundaryDataError,
    GeocoderUnavailable,
    GeoConfigError,
    GeoError,
)
from enrich.geo.extract import extract_mentions, neighbourhood_aliases, parse_location_field
from enrich.geo.gazetteer import Gazetteer
from enrich.geo.locator import Locator
from enrich.geo.mentions import Mention, MentionKind
from enrich.geo.neighbourhoods import NeighbourhoodIndex, distance_m
from enrich.geo.streets import normalise_street

__all__ = [
    "BoundaryDataError",
    "Gazetteer",
    "GeoConfigError",
    "GeoError",
    "GeocodeCache",
    "GeocoderUnavailable",
    "Locator",
    "MemoryGeocodeCache",
    "Mention",
    "MentionKind",
    "NeighbourhoodIndex",
    "distance_m",
    "extract_mentions",
    "load_boundaries_geojson",
    "load_intersections_geojson",
    "neighbourhood_aliases",
    "normalise_street",
    "parse_location_field",
]
