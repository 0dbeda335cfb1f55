"""Toronto Police calls for service: the public ArcGIS layer behind the Calls for Service map.

Fields of the live layer: ``OBJECTID, OCCURRENCE_TIME`` (epoch ms), ``DIVISION, LATITUDE,
LONGITUDE, CALL_TYPE_CODE`` (``SHO``, ``STA``, ``SOUGU``...), ``CALL_TYPE, CROSS_STREETS``
(``"SHERBOURNE ST - DUNDAS ST E"``). Locations are offset to the nearest intersection.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ingest.normalise import from_epoch_ms
from ingest.sources.arcgis import ArcGISCollector, Feature, feature_point
from schemas import RawReport, SourceKind


def clean_cross_streets(value: Any) -> str | None:
    """``"ALEXANDRA PARK TRL - "`` -> ``"ALEXANDRA PARK TRL"``; blank -> None."""
    if not value:
        return None
    parts = [part.strip() for part in str(value).split(" - ")]
    joined = " - ".join(part for part in parts if part)
    return joined.strip(" -") or None


def call_item_id(attrs: dict[str, Any]) -> str:
    """A stable id for a call: the layer's OBJECTIDs are reassigned when it is reloaded."""
    key = "|".join(
        str(attrs.get(field) or "")
        for field in ("CALL_TYPE_CODE", "OCCURRENCE_TIME", "CROSS_STREETS", "DIVISION")
    )
    return "tps_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class TPSCallsCollector(ArcGISCollector):
    """Police calls for service (``kind = "tps_calls"``).

    Option ``id_field``: use this attribute as the item id when the layer carries one.
    """

    kind = "tps_calls"
    source_kind = SourceKind.POLICE
    default_time_field = "OCCURRENCE_TIME"
    default_lookback = "36h"
    default_overlap = "2h"

    def feature_report(self, feature: Feature, raw: dict[str, Any], rows: int) -> RawReport | None:
        id_field = self.config.option("id_field")
        item_id = str(raw[id_field]) if id_field and raw.get(id_field) else call_item_id(raw)
        call_type = str(raw.get("CALL_TYPE") or raw.get("CALL_TYPE_CODE") or "Call for service")
        code = raw.get("CALL_TYPE_CODE")
        location = clean_cross_streets(raw.get("CROSS_STREETS"))
        occurred = from_epoch_ms(raw.get("OCCURRENCE_TIME"))
        lat, lon = feature_point(feature, "LATITUDE", "LONGITUDE")
        title = f"{call_type} at {location}" if location else call_type
        division = raw.get("DIVISION")
        details = [f"Police call for service: {call_type}" + (f" ({code})" if code else "")]
        if location:
            details.append(f"location {location}")
        if division:
            details.append(f"division {division}")
        return self.make_report(
            item_id=item_id,
            title=title,
            body=", ".join(details) + ".",
            occurred_at=occurred,
            location_text=location,
            lat=lat,
            lon=lon,
            source_category=code,
            raw=raw,
        )
