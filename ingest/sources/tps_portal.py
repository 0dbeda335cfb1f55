"""TPS Public Safety Data Portal layers: shootings & firearm discharges, homicides, MCI.

Each layer has its own fields; ``LAYERS`` maps them. Dates are epoch ms at local midnight,
``OCC_HOUR`` (when present) gives the hour. ``NSA`` rows (not specified area) carry 0,0
coordinates, kept as given: the geocoder decides they are out of area.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from ingest.errors import SourceConfigError
from ingest.normalise import from_epoch_ms
from ingest.sources.arcgis import ArcGISCollector, Feature, feature_point
from schemas import RawReport, SourceKind


@dataclass(frozen=True)
class LayerFields:
    """How one portal layer's attributes map onto a report."""

    category: str
    noun: str
    time_field: str = "OCC_DATE"
    detail_fields: tuple[str, ...] = ()


LAYERS: dict[str, LayerFields] = {
    "shootings": LayerFields("EVENT_TYPE", "Firearm incident", detail_fields=("DEATH", "INJURIES")),
    "homicides": LayerFields("HOMICIDE_TYPE", "Homicide"),
    "mci": LayerFields(
        "MCI_CATEGORY",
        "Major crime",
        time_field="REPORT_DATE",
        detail_fields=("OFFENCE", "PREMISES_TYPE", "LOCATION_TYPE"),
    ),
}


def occurred_time(raw: dict[str, Any], zone: str) -> datetime | None:
    """``OCC_DATE`` (local midnight) plus ``OCC_HOUR`` when the layer gives it."""
    day = from_epoch_ms(raw.get("OCC_DATE"))
    if day is None:
        return None
    hour = raw.get("OCC_HOUR")
    if not isinstance(hour, int | float) or not 0 <= int(hour) <= 23:
        return day
    local_day = day.astimezone(ZoneInfo(zone)).date()
    local = datetime.combine(local_day, time(int(hour)), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


class TPSPortalCollector(ArcGISCollector):
    """A portal layer (``kind = "tps_portal"``, option ``layer``: shootings, homicides or mci)."""

    kind = "tps_portal"
    source_kind = SourceKind.POLICE
    default_lookback = "365d"
    default_overlap = "120d"  # the portal is republished with back-dated rows
    default_group_by = "EVENT_UNIQUE_ID"

    @property
    def layer(self) -> LayerFields:
        name = self.config.option("layer")
        if name not in LAYERS:
            raise SourceConfigError(
                f"{self.source}: option layer must be one of {sorted(LAYERS)}, got {name!r}"
            )
        return LAYERS[name]

    @property
    def default_time_field(self) -> str:  # type: ignore[override]
        return self.layer.time_field

    def feature_report(self, feature: Feature, raw: dict[str, Any], rows: int) -> RawReport | None:
        layer = self.layer
        event_id = raw.get("EVENT_UNIQUE_ID") or raw.get("OBJECTID")
        category = str(raw.get(layer.category) or layer.noun)
        hood = raw.get("NEIGHBOURHOOD_158")
        area = None if hood in (None, "", "NSA") else str(hood)
        lat, lon = feature_point(feature, "LAT_WGS84", "LONG_WGS84")
        details = [f"{layer.noun}: {category}"]
        if rows > 1:
            details.append(f"{rows} records for this event")
        for name in layer.detail_fields:
            if raw.get(name) not in (None, ""):
                details.append(f"{name.lower().replace('_', ' ')} {raw[name]}")
        if raw.get("DIVISION"):
            details.append(f"division {raw['DIVISION']}")
        reported = from_epoch_ms(raw.get("REPORT_DATE"))
        return self.make_report(
            item_id=str(event_id),
            title=f"{category} in {area}" if area else category,
            body=", ".join(details) + ".",
            occurred_at=occurred_time(raw, self.timezone),
            published_at=reported,
            location_text=area,
            lat=lat,
            lon=lon,
            source_category=category,
            raw=raw,
        )
