"""The API's query filters and the parts of its OpenAPI description FastAPI cannot infer.

The filters are the same as ``ccrp incidents``: ``since``/``until`` (a local day
``YYYY-MM-DD`` or an ISO date-time; from ``since`` inclusive to ``until`` exclusive),
``type`` (repeatable: any of), ``neighbourhood`` (code or name), ``nia``, ``program``,
``status``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from schemas import IncidentStatus
from sinks.errors import StoreInputError
from sinks.incident_query import IncidentFilter, as_instant

GEOJSON = "application/geo+json"
_POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2},
    },
}
_FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": "string"},
        "geometry": {"anyOf": [_POINT, {"type": "null"}]},
        "properties": {"type": "object"},
    },
}
FEATURE = {"schema": _FEATURE}
FEATURE_COLLECTION = {
    "schema": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {"type": "array", "items": _FEATURE},
        },
    }
}
_MEANING = {
    401: "missing or unknown bearer token",
    404: "not found",
    422: "invalid filter or parameter",
    503: "the store is unavailable",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI answers for error statuses, each a JSON ``{"detail": ...}``."""
    schema = {"type": "object", "required": ["detail"], "properties": {"detail": {}}}
    return {
        status: {
            "description": _MEANING[status],
            "content": {"application/json": {"schema": schema}},
        }
        for status in statuses
    }


class Filters:
    """The incident filters as query parameters (a FastAPI dependency)."""

    def __init__(
        self,
        since: datetime | date | None = Query(None, description="from (inclusive)"),
        until: datetime | date | None = Query(None, description="to (exclusive)"),
        type: list[str] = Query([], max_length=20, description="incident type; repeat: any of"),
        neighbourhood: str | None = Query(None, max_length=200, description="code or name"),
        nia: Literal["nia", "emerging", "neither"] | None = Query(None),
        program: str | None = Query(None, max_length=100, description="e.g. ccrp"),
        status: IncidentStatus | None = Query(None),
    ) -> None:
        self.since, self.until, self.types = since, until, tuple(type)
        self.neighbourhood, self.nia, self.program, self.status = (
            neighbourhood,
            nia,
            program,
            status,
        )

    def chosen(self, tz: str, limit: int, offset: int) -> IncidentFilter:
        """The store's filter; a time out of range is a 422 naming it."""
        moments = {}
        for name in ("since", "until"):
            value = getattr(self, name)
            try:
                moments[name] = as_instant(value, tz) if value is not None else None
            except StoreInputError as exc:
                error = {"loc": ["query", name], "msg": str(exc), "type": "value_error"}
                raise RequestValidationError([error]) from exc
        return IncidentFilter(
            since=moments["since"],
            until=moments["until"],
            types=self.types,
            neighbourhood=self.neighbourhood,
            nia=self.nia,
            program=self.program,
            status=self.status,
            limit=limit,
            offset=offset,
        )
