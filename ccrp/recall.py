"""Before stage 2 resolves a batch: bring back from the durable record what memory lacks.

- Reports seen before (a redelivery after a crash, or a copy of a stored report) join the
  incident they joined then, whatever its age, instead of opening a second one.
- Reports about times memory has already forgotten (a portal row about a shooting
  weeks back) meet the stored incidents of those times, as they would have in memory.

Everything is read first and applied after, so a store failure leaves memory untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from enrich.record import IncidentRecord, IncidentWithReports
from enrich.resolve import IncidentResolver
from schemas import ActivationEvent, EnrichedReport

# A report's event time lies at most this long after the report itself.
AHEAD = timedelta(hours=1)


@dataclass
class Recalled:
    """What the record gave for one batch."""

    incidents: list[IncidentWithReports] = field(default_factory=list)
    activations: dict[str, ActivationEvent] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)


def _moment(posix: float) -> datetime:
    return datetime.fromtimestamp(posix, UTC)


def forgotten_span(
    resolver: IncidentResolver, batch: Sequence[EnrichedReport]
) -> tuple[datetime, datetime] | None:
    """The stretch of event time the batch reaches into that memory may have forgotten."""
    horizon = resolver.horizon()
    spans = [span for span in map(resolver.reach, batch) if span[0] < horizon]
    if not spans:
        return None
    start = _moment(min(lo for lo, _ in spans)) - AHEAD
    end = _moment(min(max(hi for _, hi in spans), horizon)) + resolver.follow_up_window
    return start, end


def recall(
    history: IncidentRecord,
    resolver: IncidentResolver,
    batch: Sequence[EnrichedReport],
    aliases: dict[str, str],
) -> Recalled:
    """Read the incidents this batch may need that memory does not hold."""
    asked = {er.report_id for er in batch} | {er.duplicate_of for er in batch if er.duplicate_of}
    unknown = {r for r in asked if resolver.incident_of(r) is None and r not in aliases}
    links = history.report_incidents(unknown) if unknown else {}
    wanted = {i for i in links.values() if resolver.get(i) is None}
    span = forgotten_span(resolver, batch)
    if span is not None:
        wanted.update(i for i in history.incident_ids_active(*span) if resolver.get(i) is None)
    if not wanted:
        return Recalled(links=links)
    incidents = history.incidents_with_reports(wanted)
    activations = history.last_activations([i.incident_id for i, _ in incidents])
    return Recalled(incidents, activations, links)
