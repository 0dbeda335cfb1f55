"""Classification of structured reports: police calls, TPS portal rows and fire dispatches."""

from __future__ import annotations

import re
from datetime import UTC

from classify.codes import CodeMapping, fire_event, police_call, portal_category
from schemas import Attributes, Classification, RawReport, SourceKind
from schemas.geography import CITY as TORONTO
from schemas.geography import point_in_city_bounds as point_in_city

_CALL_CODE = re.compile(r"^[A-Z]{2,6}$")
_WEAPON_BY_TYPE = {"shooting": "firearm", "shots_fired": "firearm", "stabbing": "knife"}


def is_structured(report: RawReport) -> bool:
    """True for reports whose own category says what they are (no language model needed)."""
    category = (report.source_category or "").strip()
    if not category:
        return False
    if report.source_kind is SourceKind.POLICE:
        return (
            report.source == "tps-calls"
            or bool(_CALL_CODE.match(category))
            or (portal_category(category) is not None)
        )
    return report.source == "tfs"


def _area(report: RawReport) -> tuple[bool | None, str | None]:
    # TPS and TFS serve only the City, so their reports are in area unless the point says not.
    inside = point_in_city(report.lat, report.lon)
    if inside is False:
        return False, None
    return True, TORONTO


def _homicide_means(report: RawReport, mapping: CodeMapping) -> CodeMapping:
    means = str(report.raw.get("HOMICIDE_TYPE") or report.raw.get("homicide_type") or "")
    extra = {"shooting": "shooting", "stabbing": "stabbing"}.get(means.strip().lower())
    if "homicide" in mapping.types and extra and extra not in mapping.types:
        return CodeMapping((*mapping.types, extra), f"{mapping.description} ({means})")
    return mapping


def _lookup(report: RawReport) -> tuple[CodeMapping | None, str, list[str]]:
    category = (report.source_category or "").strip()
    if report.source_kind is SourceKind.POLICE:
        if report.source == "tps-calls" or _CALL_CODE.match(category):
            mapping = police_call(category)
            if mapping is None:
                return None, "police-code", [f"unknown call code {category}"]
            return mapping, "police-code", []
        portal = portal_category(category)
        if portal is None:
            return None, "police-category", [f"unknown police category {category}"]
        return _homicide_means(report, portal), "police-category", []
    mapping, by_family = fire_event(category)
    if mapping is None:
        return None, "fire-type", [f"unknown fire event type {category}"]
    notes = [f"fire event type {category} mapped by its family"] if by_family else []
    return mapping, "fire-type", notes


def classify_structured(report: RawReport) -> Classification:
    """Map a structured report's category to types, with a note for an unknown category."""
    mapping, method, notes = _lookup(report)
    types = list(mapping.types) if mapping else ["other"]
    in_area, municipality = _area(report)
    occurred = report.occurred_at or report.published_at
    attributes = Attributes(
        weapon=next((_WEAPON_BY_TYPE[t] for t in types if t in _WEAPON_BY_TYPE), None),
        fatalities=1 if "homicide" in types else None,
        occurred_at=occurred.astimezone(UTC) if occurred else None,
    )
    return Classification(
        types=types,
        attributes=attributes,
        is_follow_up=False,
        in_area=in_area,
        municipality=municipality,
        scores={t: 1.0 for t in types},
        method=method,
        notes=[*notes, mapping.description] if mapping else notes,
    )
