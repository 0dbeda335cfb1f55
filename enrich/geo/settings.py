"""The geocoder's settings section (composed into the application settings by ``ccrp``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

CKAN_NEIGHBOURHOODS = (
    "https://ckan0.cf.opendata.inter.prod-toronto.ca/api/3/action/package_show?id=neighbourhoods"
)


class GeoSettings(BaseModel):
    """Geocoding: which geocoder, where boundaries and gazetteers come from."""

    model_config = ConfigDict(frozen=True)

    geocoder: str = "gazetteer"
    nominatim_user_agent: str = "ccrp-intake/0.1 (community crisis response incident intake)"
    nominatim_url: str | None = None
    pelias_url: str | None = None
    arcgis_timeout_s: float = 5.0
    timeout_s: float = 5.0  # for a CKAN refresh: connect, and the package metadata
    neighbourhoods_158: str | None = None
    neighbourhoods_140: str | None = None
    intersections: str | None = None
    boundaries_url: str = CKAN_NEIGHBOURHOODS
    # A cached CKAN copy younger than this is used without asking the City again.
    cache_max_age_days: float = 30.0
    # Fall back to the copies packaged with the project when nothing else can be had.
    packaged: bool = True
