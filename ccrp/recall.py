"""Before stage 2 resolves a batch: bring back from the durable record what memory lacks.

- Reports seen before (a redelivery after a crash, or a copy of a stored report) join the
  incident they joined then, whatever its age, instead of opening a second one.
- Reports about times memory has already forgotten (a portal row about a shooting
  weeks back) meet the stored incidents of those times, as they would have in memory:
  those whose labels could match one of them at all, so a court story about last year's
  killing reads back last year's violent deaths, not every call since.

Everything is read first and applied after, so a store failure leaves memory untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from enrich.affinity import MIN_AFFINITY, set_affinity
from enrich.matching import FOLLOW_UP_MIN_AFFINITY
from enrich.record import IncidentRecord, IncidentWithReports
from enrich.resolve import IncidentResolver
from schemas import ActivationEvent, EnrichedReport
from schemas.taxonomy import ALL_TYPES

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


def wanted_labels(resolver: IncidentResolver, batch: Sequence[EnrichedReport]) -> frozenset[str]:
    """Every label an incident needs for a report of the batch that reaches back past
    memory to be compared with it at all (matching's first test: the labels' affinity,
    closer for a follow-up). Incidents with none of them are never read back."""
    horizon = resolver.horizon()
    wanted: set[str] = set()
    for er in batch:
        if resolver.reach(er)[0] >= horizon:
            continue
        signature = resolver.signature(er)
        needed = FOLLOW_UP_MIN_AFFINITY if signature.is_follow_up else MIN_AFFINITY
        wanted.update(t for t in ALL_TYPES if set_affinity(signature.types, (t,)) >= needed)
    return frozenset(wanted)


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
        labels = wanted_labels(resolver, batch)
        wanted.update(
            incident_id
            for incident_id, types in history.incident_labels_active(*span)
            if resolver.get(incident_id) is None and labels.intersection(types)
        )
    if not wanted:
        return Recalled(links=links)
    incidents = history.incidents_with_reports(wanted)
    activations = history.last_activations([i.incident_id for i, _ in incidents])
    return Recalled(incidents, activations, links)
