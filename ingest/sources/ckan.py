"""City of Toronto Open Data (CKAN) ``datastore_search`` poller with a field mapping.

The source URL is the CKAN action API root (``.../api/3/action/``). Options: ``resource_id``
or ``package`` (its first datastore-active resource is used), ``id_field`` (default ``_id``),
``title_field`` or ``title_fields`` (joined), ``body_fields``, ``time_field``, ``location_field``,
``lat_field``, ``lon_field``, ``category_field``, ``page_size`` (default 1000).
With ``time_field`` the newest rows are read first and paging stops at the last run's newest.
Paging also stops, with a warning, at the source's ``max_pages`` or ``max_records``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from ingest.base import Batch, Collector
from ingest.errors import FetchError, ParseError, SourceConfigError
from ingest.normalise import parse_time
from ingest.sources.arcgis import load_json
from schemas import RawReport, SourceKind


def ckan_result(body: bytes | str, what: str) -> Any:
    """The ``result`` of a CKAN action response; ``success: false`` is an error."""
    payload = load_json(body, what, "CKAN JSON")
    if not isinstance(payload, dict) or "success" not in payload:
        raise ParseError(f"{what}: not a CKAN action response")
    if not payload["success"]:
        raise FetchError(f"{what}: CKAN error {str(payload.get('error'))[:500]}")
    result = payload.get("result")
    return result if isinstance(result, dict) else {}


class CKANCollector(Collector):
    """Rows of one CKAN datastore resource (``kind = "ckan"``)."""

    kind = "ckan"
    source_kind = SourceKind.MUNICIPAL

    def action_url(self, action: str) -> str:
        return self.config.url.rstrip("/") + "/" + action

    def resource_id(self) -> str:
        if self.config.option("resource_id"):
            return str(self.config.option("resource_id"))
        package = self.config.option("package")
        if not package:
            raise SourceConfigError(f"{self.source}: set option resource_id or package")
        result = ckan_result(
            self.decode(self.fetch(self.action_url("package_show"), params={"id": package}).body),
            f"{self.source} package_show",
        )
        listed = result.get("resources")
        for resource in listed if isinstance(listed, list) else []:
            usable = isinstance(resource, dict) and resource.get("id")
            if usable and resource.get("datastore_active"):
                return str(resource["id"])
        raise FetchError(f"{self.source}: package {package!r} has no datastore resource")

    def collect(self, state: Mapping[str, Any]) -> Iterator[Batch]:
        self.collected_at = self.now()
        resource = self.resource_id()
        time_field = self.config.option("time_field")
        page_size = int(self.config.option("page_size", 1000))
        since = parse_time(state.get("newest"), self.timezone) if state.get("newest") else None
        newest = since
        offset = 0
        budget = self.page_budget()
        while True:
            params: dict[str, Any] = {"resource_id": resource, "limit": page_size, "offset": offset}
            if time_field:
                params["sort"] = f"{time_field} desc"
            self.warnings = []
            fetched = self.fetch(self.action_url("datastore_search"), params=params)
            result = ckan_result(
                self.decode(fetched.body), f"{self.source} datastore_search at offset {offset}"
            )
            records = result.get("records")
            if not isinstance(records, list):
                raise ParseError(f"{self.source}: the response has no records list")
            budget.count(len(records), fetched.body)
            offset += len(records)
            times = [self._record_time(record) for record in records]
            known = [t for t in times if t is not None]
            if known and (newest is None or max(known) > newest):
                newest = max(known)
            reached_old = since is not None and bool(known) and min(known) < since
            total = result.get("total")
            total = total if isinstance(total, int) and not isinstance(total, bool) else None
            done = not records or reached_old or (total is not None and offset >= total)
            if not done and budget.spent:
                done = True  # newest first: the newest max_records rows are the ones kept
                self.warnings.append(str(budget.exceeded("more rows were on offer")))
            reports = self.keep_valid(records, self.record_report)
            new_state = {**state, "newest": newest.isoformat() if newest else None}
            yield Batch(
                reports, state=new_state if done else None, total=total, warnings=self.warnings
            )
            if done:
                return

    def _record_time(self, record: Any) -> datetime | None:
        field = self.config.option("time_field")
        if not field or not isinstance(record, dict):
            return None
        try:
            return parse_time(record.get(field), self.timezone)
        except ParseError:
            return None

    def record_report(self, record: dict[str, Any]) -> RawReport | None:
        if not isinstance(record, dict):
            raise ParseError(f"{self.source}: a record is not a JSON object")
        option = self.config.option
        item_id = record.get(option("id_field", "_id"))
        if item_id in (None, ""):
            raise ParseError(f"{self.source}: a record has no {option('id_field', '_id')!r}")
        title_fields = option("title_fields") or [option("title_field", "_id")]
        title = " - ".join(str(record[f]) for f in title_fields if record.get(f) not in (None, ""))
        body_fields = option("body_fields") or []
        body = "; ".join(
            f"{f}: {record[f]}" for f in body_fields if record.get(f) not in (None, "")
        )
        lat_field, lon_field = option("lat_field"), option("lon_field")
        return self.make_report(
            item_id=str(item_id),
            title=title or str(item_id),
            body=body,
            occurred_at=self._record_time(record),
            location_text=record.get(option("location_field")) or None,
            lat=record.get(lat_field) if lat_field else None,
            lon=record.get(lon_field) if lon_field else None,
            source_category=record.get(option("category_field")) or None,
            raw=record,
        )
