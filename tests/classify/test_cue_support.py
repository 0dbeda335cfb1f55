"""No cue phrase rests on one evaluation item alone, unless its general meaning is documented."""

from __future__ import annotations

from pathlib import Path

from classify.cue_review import GENERAL_SINGLE_SUPPORT
from classify.cue_support import cue_lists, cue_support, render_support, single_item_cues
from classify.evaluate import SPLITS, local_date, news_report, read_jsonl
from tests.conftest import shared_path

HOLDOUT_DIR = Path(__file__).resolve().parents[2] / "classify" / "data" / "holdout"


def _items_the_rules_were_written_against() -> list[tuple[str, str]]:
    """The dev half of the real news and the self-written sets (never the held-out half)."""
    first, last = SPLITS["dev"]
    items = []
    for row in read_jsonl(shared_path("news/toronto-news-2026-07-09_17.jsonl")):
        report = news_report(row)
        day = local_date(report)
        if day is not None and first <= day <= last:
            items.append((report.item_id, report.text))
    for path in sorted(HOLDOUT_DIR.glob("*.jsonl")):
        items += [(str(r["guid"]), news_report(r).text) for r in read_jsonl(path)]
    return items


def test_no_cue_phrase_is_supported_by_a_single_item_only() -> None:
    support = cue_support(_items_the_rules_were_written_against())
    lonely = single_item_cues(support, GENERAL_SINGLE_SUPPORT)
    assert not lonely, "cue phrases matched by one item only:\n" + render_support(lonely)


def test_the_allow_list_names_only_phrases_the_rules_read() -> None:
    phrases = {p for listed in cue_lists().values() for p in listed}
    assert sorted(set(GENERAL_SINGLE_SUPPORT) - phrases) == []
    assert all(GENERAL_SINGLE_SUPPORT.values())


def test_support_is_counted_per_phrase_and_token_by_token() -> None:
    lists = {"type:demo": ["shell casings", "shot"]}
    items = [("a", "Police found Shell Casings on the road."), ("b", "Two shots fired."),
             ("c", "A man was shot.")]  # fmt: skip
    found = {s.phrase: s.items for s in cue_support(items, lists)}
    assert found == {"shell casings": {"a"}, "shot": {"c"}}
    assert [s.phrase for s in single_item_cues(cue_support(items, lists), {"shot"})] == [
        "shell casings"
    ]
