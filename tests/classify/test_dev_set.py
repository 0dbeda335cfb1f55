"""The labelled dev set: label file shape, and the targets on the shared news items."""

from __future__ import annotations

import json
from pathlib import Path

from classify import Classifier
from classify.evaluate import evaluate, news_report, read_jsonl
from classify.report import render
from tests.conftest import shared_path

LABELS = (
    Path(__file__).resolve().parents[2]
    / "classify"
    / "data"
    / "labels"
    / "news-2026-07-09_17.jsonl"
)
LABEL_KEYS = {"guid", "types", "is_follow_up", "new_incident", "in_area", "municipality",
              "ccrp_eligible"}  # fmt: skip


def test_label_file_holds_labels_only() -> None:
    rows = read_jsonl(LABELS)
    assert len(rows) == 93
    assert all(set(row) == LABEL_KEYS for row in rows)
    assert len({row["guid"] for row in rows}) == 93


def test_dev_set_meets_the_targets() -> None:
    news_file = shared_path("news/toronto-news-2026-07-09_17.jsonl")
    items = [news_report(json.loads(line)) for line in news_file.open()]
    predictions = Classifier.load().classify_many(items)
    predicted = {r.item_id: c for r, c in zip(items, predictions, strict=True)}
    result = evaluate(read_jsonl(LABELS), predicted)
    report = render(result)
    assert result.items == 93 and "macro-F1" in report
    assert result.macro_f1 >= 0.90
    assert result.eligibility.recall == 1.0
    assert result.eligibility.precision >= 0.9
