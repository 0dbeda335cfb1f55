"""Time conversions for source formats: epoch milliseconds, local wall-clock times, ISO text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser

from ingest.errors import ParseError


def utc_now() -> datetime:
    return datetime.now(UTC)


def from_epoch_ms(value: Any) -> datetime | None:
    """An ArcGIS date (epoch milliseconds, UTC) as an aware UTC datetime."""
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(float(value) / 1000.0, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise ParseError(f"not an epoch-milliseconds date: {value!r}") from exc


def to_epoch_ms(moment: datetime) -> int:
    return int(round(moment.timestamp() * 1000))


def parse_time(value: Any, local_zone: str = "America/Toronto") -> datetime | None:
    """Parse a free-form timestamp; a naive one is taken as local time in ``local_zone``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = date_parser.parse(str(value).strip())
        except (ValueError, OverflowError) as exc:
            raise ParseError(f"not a date/time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(local_zone))
    return moment.astimezone(UTC)


def arcgis_timestamp(moment: datetime) -> str:
    """A UTC time literal for an ArcGIS ``where`` clause: ``TIMESTAMP 'YYYY-MM-DD HH:MM:SS'``."""
    return f"TIMESTAMP '{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S}'"
