"""Evaluation against hand labels: per-type P/R/F1, macro-F1, flag accuracy, CCRP eligibility."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from classify.errors import LabelFileError
from schemas import Classification, RawReport, SourceKind, is_ccrp_type
from schemas.eligibility import ccrp_eligibility

LOCAL_TZ = ZoneInfo("America/Toronto")
# The frozen split of the real news items (local publication dates, inclusive): rules and
# training sentences are developed on the first half only; the second half is held out.
SPLITS: dict[str, tuple[date, date]] = {
    "dev": (date(2026, 7, 9), date(2026, 7, 13)),
    "holdout": (date(2026, 7, 14), date(2026, 7, 17)),
}


@dataclass
class Scores:
    """True/false positive and negative counts for one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """All figures of one evaluation run."""

    per_type: dict[str, Scores] = field(default_factory=dict)
    follow_up: Counter[tuple[Any, Any]] = field(default_factory=Counter)
    in_area: Counter[tuple[Any, Any]] = field(default_factory=Counter)
    eligibility: Scores = field(default_factory=Scores)
    items: int = 0
    incident_items: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        present = [s for s in self.per_type.values() if s.tp + s.fn]
        return sum(s.f1 for s in present) / len(present) if present else 0.0

    @staticmethod
    def accuracy(confusion: Counter[tuple[Any, Any]]) -> float:
        total = sum(confusion.values())
        right = sum(n for (gold, pred), n in confusion.items() if gold == pred)
        return right / total if total else 0.0


def is_eligible(c: Classification, published: datetime | None = None) -> bool:
    """CCRP eligibility of one classification (decided at ``published``; without it, as a
    new incident only)."""
    return eligible_by_rule(c.types, c.in_area, c.is_follow_up, c.attributes.occurred_at, published)


def eligible_by_rule(
    types: list[str],
    in_area: bool | None,
    is_follow_up: bool,
    occurred_at: datetime | None,
    published: datetime | None,
) -> bool:
    """CCRP eligibility of one item by the one rule (``schemas.eligibility``), decided at
    its publication: a CCRP type, in the City, and an incident of the last 72 h -- a new
    incident, or a follow-up whose incident's time the text gives as recent."""
    if published is None:
        return is_ccrp_type(types) and in_area is True and not is_follow_up
    decision = ccrp_eligibility(
        types, in_area, occurred_at, published, published, only_follow_ups=is_follow_up
    )
    return decision.eligible


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSON-lines file, with a clear error on a malformed line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise LabelFileError(f"{path.name}:{number}: not JSON ({exc})") from exc
    return rows


def carries_text(rows: list[dict[str, Any]]) -> bool:
    """True when labelled rows also hold the item's text (a self-contained evaluation set)."""
    return bool(rows) and all("title" in row and "guid" in row for row in rows)


def news_report(row: dict[str, Any]) -> RawReport:
    """A RawReport from one row of the news JSON-lines file."""
    published = datetime.fromisoformat(row["published"]) if row.get("published") else None
    return RawReport(
        source=row.get("source", "news"),
        source_kind=SourceKind.NEWS,
        item_id=str(row["guid"]),
        url=row.get("link"),
        title=row.get("title", ""),
        body=row.get("summary", ""),
        published_at=published,
        collected_at=published or datetime.now(UTC),
    )


def local_date(report: RawReport) -> date | None:
    """The report's publication date in America/Toronto."""
    when = report.published_at
    return when.astimezone(LOCAL_TZ).date() if when else None


def select_dates(
    labels: list[dict[str, Any]],
    items: list[RawReport],
    since: date | None = None,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """The labels whose item was published (local date) within ``since``..``until``."""
    if since is None and until is None:
        return labels
    dated = {r.item_id: local_date(r) for r in items}
    kept = []
    for label in labels:
        day = dated.get(str(label.get("guid")))
        if day is None:
            continue
        if (since is None or day >= since) and (until is None or day <= until):
            kept.append(label)
    return kept


def evaluate(
    labels: list[dict[str, Any]],
    predicted: dict[str, Classification],
    published: dict[str, datetime] | None = None,
) -> Evaluation:
    """Score predictions (by guid) against labels; incident flags only on incident items.

    Eligibility applies the one rule to the gold labels and to the predictions alike; the
    incident's time comes from the prediction (labels give none), so the comparison is of
    types, area and follow-up alone.
    """
    result = Evaluation()
    for label in labels:
        guid = str(label.get("guid"))
        if guid not in predicted:
            raise LabelFileError(f"label guid {guid} has no item in the input")
        pred = predicted[guid]
        gold_types = set(label["types"])
        result.items += 1
        gold_incident = gold_types != {"not_incident"}
        if gold_incident:
            result.incident_items += 1
            for t in gold_types | set(pred.types):
                scores = result.per_type.setdefault(t, Scores())
                if t in gold_types and t in pred.types:
                    scores.tp += 1
                elif t in pred.types:
                    scores.fp += 1
                else:
                    scores.fn += 1
            result.follow_up[(label.get("is_follow_up"), pred.is_follow_up)] += 1
            result.in_area[(label.get("in_area"), pred.in_area)] += 1
        if set(pred.types) != gold_types:
            result.errors.append(f"{guid}: types gold={sorted(gold_types)} pred={pred.types}")
        when = (published or {}).get(guid)
        occurred = pred.attributes.occurred_at
        gold_eligible = eligible_by_rule(
            sorted(gold_types),
            label.get("in_area"),
            bool(label.get("is_follow_up")),
            occurred,
            when,
        )
        pred_eligible = is_eligible(pred, when)
        result.eligibility.tp += gold_eligible and pred_eligible
        result.eligibility.fp += pred_eligible and not gold_eligible
        result.eligibility.fn += gold_eligible and not pred_eligible
        if gold_eligible != pred_eligible:
            result.errors.append(f"{guid}: eligible gold={gold_eligible} pred={pred_eligible}")
    return result
