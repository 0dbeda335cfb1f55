"""The raw report's own guards: no boolean coordinates, a bounded ``raw``."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from schemas import RawReport, SourceKind
from schemas.reports import RAW_MAX_BYTES, RAW_MAX_DEPTH


def report(**fields: Any) -> RawReport:
    return RawReport(source="s", source_kind=SourceKind.NEWS, item_id="1", title="t", **fields)


@pytest.mark.parametrize("field", ["lat", "lon"])
@pytest.mark.parametrize("value", [True, False])
def test_boolean_coordinates_are_refused(field: str, value: bool) -> None:
    with pytest.raises(ValidationError, match="not a boolean"):
        report(**{field: value})


def test_numbers_and_blanks_are_still_coordinates() -> None:
    assert report(lat=43.7, lon="-79.4").lon == -79.4
    assert report(lat="", lon="  ").lat is None


def test_raw_too_deep_or_too_large_is_refused() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(RAW_MAX_DEPTH + 1):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(ValidationError, match="nested deeper"):
        report(raw=deep)
    with pytest.raises(ValidationError, match="bytes encoded"):
        report(raw={"summary": "x" * RAW_MAX_BYTES})
    assert report(raw={"a": {"b": [1, 2]}}).raw == {"a": {"b": [1, 2]}}


def test_a_nul_anywhere_becomes_a_space_so_every_store_can_keep_it() -> None:
    sent = (
        '{"source": "community-x", "source_kind": "community", "item_id": "a\\u0000b",'
        ' "title": "Fight\\u0000", "body": "b\\u0000", "location_text": "Queen\\u0000St",'
        ' "raw": {"extra": {"k\\u0000": ["v\\u0000", 1]}}, "collected_at": "2026-07-01T00:00:00Z"}'
    )
    made = RawReport.model_validate_json(sent)
    assert (made.item_id, made.title, made.body) == ("a b", "Fight ", "b ")
    assert made.location_text == "Queen St" and made.raw == {"extra": {"k ": ["v ", 1]}}
    assert "\\u0000" not in made.model_dump_json()
