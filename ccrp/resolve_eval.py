"""Run the stage functions over labelled reports: score resolution against cluster labels,
and fit the evidence weights on one half of a labelled set (``ccrp resolve fit``).

The reports of every input are processed once, in time order, as the stream would see
them; the scores are then taken per half of the frozen date split. Errors are listed for
the development half only unless asked: the held-out half is for measuring.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from ccrp.adapters import coerce_report
from ccrp.pipeline import ReportOutcome, Stages
from enrich.affinity import validate_types
from enrich.calibration import Pair, calibrated, check, fit, labelled_pairs, weights_json
from enrich.evidence import WEIGHTS_FILE
from enrich.resolve_eval import NEWS, POLICE, Item, Score, evaluate_half, read_labels
from enrich.retraction import as_retraction
from enrich.signatures import Signature
from schemas import EnrichedReport, RawReport, SourceKind
from schemas.taxonomy import IncidentType

TORONTO = ZoneInfo("America/Toronto")
DEV = (date(2026, 7, 9), date(2026, 7, 13))
HOLDOUT = (date(2026, 7, 14), date(2026, 7, 17))
BATCH = 256


@dataclass
class Resolution:
    """What one run made of the inputs: report -> incident, and the items scored."""

    predicted: dict[str, str]
    items: dict[str, Item]
    outcomes: dict[str, ReportOutcome]


def read_inputs(paths: Iterable[Path]) -> list[RawReport]:
    """Every report of the input files, in the order the stream would see them."""
    reports = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                reports.append(coerce_report(json.loads(line)))
    return sorted(reports, key=lambda r: (r.reported_at, r.report_id))


def local_day(report: RawReport) -> date:
    return report.reported_at.astimezone(TORONTO).date()


def resolve_all(stages: Stages, reports: Sequence[RawReport]) -> Resolution:
    """Stage 1 and stage 2 over the reports in batches, as in the stream."""
    outcomes: dict[str, ReportOutcome] = {}
    for start in range(0, len(reports), BATCH):
        enriched = [
            e
            for e in stages.enrich_batch(reports[start : start + BATCH])
            if isinstance(e, EnrichedReport)
        ]
        for result in stages.resolve_batch(enriched):
            if isinstance(result, ReportOutcome):
                outcomes[result.enriched.report_id] = result
    predicted = {}
    for report_id, outcome in outcomes.items():
        if outcome.incident is not None:
            predicted[report_id] = stages.final_incident_id(outcome.incident.incident_id)
    items = {
        r.report_id: Item(
            r.report_id, NEWS if r.source_kind == SourceKind.NEWS else POLICE, local_day(r)
        )
        for r in reports
        if r.source_kind in (SourceKind.NEWS, SourceKind.POLICE, SourceKind.MUNICIPAL)
    }
    return Resolution(predicted, items, outcomes)


Halves = Mapping[str, tuple[date, date]]
SPLIT: Halves = {"dev": DEV, "held-out": HOLDOUT}


def signatures_of(stages: Stages, reports: Sequence[RawReport]) -> dict[str, Signature]:
    """Stage 1 over the reports, and the matching signature of each that may join an
    incident (not-incident stories never do)."""
    out = {}
    for start in range(0, len(reports), BATCH):
        for er in stages.enrich_batch(reports[start : start + BATCH]):
            if not isinstance(er, EnrichedReport):
                continue
            er = as_retraction(er)
            labels = validate_types(er.classification.types)
            if labels and labels <= {IncidentType.NOT_INCIDENT}:
                continue
            out[er.report_id] = stages.resolver.signature(er)
    return out


def item_days(reports: Sequence[RawReport]) -> dict[str, date]:
    """The local date of each report."""
    return {r.report_id: local_day(r) for r in reports}


def score(
    run: Resolution, truth: dict[str, str], halves: Halves = SPLIT
) -> dict[str, dict[str, Score]]:
    """Every score, per named half ``{name: (first, last)}`` (local dates, inclusive)."""
    return {
        f"{name} {first:%m-%d}..{last:%m-%d}": evaluate_half(
            run.predicted, truth, run.items, first, last
        )
        for name, (first, last) in halves.items()
    }


def errors(run: Resolution, truth: dict[str, str], first: date, last: date) -> list[str]:
    """Wrong joins and missed joins involving a news item of the half, in words."""
    lines = []
    news = [i for i, item in run.items.items() if item.kind == NEWS and first <= item.day <= last]
    for item in sorted(news):
        mine = {
            j for j, inc in run.predicted.items() if inc == run.predicted.get(item) and j != item
        }
        true = {j for j, c in truth.items() if c == truth.get(item) and j != item}
        mine = {j for j in mine if j in run.items}
        if item not in run.predicted:
            mine = set()
        for j in sorted(mine - true):
            lines.append(f"wrong join   {item}  +  {j}")
        for j in sorted(true - mine):
            lines.append(f"missed join  {item}  +  {j}")
    return lines


def render(scores: dict[str, dict[str, Score]]) -> str:
    rows = [
        "| half | comparison | precision | recall | F1 | pairs predicted / true |",
        "|---|---|---|---|---|---|",
    ]
    for half, table in scores.items():
        for name, s in table.items():
            counts = (
                f"{s.predicted} / {s.expected}" if "pairwise" in name else f"{s.predicted} items"
            )
            rows.append(
                f"| {half} | {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {counts} |"
            )
    return "\n".join(rows)


def _pairs(labels: Path, inputs: list[Path], halves: Halves) -> dict[str, list[Pair]]:
    reports = read_inputs(inputs)
    from ccrp.runtime import build_stages  # the classifier and locator: loaded on demand
    from ccrp.settings import get_settings

    signatures = signatures_of(build_stages(get_settings()), reports)
    days, truth = item_days(reports), read_labels(labels)
    return {
        name: labelled_pairs(signatures, truth, days, first, last)
        for name, (first, last) in halves.items()
    }


def run_fit(
    labels: Path,
    inputs: list[Path],
    halves: Halves,
    fit_half: str,
    shared: tuple[Path, list[Path]] | None,
    write: bool,
) -> str:
    """Fit, check, and (with ``write``) write the weights; the report in words."""
    pairs = _pairs(labels, inputs, halves)
    if shared is not None:
        pairs["shared dev"] = _pairs(shared[0], shared[1], {"dev": DEV})["dev"]
    bias, weights = fit(pairs[fit_half])
    fitted = calibrated(bias, weights)
    lines = [
        f"fitted on the {fit_half} half: {len(pairs[fit_half])} pairs",
        json.dumps({"bias": round(bias, 3), **{k: round(v, 3) for k, v in weights.items()}}),
        "",
        "| pairs of | weights | pairs | one incident | log loss | Brier | P at 0.5 | R at 0.5 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, chosen in pairs.items():
        for label, fn in (("in use", None), ("fitted", fitted)):
            c = check(chosen, fn)
            lines.append(
                f"| {name} | {label} | {c['pairs']} | {c.get('same', 0)} | {c.get('log_loss')} "
                f"| {c.get('brier')} | {c.get('precision')} | {c.get('recall')} |"
            )
    if write:
        first, last = halves[fit_half]
        where = f"the {fit_half} half ({first}..{last}) of {labels.parent}"
        WEIGHTS_FILE.write_text(weights_json(bias, weights, where), encoding="utf-8")
        lines.append(f"\nwritten: {WEIGHTS_FILE}")
    return "\n".join(lines)
