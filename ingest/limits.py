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
    if _flat_and_small(source, limits):
        return dict(source), notes  # the usual row of short fields, kept as it is
    bounded = _bound(source, 1, "raw", limits, notes)
    assert isinstance(bounded, dict)
    size = json_size(bounded) if _text_size(bounded) * 6 > limits.raw_max_bytes else 0
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


def _flat_and_small(raw: dict[Any, Any], limits: ItemLimits) -> bool:
    """True for a dict of plain short keys and values that no limit could touch."""
    if len(raw) > limits.raw_max_items:
        return False
    budget = limits.raw_max_bytes // 6
    for key, value in raw.items():
        if not isinstance(key, str) or len(key) > 200 or not (key.isascii() and key.isprintable()):
            return False
        if isinstance(value, str):
            if len(value) > limits.raw_max_string or not (value.isascii() and value.isprintable()):
                return False
            budget -= len(value) + len(key) + 6
        elif value is None or type(value) in (bool, int):
            budget -= len(key) + 30
            if type(value) is int and value.bit_length() > 64:
                return False
        elif type(value) is float and value == value and abs(value) != float("inf"):
            budget -= len(key) + 30
        else:
            return False
        if budget < 0:
            return False
    return True


def _text_size(value: Any) -> int:
    """Characters of text in a bounded value, plus a little per node: JSON size over 6."""
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, dict):
        return 2 + sum(len(key) + 4 + _text_size(item) for key, item in value.items())
    if isinstance(value, list):
        return 2 + sum(_text_size(item) + 1 for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 2  # at least its decimal digits
    return 24  # floats, booleans, null


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


def _text_chars(report: RawReport) -> int:
    texts = (report.title, report.body, report.url, report.location_text, report.source_category)
    return sum(len(text or "") for text in texts) + len(report.item_id) + len(report.source)


def report_size(report: RawReport) -> int:
    return len(report.model_dump_json().encode("utf-8"))


def fit_report(report: RawReport, limits: ItemLimits) -> tuple[RawReport, list[str]]:
    """``report`` (its ``raw`` already bounded) shortened, body first, to the report budget."""
    notes: list[str] = []
    raw_room = limits.raw_max_bytes + 4_000  # a bounded raw, with its notes
    if _text_chars(report) * 6 + raw_room + 1_000 <= limits.report_max_bytes:
        return report, notes  # small enough however its characters encode
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
