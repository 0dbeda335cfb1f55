"""Paging through an ArcGIS REST ``FeatureServer/N/query`` layer, shared by the TPS layers."""

from __future__ import annotations

import abc
import json
from collections.abc import Iterator, Mapping
from typing import Any

from ingest.base import Batch, Collector
from ingest.errors import FetchError, ParseError
from ingest.normalise import arcgis_timestamp, from_epoch_ms, looks_like_html, parse_time
from ingest.schedule import parse_duration
from schemas import RawReport

Feature = dict[str, Any]


def load_json(body: bytes | str, what: str, kind: str) -> Any:
    """A JSON document; an HTML page, bad JSON or absurd nesting is a ``ParseError``."""
    if looks_like_html(body.encode() if isinstance(body, str) else body):
        raise ParseError(f"{what}: got an HTML page instead of {kind}")
    try:
        return json.loads(body)
    except ValueError as exc:  # bad JSON, bad UTF-8, or a number of too many digits
        raise ParseError(f"{what}: not JSON (truncated or wrong format): {exc}") from exc
    except RecursionError as exc:
        raise ParseError(f"{what}: JSON nested too deeply") from exc


def parse_arcgis_json(body: bytes | str, what: str) -> dict[str, Any]:
    """Decode a query response; the ``{"error": ...}`` ArcGIS sends with HTTP 200 is an error."""
    payload = load_json(body, what, "ArcGIS JSON")
    if not isinstance(payload, dict):
        raise ParseError(f"{what}: expected a JSON object")
    if "error" in payload:
        error = payload["error"] if isinstance(payload["error"], dict) else {}
        details = error.get("details")
        raise FetchError(
            f"{what}: ArcGIS error {error.get('code')}: {error.get('message')} "
            f"{'; '.join(map(str, details)) if isinstance(details, list) else ''}".strip()
        )
    return payload


def feature_point(feature: Feature, lat_field: str, lon_field: str) -> tuple[Any, Any]:
    """Latitude and longitude from the attributes, else from the geometry (outSR=4326)."""
    attrs = attributes(feature)
    lat, lon = attrs.get(lat_field), attrs.get(lon_field)
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        geometry = {}
    if lat is None and "y" in geometry:
        lat = geometry.get("y")
    if lon is None and "x" in geometry:
        lon = geometry.get("x")
    return lat, lon


def attributes(feature: Any) -> dict[str, Any]:
    """A feature's attributes; a feature of the wrong shape has none."""
    attrs = feature.get("attributes") if isinstance(feature, dict) else None
    return attrs if isinstance(attrs, dict) else {}


class ArcGISCollector(Collector):
    """A layer queried by time since the last run, paged until ``exceededTransferLimit`` is false.

    Options: ``time_field``, ``where`` (extra filter), ``page_size`` (default 1000),
    ``lookback`` (first run window, e.g. ``"36h"``) or ``since`` (ISO date), ``overlap``
    (re-read window before the last time seen, for late rows), ``group_by`` (merge rows
    sharing an id, e.g. several victims of one homicide), ``count`` (ask the total first).
    """

    default_time_field: str = "OCCURRENCE_TIME"
    default_lookback: str = "36h"
    default_overlap: str = "1h"
    default_group_by: str | None = None

    def query_url(self) -> str:
        url = self.config.url.rstrip("/")
        if url.lower().startswith("file:") or url.endswith("/query"):
            return url  # a saved query response is read as it is
        return f"{url}/query"

    def where_clause(self, state: Mapping[str, Any]) -> str:
        time_field = self.config.option("time_field", self.default_time_field)
        since_ms = state.get("since_ms")
        if since_ms is not None:
            overlap = parse_duration(self.config.option("overlap", self.default_overlap))
            since = from_epoch_ms(since_ms)
            assert since is not None
            since = since - overlap
        elif self.config.option("since"):
            since = parse_time(self.config.option("since"), self.timezone) or self.now()
        else:
            since = self.now() - parse_duration(
                self.config.option("lookback", self.default_lookback)
            )
        clause = f"{time_field} >= {arcgis_timestamp(since)}"
        extra = self.config.option("where")
        return f"({clause}) AND ({extra})" if extra else clause

    def collect(self, state: Mapping[str, Any]) -> Iterator[Batch]:
        self.collected_at = self.now()
        where = self.where_clause(state)
        group_by = self.config.option("group_by", self.default_group_by)
        page_size = int(self.config.option("page_size", 1000))
        order = f"{group_by} ASC, OBJECTID ASC" if group_by else "OBJECTID ASC"
        total = self._count(where) if self.config.option("count", True) else None
        time_field = self.config.option("time_field", self.default_time_field)
        newest = state.get("since_ms")
        offset = 0
        held: list[Feature] = []
        budget = self.page_budget()
        while True:
            params = {
                "where": where,
                "outFields": "*",
                "outSR": 4326,
                "returnGeometry": "true",
                "orderByFields": order,
                "resultOffset": offset,
                "resultRecordCount": page_size,
                "f": "json",
            }
            self.warnings = []
            result = self.fetch(self.query_url(), params=params)
            what = f"{self.source} page at offset {offset}"
            payload = parse_arcgis_json(self.decode(result.body), what)
            features = payload.get("features")
            if not isinstance(features, list):
                raise ParseError(f"{self.source}: the response has no 'features' list")
            budget.count(len(features), result.body)
            offset += len(features)
            last_page = not payload.get("exceededTransferLimit") or not features
            for feature in features:
                stamp = attributes(feature).get(time_field)
                if _plausible_ms(stamp) and (newest is None or stamp > newest):
                    newest = int(stamp)  # type: ignore[arg-type]  # a number: just checked
            groups, held = self._group(held + features, group_by, keep_last=not last_page)
            reports = self.keep_valid(groups, self.group_report)
            state_now = {**state, "since_ms": newest} if last_page else None
            yield Batch(reports, state=state_now, total=total, warnings=list(self.warnings))
            if last_page:
                return
            if budget.spent:
                # The cursor only moves after the last page: stopping here keeps it where it was.
                raise budget.exceeded("the layer still reported exceededTransferLimit")

    def _count(self, where: str) -> int | None:
        params = {"where": where, "returnCountOnly": "true", "f": "json"}
        result = self.fetch(self.query_url(), params=params)
        payload = parse_arcgis_json(self.decode(result.body), f"{self.source} count")
        count = payload.get("count")
        return count if isinstance(count, int) and not isinstance(count, bool) else None

    @staticmethod
    def _group(
        features: list[Feature], group_by: str | None, keep_last: bool
    ) -> tuple[list[list[Feature]], list[Feature]]:
        """Consecutive features sharing ``group_by``; the trailing group waits for the next page."""
        if not group_by:
            return [[feature] for feature in features], []
        groups: list[list[Feature]] = []
        for feature in features:
            key = attributes(feature).get(group_by)
            if groups and attributes(groups[-1][0]).get(group_by) == key:
                groups[-1].append(feature)
            else:
                groups.append([feature])
        if keep_last and groups:
            return groups[:-1], groups[-1]
        return groups, []

    def group_report(self, group: list[Feature]) -> RawReport | None:
        """One report for a group of rows; the extra rows are kept under ``raw['related']``."""
        if not isinstance(group[0], dict):
            raise ParseError(f"{self.source}: a feature is not a JSON object")
        raw = dict(attributes(group[0]))
        if len(group) > 1:
            raw["related"] = [dict(attributes(f)) for f in group[1:]]
        return self.feature_report(group[0], raw, len(group))

    @abc.abstractmethod
    def feature_report(self, feature: Feature, raw: dict[str, Any], rows: int) -> RawReport | None:
        """One report for a feature (``rows`` > 1 when grouped rows were merged into it)."""


def _plausible_ms(value: Any) -> bool:
    """An epoch-ms time between 1970 and 2100: anything else must not become the cursor."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return 0 <= value < 4_102_444_800_000
