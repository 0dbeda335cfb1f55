"""Community reports: partner submissions and CSV/JSON file drops (exported forms).

One model, ``CommunitySubmission``, validates both the intake's JSON and each row of a
file drop; ``to_raw_report`` turns it into a ``RawReport`` with ``source_kind`` community.
File drops accept common column names (``subject``, ``details``, ``address``, ``latitude``...);
other columns, and values beyond a CSV row's header, are kept under ``raw["extra"]``
(within the item limits) and named in a warning. A drop that is not UTF-8 is decoded as
Windows-1252, with a warning, rather than losing its accented letters.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.base import Batch, DocumentCollector
from ingest.errors import ParseError
from ingest.limits import NOTE_KEY, ItemLimits, bound_raw, fit_report
from ingest.normalise import parse_time, plain
from schemas import RawReport, SourceKind
from schemas.reports import MAX_BODY, MAX_TITLE, reject_boolean

EXTRA_VALUES = "_extra_values"  # a CSV row's values beyond its header's columns

COLUMN_ALIASES = {
    "id": ("id", "report_id", "submission_id", "external_id", "reference"),
    "title": ("title", "subject", "summary", "headline"),
    "description": ("description", "details", "body", "text", "narrative"),
    "occurred_at": ("occurred_at", "date", "when", "incident_time", "datetime", "timestamp"),
    "location": ("location", "address", "intersection", "place", "location_text"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "category": ("category", "type", "incident_type"),
    "url": ("url", "link"),
}


class CommunitySubmission(BaseModel):
    """A report from a partner agency or local safety network."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=200)
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    description: str = Field(default="", max_length=MAX_BODY)
    occurred_at: datetime | None = None
    location: str | None = Field(default=None, max_length=500)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    category: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2_000)
    extra: dict[str, Any] = Field(default_factory=dict)

    _no_boolean_coordinates = field_validator("lat", "lon", mode="before")(reject_boolean)


def validation_message(error: ValidationError) -> str:
    """``"lat: Input should be less than or equal to 90"`` style, one line per problem."""
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'body'}: {item['msg']}"
        for item in error.errors()
    )


def column_key(name: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


KNOWN_COLUMNS = frozenset(alias for aliases in COLUMN_ALIASES.values() for alias in aliases)


def normalise_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Map exported-form column names onto submission fields; others go to ``extra``."""
    lowered = {column_key(key): value for key, value in row.items() if key is not None}
    fields: dict[str, Any] = {}
    used: set[str] = set()
    for field, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if lowered.get(alias) not in (None, ""):
                fields[field] = lowered[alias]
                used.add(alias)
                break
    extra = {k: v for k, v in lowered.items() if k not in used and v not in (None, "")}
    if extra:
        fields["extra"] = extra
    return fields


def to_raw_report(
    submission: CommunitySubmission,
    source: str,
    collected_at: datetime,
    timezone: str,
    item_id: str | None = None,
    limits: ItemLimits | None = None,
) -> RawReport:
    """The raw report for a submission; without an id the content's digest is the id."""
    return build_report(submission, source, collected_at, timezone, item_id, limits)[0]


def build_report(
    submission: CommunitySubmission,
    source: str,
    collected_at: datetime,
    timezone: str,
    item_id: str | None = None,
    limits: ItemLimits | None = None,
) -> tuple[RawReport, list[str]]:
    """``to_raw_report`` with the notes of what was shortened to fit the item limits."""
    limits = limits or ItemLimits()
    raw, cuts = bound_raw(submission.model_dump(mode="json", exclude_none=True), limits)
    if item_id is None:
        item_id = submission.id
    if not item_id:
        digest_input = submission.model_dump_json(exclude={"extra"})
        item_id = "sha1:" + hashlib.sha1(digest_input.encode("utf-8")).hexdigest()
    report = RawReport(
        source=source,
        source_kind=SourceKind.COMMUNITY,
        item_id=item_id,
        url=_printable(submission.url),
        title=plain(submission.title),
        body=plain(submission.description),
        occurred_at=parse_time(submission.occurred_at, timezone),
        location_text=_printable(submission.location),
        lat=submission.lat,
        lon=submission.lon,
        source_category=_printable(submission.category),
        raw=raw,
        collected_at=collected_at,
    )
    report, fitted = fit_report(report, limits)
    return report, cuts + fitted


def _printable(value: str | None) -> str | None:
    """Text as the collectors keep it: control characters become spaces (``plain``)."""
    return None if value is None else plain(value)


def read_rows(text: str, what: str, warnings: list[str]) -> list[dict[str, Any]]:
    """Rows of a CSV export or a JSON list (or ``{"reports": [...]}``).

    A CSV line the csv module cannot read is skipped with a warning; values beyond the
    header's columns are kept under ``_extra_values`` and warned about.
    """
    if text.lstrip().startswith(("[", "{")):
        try:
            document = json.loads(text)
        except ValueError as exc:  # bad JSON, or a number of too many digits
            raise ParseError(f"{what}: invalid JSON: {exc}") from exc
        except RecursionError as exc:
            raise ParseError(f"{what}: JSON nested too deeply") from exc
        listed = document.get("reports") if isinstance(document, dict) else document
        if not isinstance(listed, list) or not all(isinstance(row, dict) for row in listed):
            raise ParseError(f"{what}: expected a list of report objects")
        return listed
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=EXTRA_VALUES)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise ParseError(f"{what}: unreadable CSV header: {exc}") from exc
    if not header:
        raise ParseError(f"{what}: empty file or no CSV header")
    rows: list[dict[str, Any]] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            warnings.append(f"{what} line {reader.line_num}: skipped ({exc})")
            continue
        extra = row.get(EXTRA_VALUES)
        if isinstance(extra, list) and extra:
            warnings.append(
                f"{what} row {len(rows) + 1}: {len(extra)} values beyond the "
                f"{len(header)} header columns, kept in raw.extra.{EXTRA_VALUES}"
            )
        rows.append(row)


def unknown_columns(rows: list[dict[str, Any]]) -> list[str]:
    """Column names no submission field takes (they are kept in ``raw["extra"]``)."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            name = column_key(key)
            if key is not None and name not in KNOWN_COLUMNS and name != EXTRA_VALUES:
                seen.setdefault(name)
    return list(seen)


class CommunityFileCollector(DocumentCollector):
    """A CSV/JSON drop of community reports (``kind = "community_file"``)."""

    kind = "community_file"
    source_kind = SourceKind.COMMUNITY

    def collect(self, state: Mapping[str, Any]) -> Iterator[Batch]:
        """Always parse: a re-dropped file is then reported row by row as already seen."""
        self.collected_at = self.now()
        self.warnings = []
        reports = self.parse(self.fetch().body, state)
        yield Batch(reports, state=dict(state), warnings=list(self.warnings))

    def parse(self, body: bytes, state: Mapping[str, Any]) -> list[RawReport]:
        rows = read_rows(self.decode(body), self.source, self.warnings)
        unknown = unknown_columns(rows)
        if unknown:
            names = ", ".join(unknown[:20]) + (" ..." if len(unknown) > 20 else "")
            self.warnings.append(f"{self.source}: columns kept in raw.extra only: {names}")
        return self.keep_valid(list(enumerate(rows, start=1)), self.row_report)

    def row_report(self, numbered: tuple[int, dict[str, Any]]) -> RawReport | None:
        number, row = numbered
        try:
            submission = CommunitySubmission.model_validate(normalise_row(row))
            report, cuts = build_report(
                submission, self.source, self.collected_at, self.timezone, limits=self.limits
            )
        except ValidationError as exc:
            raise ParseError(f"{self.source} row {number}: {validation_message(exc)}") from exc
        if cuts:
            kept = report.raw.get(NOTE_KEY) or cuts
            self.warnings.append(f"{self.source} row {number}: shortened to fit ({kept[0]})")
        return report
