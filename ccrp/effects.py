"""Side effects of stage 2, grouped so they are applied in a crash-safe order.

Order: produce incident updates and activation events to Kafka (awaiting delivery),
then write the store. A crash in between replays the message; the activation event id
is derived from the incident and its version, so the case system sees a duplicate id,
never a second activation.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ccrp.pipeline import ReportOutcome, StageFailure, Stages
from ccrp.transport import decode
from schemas import ActivationEvent, DeadLetter, EnrichedReport, Incident
from schemas.corrections import IncidentCorrection

log = logging.getLogger(__name__)


@dataclass
class BatchEffects:
    """What one batch of stage-2 outcomes asks the world to record."""

    reports: list[tuple[EnrichedReport, str | None]] = field(default_factory=list)
    incidents: dict[str, Incident] = field(default_factory=dict)
    versions: list[Incident] = field(default_factory=list)
    corrections: list[IncidentCorrection] = field(default_factory=list)
    events: list[ActivationEvent] = field(default_factory=list)
    # Each consumed message with its outcome, to record them one by one if a batch is refused.
    by_message: list[tuple[Any, ReportOutcome]] = field(default_factory=list)

    def add(self, outcome: ReportOutcome) -> None:
        incident = outcome.incident
        self.reports.append((outcome.enriched, incident.incident_id if incident else None))
        if incident is not None and outcome.incident_changed:
            self.incidents[incident.incident_id] = incident  # the topic gets the latest only
            self.versions.append(incident)  # the store keeps every version
        for gone in outcome.absorbed:  # merged into the incident: an alias from now on
            self.incidents[gone.incident_id] = gone
            self.versions.append(gone)
        self.events.extend(outcome.events)
        self.corrections.extend(outcome.corrections)


def dead_letter(msg: Any, stage: str, error: BaseException, key: str | None = None) -> DeadLetter:
    """Wrap a consumed message's original bytes and the reason a stage failed on it."""
    original_key = key if key is not None else msg.key
    if isinstance(original_key, bytes):
        original_key = original_key.decode("utf-8", errors="replace")
    return DeadLetter(
        key=original_key,
        value_b64=base64.b64encode(msg.value or b"").decode("ascii"),
        topic=msg.topic,
        partition=msg.partition,
        offset=msg.offset,
        stage=stage,
        error=str(error)[:2000] or type(error).__name__,
        error_type=type(error).__name__,
        failed_at=datetime.now(UTC),
    )


def resolve_batch(stages: Stages, messages: Sequence[Any]) -> tuple[BatchEffects, list[DeadLetter]]:
    """Stage 2 over one batch of consumed messages, off the event loop.

    A message that cannot be decoded or resolved becomes a dead letter and the rest of the
    batch goes on; an infrastructure error (the store unreachable) raises, and the batch
    is retried whole.
    """
    decoded: list[tuple[Any, EnrichedReport]] = []
    failures: list[DeadLetter] = []
    for msg in messages:
        try:
            decoded.append((msg, decode(EnrichedReport, msg.value)))
        except Exception as exc:
            failures.append(dead_letter(msg, "decode", exc))
    results = stages.resolve_batch([er for _, er in decoded])
    effects = BatchEffects()
    for (msg, _), result in zip(decoded, results, strict=True):
        if isinstance(result, StageFailure):
            log.warning("resolve failed at offset %s: %s", msg.offset, result.error)
            failures.append(dead_letter(msg, result.stage, result.error))
        else:
            effects.add(result)
            effects.by_message.append((msg, result))
    return effects, failures


def one_by_one(effects: BatchEffects) -> list[tuple[Any, BatchEffects]]:
    """The batch's effects split per consumed message."""
    split = []
    for msg, outcome in effects.by_message:
        single = BatchEffects()
        single.add(outcome)
        split.append((msg, single))
    return split


def resolution_key(enriched: EnrichedReport) -> str:
    """Key of the resolution stage: reports that could be one incident share a key.

    Incidents never span municipalities, so the key is the municipality (Toronto for
    in-City and unknown); resolution is cheap, the heavy stage 1 scales by raw partitions.
    """
    cls = enriched.classification
    if cls.in_area is False and cls.municipality:
        return cls.municipality.strip().lower()
    if enriched.location.in_city is False and cls.municipality:
        return cls.municipality.strip().lower()
    return "toronto"
