"""Read report lines for batch mode: the raw-report schema, or the flat shapes of
normalised feed exports (news items, TPS calls for service, TFS incidents).

The flat shapes are recognised by their fields, so a file exported from the live
feeds can be processed without first going through the collectors.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from ccrp.errors import DecodeError
from ccrp.transport import describe
from schemas import RawReport, SourceKind


def _time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _from_news(row: dict[str, Any]) -> RawReport:
    published = _time(row.get("published"))
    return RawReport(
        source=row.get("source") or "news",
        source_kind=SourceKind.NEWS,
        item_id=str(row.get("guid") or row.get("link")),
        url=row.get("link"),
        title=row.get("title") or "",
        body=row.get("summary") or "",
        published_at=published,
        source_category=row.get("category"),
        raw={k: row[k] for k in ("feed_url",) if k in row},
        collected_at=published or datetime.now(UTC),
    )


def _from_tps_call(row: dict[str, Any]) -> RawReport:
    occurred = _time(row.get("occurred_at"))
    call_type = row.get("call_type") or row.get("call_type_code") or "Call"
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=str(row["event_id"]),
        title=f"{call_type} at {row.get('location') or 'unknown location'}",
        occurred_at=occurred,
        published_at=occurred,
        location_text=row.get("location"),
        lat=row.get("lat"),
        lon=row.get("lng", row.get("lon")),
        source_category=row.get("call_type_code"),
        raw={k: v for k, v in row.items() if k not in ("lat", "lng")},
        collected_at=occurred or datetime.now(UTC),
    )


def _from_tfs(row: dict[str, Any]) -> RawReport:
    dispatched = _time(row.get("dispatch_time"))
    location = str(row.get("location") or "")
    return RawReport(
        source="tfs",
        source_kind=SourceKind.MUNICIPAL,
        item_id=str(row["event_num"]),
        title=f"{row.get('event_type') or 'Fire incident'} at {location}",
        occurred_at=dispatched,
        published_at=dispatched,
        location_text=location or None,
        lat=row.get("lat"),
        lon=row.get("lng", row.get("lon")),
        source_category=row.get("event_type"),
        raw={k: v for k, v in row.items() if k not in ("lat", "lng")},
        collected_at=dispatched or datetime.now(UTC),
    )


def coerce_report(row: Any) -> RawReport:
    """One JSON object -> RawReport, or a :class:`DecodeError` naming what is wrong."""
    if not isinstance(row, dict):
        raise DecodeError(f"expected a JSON object, got {type(row).__name__}")
    try:
        if "source_kind" in row:
            return RawReport.model_validate(row)
        if "event_id" in row and "call_type_code" in row:
            return _from_tps_call(row)
        if "event_num" in row and "event_type" in row:
            return _from_tfs(row)
        if "guid" in row or ("title" in row and "link" in row):
            return _from_news(row)
    except ValidationError as exc:
        raise DecodeError(f"invalid report: {describe(exc)}") from exc
    except (ValueError, KeyError) as exc:
        raise DecodeError(f"invalid report: {type(exc).__name__}: {exc}") from exc
    raise DecodeError("unrecognised report shape: no source_kind, event_id, event_num or guid")
