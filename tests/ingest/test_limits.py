"""One item's limits: ``raw`` bounded by size and depth with a note, reports fit a message."""

from __future__ import annotations

from datetime import UTC, datetime

from ingest.limits import NOTE_KEY, ItemLimits, bound_raw, fit_report, json_size
from schemas import RawReport, SourceKind

LIMITS = ItemLimits(raw_max_bytes=2_000, raw_max_depth=3, raw_max_string=100, raw_max_items=5)


def test_small_raw_is_kept_as_it_is() -> None:
    raw = {"id": 7, "title": "x", "nested": {"a": [1, 2.5, None, True]}}
    assert bound_raw(raw, LIMITS) == (raw, [])


def test_long_strings_deep_nesting_and_long_lists_are_cut_with_notes() -> None:
    raw = {"summary": "s" * 500, "deep": {"a": {"b": {"c": 1}}}, "many": list(range(50))}
    bounded, notes = bound_raw(raw, LIMITS)
    assert len(bounded["summary"]) == 100 and bounded["summary"].endswith("\u2026")
    assert bounded["deep"]["a"] == {"b": "[nested deeper than 3 levels]"}
    assert bounded["many"] == [0, 1, 2, 3, 4]
    assert len(notes) == 3 and bounded[NOTE_KEY] == notes
    assert any("raw.summary: 500 characters" in note for note in notes)


def test_raw_over_its_byte_budget_drops_its_largest_values_first() -> None:
    raw = {f"field{n}": "v" * (90 + n) for n in range(40)} | {"keep": 1}
    limits = ItemLimits(raw_max_bytes=2_000)
    bounded, notes = bound_raw(raw, limits)
    assert json_size(bounded) <= limits.raw_max_bytes + 1_000  # the notes themselves
    assert bounded["field39"].startswith("[dropped") and bounded["field0"] == "v" * 90
    assert bounded["keep"] == 1 and any("dropped" in note for note in notes)


def test_values_no_message_can_carry_are_made_plain() -> None:
    raw = {"ctl": "a\x00b", "lone": "\ud800", "when": datetime(2026, 1, 1), 3: float("nan")}
    bounded, _ = bound_raw(raw, LIMITS)
    assert bounded == {"ctl": "a b", "lone": "\ufffd", "when": "2026-01-01 00:00:00", "3": "nan"}


def test_a_report_is_shortened_to_its_message_budget() -> None:
    report = RawReport(
        source="s",
        source_kind=SourceKind.NEWS,
        item_id="big",
        title="t",
        body="\u00e9" * 90_000,
        collected_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    fitted, notes = fit_report(report, ItemLimits(report_max_bytes=50_000))
    assert len(fitted.model_dump_json().encode()) <= 50_000 and notes
    assert fitted.body.endswith("\u2026")
