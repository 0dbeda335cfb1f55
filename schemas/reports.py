"""Raw reports as collected, and the per-report enrichment the stream adds to them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

MAX_TITLE = 1_000
MAX_BODY = 100_000
# Hard bounds on ``RawReport.raw``; collectors cut theirs well below these, with a note.
RAW_MAX_BYTES = 128_000
RAW_MAX_DEPTH = 12


def reject_boolean(value: Any) -> Any:
    """Refuse ``true``/``false`` where a number is due (it would pass as 1.0 or 0.0)."""
    if isinstance(value, bool):
        raise ValueError("a coordinate must be a number, not a boolean")
    return value


_SCALARS = (str, int, float, bool, type(None))


def _flat_chars(value: dict[Any, Any]) -> int | None:
    """Characters of a dict of short scalars (the usual ``raw``), or None if it is not one."""
    chars = 2
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            chars += len(item)
        elif kind not in _SCALARS or (kind is int and item.bit_length() > 64):
            return None
        else:
            chars += 24
        chars += len(key) + 4 if type(key) is str else 24
    return chars


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def without_nul(value: Any) -> Any:
    """``value`` with every NUL in its text (keys too) made a space: PostgreSQL refuses NUL
    in text and JSON columns, so one report carrying it would make the store refuse the
    batch it arrives in. Collectors and the intake make text plain before this."""
    if isinstance(value, str):
        return value.replace("\x00", " ")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(v) for v in value]
    return value


def _measure(value: Any, limit: int) -> tuple[int, int]:
    """Nesting depth (counted up to ``limit + 1``) and characters of text of a JSON value."""
    if isinstance(value, dict):
        flat = _flat_chars(value)
        if flat is not None:
            return 1, flat
    if isinstance(value, str):
        return 0, len(value)
    if isinstance(value, int):
        return 0, value.bit_length() // 3 + 2  # at least its decimal digits
    if not isinstance(value, dict | list | tuple):
        return 0, 8
    if limit < 0:
        return 1, 0
    depth, chars = 0, 2
    for key, child in value.items() if isinstance(value, dict) else enumerate(value):
        child_depth, child_chars = _measure(child, limit - 1)
        depth = max(depth, child_depth)
        chars += child_chars + (len(key) + 4 if isinstance(key, str) else 1)
    return depth + 1, chars


class SourceKind(StrEnum):
    """The four source families a report can come from."""

    POLICE = "police"
    NEWS = "news"
    MUNICIPAL = "municipal"
    COMMUNITY = "community"


class Frozen(BaseModel):
    """Base for every event model: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RawReport(Frozen):
    """One report exactly as a collector saw it (value of ``incidents.raw.v1``)."""

    source: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    source_kind: SourceKind
    item_id: str = Field(min_length=1, max_length=500)
    url: str | None = Field(default=None, max_length=2_000)
    title: str = Field(max_length=MAX_TITLE)
    body: str = Field(default="", max_length=MAX_BODY)
    published_at: AwareDatetime | None = None
    occurred_at: AwareDatetime | None = None
    location_text: str | None = Field(default=None, max_length=500)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    source_category: str | None = Field(default=None, max_length=200)
    raw: dict[str, Any] = Field(default_factory=dict)
    collected_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))

    @property
    def report_id(self) -> str:
        """Stable id and Kafka key: source plus the source's own item id."""
        return f"{self.source}:{self.item_id}"

    @property
    def reported_at(self) -> datetime:
        """The best time the report itself carries: published, occurred, else collected."""
        return self.published_at or self.occurred_at or self.collected_at

    @property
    def text(self) -> str:
        """Title and body as one text for the language stages."""
        return f"{self.title}\n{self.body}".strip()

    @field_validator("source", mode="before")
    @classmethod
    def _source_is_lowercase(cls, value: Any) -> Any:
        return value.strip().lower().replace(" ", "-") if isinstance(value, str) else value

    @field_validator("item_id", "url", "title", "body", "location_text", "source_category")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        return without_nul(value) if value is not None and "\x00" in value else value

    @field_validator("lat", "lon", mode="before")
    @classmethod
    def _blank_coordinate_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else reject_boolean(value)

    @field_validator("raw")
    @classmethod
    def _raw_is_bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        depth, chars = _measure(value, RAW_MAX_DEPTH)
        if depth > RAW_MAX_DEPTH:
            raise ValueError(f"raw is nested deeper than {RAW_MAX_DEPTH} levels")
        if _has_nul(value):
            value = without_nul(value)
        if chars * 6 <= RAW_MAX_BYTES:  # no character encodes to more than 6 bytes of JSON
            return value
        size = len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8", "replace"))
        if size > RAW_MAX_BYTES:
            raise ValueError(f"raw is {size} bytes encoded, over {RAW_MAX_BYTES}")
        return value


class Precision(StrEnum):
    """How precisely a location is known; never claim more than was reached."""

    ADDRESS = "address"
    INTERSECTION = "intersection"
    NEIGHBOURHOOD = "neighbourhood"
    DISTRICT = "district"
    CITY = "city"
    UNKNOWN = "unknown"


class Neighbourhood(Frozen):
    """A City of Toronto social-planning neighbourhood."""

    code: str
    name: str
    classification: str | None = None
    scheme: str = "158"


class Location(Frozen):
    """Where a report or incident happened, with the precision reached."""

    lat: float | None = None
    lon: float | None = None
    precision: Precision = Precision.UNKNOWN
    text: str | None = None
    neighbourhood: Neighbourhood | None = None
    district: str | None = None
    in_city: bool | None = None
    geocoder: str | None = None


class Attributes(Frozen):
    """Facts extracted from a report's text or fields."""

    fatalities: int | None = None
    injured: int | None = None
    weapon: str | None = None
    youth_involved: bool | None = None
    occurred_at: AwareDatetime | None = None
    occurred_at_text: str | None = None


class Classification(Frozen):
    """What kind of incident a report describes, and whether it is new and in the City."""

    types: list[str]
    attributes: Attributes = Field(default_factory=Attributes)
    is_follow_up: bool = False
    in_area: bool | None = None
    municipality: str | None = None
    scores: dict[str, float] = Field(default_factory=dict)
    method: str = ""
    notes: list[str] = Field(default_factory=list)


class EnrichedReport(Frozen):
    """A raw report after exact de-duplication, classification and geocoding.

    Value of the internal ``incidents.reports.v1`` topic between the two stream stages.
    """

    report: RawReport
    classification: Classification
    location: Location
    content_hash: str
    duplicate_of: str | None = None

    @property
    def report_id(self) -> str:
        return self.report.report_id
