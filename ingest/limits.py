"""Bounding one item so it always fits a message: ``raw`` by size and depth, text by length.

A single huge item (a 3 MB summary copied into ``raw``) must not fail its whole source
on every run. ``bound_raw`` copies a source's fields keeping them JSON-shaped and within
limits, noting every cut under ``raw["_truncated"]``; ``fit_report`` then shortens the
body until the encoded report is under the message budget.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ingest.normalise import plain
from schemas import RawReport

NOTE_KEY = "_truncated"
_MAX_NOTES = 10


@dataclass(frozen=True)
class ItemLimits:
    """How large one item may grow (``raw`` after bounding, and the whole encoded report)."""

    raw_max_bytes: int = 32_000
    raw_max_depth: int = 6
    raw_max_string: int = 4_000
    raw_max_items: int = 200
    report_max_bytes: int = 256_000


def json_size(value: Any) -> int:
    """Bytes of ``value`` encoded as compact UTF-8 JSON (unknown types as their text)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return len(text.encode("utf-8"))


def bound_raw(raw: Any, limits: ItemLimits) -> tuple[dict[str, Any], list[str]]:
    """A bounded copy of ``raw`` and the notes of what was cut (also kept in the copy)."""
    notes: list[str] = []
    source = raw if isinstance(raw, dict) else {"value": raw}
    bounded = _bound(source, 1, "raw", limits, notes)
    assert isinstance(bounded, dict)
    size = json_size(bounded)
    if size > limits.raw_max_bytes:
        by_size = sorted(bounded, key=lambda key: json_size(bounded[key]), reverse=True)
        for key in by_size:
            dropped = json_size(bounded[key])
            bounded[key] = f"[dropped: {dropped} bytes]"
            notes.append(f"raw.{key}: dropped ({dropped} bytes) to fit {limits.raw_max_bytes}")
            size = json_size(bounded)
            if size <= limits.raw_max_bytes:
                break
    if notes:
        kept = notes[:_MAX_NOTES]
        if len(notes) > _MAX_NOTES:
            kept.append(f"... and {len(notes) - _MAX_NOTES} more cuts")
        bounded[NOTE_KEY] = kept
    return bounded, notes


def _bound(value: Any, depth: int, path: str, limits: ItemLimits, notes: list[str]) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, dict | list | tuple) and depth > limits.raw_max_depth:
        notes.append(f"{path}: nested deeper than {limits.raw_max_depth} levels; replaced")
        return f"[nested deeper than {limits.raw_max_depth} levels]"
    if isinstance(value, dict):
        items = list(value.items())
        if len(items) > limits.raw_max_items:
            notes.append(f"{path}: {len(items)} keys, kept the first {limits.raw_max_items}")
            items = items[: limits.raw_max_items]
        return {
            plain(key)[:200]: _bound(item, depth + 1, f"{path}.{key}", limits, notes)
            for key, item in items
        }
    if isinstance(value, list | tuple):
        items = list(value)
        if len(items) > limits.raw_max_items:
            notes.append(f"{path}: {len(items)} items, kept the first {limits.raw_max_items}")
            items = items[: limits.raw_max_items]
        return [_bound(item, depth + 1, f"{path}[]", limits, notes) for item in items]
    text = plain(value)
    if len(text) > limits.raw_max_string:
        notes.append(f"{path}: {len(text)} characters, kept {limits.raw_max_string}")
        return text[: limits.raw_max_string - 1] + "\u2026"
    return text


def report_size(report: RawReport) -> int:
    return len(report.model_dump_json().encode("utf-8"))


def fit_report(report: RawReport, limits: ItemLimits) -> tuple[RawReport, list[str]]:
    """``report`` shortened (body, then ``raw``) until it encodes under the report budget."""
    notes: list[str] = []
    size = report_size(report)
    while size > limits.report_max_bytes and len(report.body) > 200:
        keep = max(200, int(len(report.body) * limits.report_max_bytes / size * 0.9))
        body = report.body[: keep - 1].rstrip() + "\u2026"
        notes.append(f"body: {len(report.body)} characters, kept {len(body)} to fit the message")
        report = report.model_copy(update={"body": body})
        size = report_size(report)
    if size > limits.report_max_bytes and report.raw:
        notes.append("raw: dropped to fit the message")
        report = report.model_copy(update={"raw": {NOTE_KEY: notes[-1:]}})
    return report, notes
