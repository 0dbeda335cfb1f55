"""Scoring incident resolution against labelled clusters: pairwise P/R/F1 and B-cubed,
separately for news–news and news–police pairs, per half of a frozen date split.

The labels (``enrich/data/labels``) name, by report id only, which news items, police calls
and fire incidents are one real incident. A news item without a label is about no
incident (its own cluster); a call without a label is joined to no news item. A pair
belongs to the half of its later item's local date; an item to the half of its own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

NEWS, POLICE = "news", "police"  # police stands for every structured feed (calls, fire)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one comparison, with the counts behind them."""

    precision: float
    recall: float
    predicted: int
    expected: int
    correct: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Item:
    """A report as the scoring sees it: its id, kind (news or police) and local date."""

    report_id: str
    kind: str
    day: date


def read_labels(path: Path) -> dict[str, str]:
    """``{report_id: cluster}`` from a clusters file (one JSON object per cluster)."""
    truth: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for member in row["members"]:
            if member in truth:
                raise ValueError(f"{member} is in clusters {truth[member]} and {row['cluster']}")
            truth[member] = row["cluster"]
    return truth


def _clusters(assignment: Mapping[str, str], items: Iterable[str]) -> dict[str, set[str]]:
    """Cluster -> members, for these items; an item without an assignment stands alone."""
    groups: dict[str, set[str]] = defaultdict(set)
    for item in items:
        groups[assignment.get(item, f"alone:{item}")].add(item)
    return groups


def _pairs(groups: Mapping[str, set[str]], kinds: Mapping[str, str], want: str) -> set[frozenset]:
    out = set()
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            pair_kinds = {kinds[a], kinds[b]}
            if (want == "news-news" and pair_kinds == {NEWS}) or (
                want == "news-police" and pair_kinds == {NEWS, POLICE}
            ):
                out.add(frozenset((a, b)))
    return out


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def pairwise(
    predicted: Mapping[str, str],
    truth: Mapping[str, str],
    items: Mapping[str, Item],
    want: str,
    in_half: set[str],
) -> Score:
    """Pairwise scores over pairs whose later item lies in ``in_half``."""
    kinds = {i: item.kind for i, item in items.items()}
    later = {i: item.day for i, item in items.items()}

    def counted(pairs: set[frozenset]) -> set[frozenset]:
        return {p for p in pairs if max(p, key=lambda i: (later[i], i)) in in_half}

    pred = counted(_pairs(_clusters(predicted, items), kinds, want))
    true = counted(_pairs(_clusters(truth, items), kinds, want))
    hits = len(pred & true)
    return Score(_ratio(hits, len(pred)), _ratio(hits, len(true)), len(pred), len(true), hits)


def bcubed(predicted: Mapping[str, str], truth: Mapping[str, str], scored: Iterable[str]) -> Score:
    """B-cubed precision and recall over the ``scored`` items, clusters restricted to them."""
    scored = list(scored)
    pred = _clusters(predicted, scored)
    true = _clusters(truth, scored)
    pred_of = {i: pred[predicted.get(i, f"alone:{i}")] for i in scored}
    true_of = {i: true[truth.get(i, f"alone:{i}")] for i in scored}
    if not scored:
        return Score(1.0, 1.0, 0, 0, 0)
    precision = sum(len(pred_of[i] & true_of[i]) / len(pred_of[i]) for i in scored) / len(scored)
    recall = sum(len(pred_of[i] & true_of[i]) / len(true_of[i]) for i in scored) / len(scored)
    return Score(precision, recall, len(scored), len(scored), 0)


def evaluate_half(
    predicted: Mapping[str, str],
    truth: Mapping[str, str],
    items: Mapping[str, Item],
    first: date,
    last: date,
) -> dict[str, Score]:
    """Every score for the half ``[first, last]`` (local dates)."""
    in_half = {i for i, item in items.items() if first <= item.day <= last}
    news = {i for i in in_half if items[i].kind == NEWS}
    linked = {
        i
        for i in in_half
        if items[i].kind == POLICE
        and (i in truth or any(items[j].kind == NEWS for j in _mates(predicted, i)))
    }
    return {
        "news-news pairwise": pairwise(predicted, truth, items, "news-news", in_half),
        "news-police pairwise": pairwise(predicted, truth, items, "news-police", in_half),
        "news-news B-cubed": bcubed(predicted, truth, news),
        "news-police B-cubed": bcubed(predicted, truth, news | linked),
    }


def _mates(assignment: Mapping[str, str], item: str) -> set[str]:
    cluster = assignment.get(item)
    if cluster is None:
        return set()
    return {i for i, c in assignment.items() if c == cluster and i != item}
