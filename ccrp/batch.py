"""Batch mode: the stream's stage functions over a JSON-lines file, without Kafka."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson

from ccrp.adapters import coerce_report
from ccrp.effects import BatchEffects
from ccrp.pipeline import ReportOutcome, StageFailure, Stages
from ingest.textcodec import decode_text
from schemas import EnrichedReport, Incident, RawReport
from schemas.eligibility import Eligibility, ccrp_eligibility
from schemas.geography import report_in_city


@dataclass
class BatchResult:
    """Counts of one batch run, and what it would have the stream record (``effects``)."""

    lines: int = 0
    processed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    activated: set[str] = field(default_factory=set)
    incidents: set[str] = field(default_factory=set)
    effects: BatchEffects = field(default_factory=BatchEffects)
    warnings: list[str] = field(default_factory=list)


def decoded_lines(handle: IO[bytes], warnings: list[str]) -> Iterator[str]:
    """Lines as text: UTF-8, else Windows-1252 with a warning (no character is replaced)."""
    for number, line in enumerate(handle, start=1):
        decoded = decode_text(line, f"line {number}")
        if decoded.warning:
            warnings.append(decoded.warning)
        yield decoded.text


def read_reports(stream: Iterable[str]) -> Iterator[tuple[int, RawReport | Exception]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield number, coerce_report(_loads(line))
        except Exception as exc:  # invalid JSON or schema: reported, the run goes on
            yield number, exc


def result_line(
    outcome: ReportOutcome, final: Incident | None, activated: bool, as_of: datetime
) -> dict[str, Any]:
    """The per-report output contract of ``ccrp process``.

    ``ccrp_activation``: the report's incident has a live CCRP activation (a follow-up that
    joins an activated incident shows true). ``ccrp_eligible``: this report on its own
    tells of a CCRP-type incident inside the City that occurred within 72 h of
    ``decided_as_of`` (the one rule of ``schemas.eligibility``).
    """
    er = outcome.enriched
    cls, loc = er.classification, er.location
    incident = final or outcome.incident
    in_area = report_in_city(cls, loc)
    return {
        "report_id": er.report_id,
        "incident_id": incident.incident_id if incident else None,
        "types": cls.types,
        "incident_types": incident.types if incident else cls.types,
        "new_incident": not cls.is_follow_up,
        "is_follow_up": cls.is_follow_up,
        "in_area": in_area,
        "municipality": cls.municipality,
        "location": {"lat": loc.lat, "lon": loc.lon, "precision": loc.precision, "text": loc.text},
        "neighbourhood": (
            loc.neighbourhood.model_dump(include={"code", "name", "classification"})
            if loc.neighbourhood
            else None
        ),
        "ccrp_activation": activated,
        "ccrp_eligible": report_eligibility(er, in_area, as_of).eligible,
        "decided_as_of": as_of.isoformat(),
        "programs": incident.programs if incident else [],
        "duplicate_of": er.duplicate_of if er.duplicate_of != er.report_id else None,
        "attributes": cls.attributes.model_dump(mode="json", exclude_none=True),
    }


def report_eligibility(er: EnrichedReport, in_area: bool | None, as_of: datetime) -> Eligibility:
    """CCRP eligibility of the incident one report tells of, on its own evidence."""
    cls = er.classification
    return ccrp_eligibility(
        cls.types,
        in_area,
        cls.attributes.occurred_at or er.report.occurred_at,
        er.report.reported_at,
        as_of,
        only_follow_ups=cls.is_follow_up,
        municipality=cls.municipality,
    )


def run_batch(
    stages: Stages,
    source: Iterable[str],
    sink: IO[str],
    batch_size: int = 256,
    result: BatchResult | None = None,
) -> BatchResult:
    """Process every line; write one result per report, or an error line, in input order."""
    result = result or BatchResult()
    outcomes: list[tuple[int, ReportOutcome | dict[str, Any]]] = []
    pending: list[tuple[int, RawReport]] = []

    def flush() -> None:
        enriched = stages.enrich_batch([r for _, r in pending])
        for (number, _), item in zip(pending, enriched, strict=True):
            if isinstance(item, StageFailure):
                outcomes.append(
                    (number, _error(number, item.report.report_id, item.stage, item.error))
                )
                continue
            outcome = stages.resolve(item)
            outcomes.append((number, outcome))
            result.effects.add(outcome)
            if outcome.incident is not None and any(e.is_ccrp for e in outcome.events):
                result.activated.add(outcome.incident.incident_id)
        pending.clear()

    for number, item in read_reports(source):
        result.lines += 1
        if isinstance(item, Exception):
            outcomes.append((number, _error(number, None, "decode", item)))
            continue
        pending.append((number, item))
        if len(pending) >= batch_size:
            flush()
    if pending:
        flush()
    for _, entry in sorted(outcomes, key=lambda pair: pair[0]):
        if isinstance(entry, dict):
            result.errors.append(entry)
            line = entry
        else:
            final = stages.incident(entry.incident.incident_id) if entry.incident else None
            activated = final is not None and stages.is_activated(final.incident_id)
            as_of = stages.decision_time(entry.enriched.report)
            line = result_line(entry, final, activated, as_of)
            result.processed += 1
            if final:
                result.incidents.add(final.incident_id)
        sink.write(orjson.dumps(line, default=str, option=orjson.OPT_APPEND_NEWLINE).decode())
    return result


def _loads(line: str) -> Any:
    """A line's JSON: orjson, and the standard parser where orjson refuses (NaN, numbers
    past 64 bits), so a line gets the same answer and error either way."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def _error(number: int, report_id: str | None, stage: str, exc: Exception) -> dict[str, Any]:
    return {"line": number, "report_id": report_id, "error": f"{stage}: {exc}", "stage": stage}


def process_file(stages: Stages, input_path: Path, output_path: Path) -> BatchResult:
    result = BatchResult()
    with input_path.open("rb") as src, output_path.open("w", encoding="utf-8") as dst:
        return run_batch(stages, decoded_lines(src, result.warnings), dst, result=result)
