"""The stage functions composed: the same code runs in faust agents and in batch mode.

Stage 1 (``enrich_batch``): exact de-duplication, classification, geocoding — CPU-bound,
batched, safe to run in a worker thread. Stage 2 (``resolve``): incident resolution and
the activation decision — cheap and stateful, run by the owner of the resolution key.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from ccrp.decision_time import DecisionTime, report_time
from ccrp.errors import is_infrastructure
from ccrp.recall import recall
from enrich.activation import decide_activations, merged_event
from enrich.crisis import decide_crisis_referral
from enrich.dedup import ExactDeduplicator, content_hash
from enrich.geo.errors import GeoConfigError
from enrich.history import NeighbourhoodHistory
from enrich.record import IncidentRecord
from enrich.resolve import IncidentResolver
from schemas import (
    ActivationEvent,
    ActivationType,
    Classification,
    EnrichedReport,
    Incident,
    IncidentType,
    Location,
    RawReport,
)
from schemas.corrections import CorrectionKind, IncidentCorrection

log = logging.getLogger(__name__)


class ClassifierLike(Protocol):
    """What stage 1 needs of a classifier."""

    def classify_many(self, reports: Sequence[RawReport]) -> list[Classification]: ...


class LocatorLike(Protocol):
    """What stage 1 needs of a locator."""

    def locate(
        self, report: RawReport, classification: Classification | None = None
    ) -> Location: ...

    def remember(self, report: RawReport, patrol: str | None = None) -> bool: ...


@dataclass
class StageFailure:
    """A report one stage could not handle; it goes to the dead-letter topic."""

    report: RawReport
    stage: str
    error: Exception


@dataclass
class ReportOutcome:
    """What stage 2 made of one enriched report."""

    enriched: EnrichedReport
    incident: Incident | None
    events: list[ActivationEvent] = field(default_factory=list)
    incident_changed: bool = False
    absorbed: list[Incident] = field(default_factory=list)  # merged into ``incident``
    corrections: list[IncidentCorrection] = field(default_factory=list)


class Stages:
    """The stage functions with their in-memory state: dedup keys, recent incidents, their
    last activation events, and the per-neighbourhood history of CCRP incidents."""

    def __init__(
        self,
        classifier: ClassifierLike,
        locator: LocatorLike,
        dedup: ExactDeduplicator | None = None,
        resolver: IncidentResolver | None = None,
        report_index_size: int = 80_000,
        record: IncidentRecord | None = None,
        history: NeighbourhoodHistory | None = None,
        decision_time: DecisionTime = report_time,
    ) -> None:
        self.classifier = classifier
        self.locator = locator
        self.dedup = dedup or ExactDeduplicator()
        self.resolver = resolver or IncidentResolver()
        self.record = record
        self.decision_time = decision_time  # when "the last 72 h" is judged from
        # Bounded memory: the least recently touched entries go first (the store keeps all).
        self._aliases: OrderedDict[str, str] = OrderedDict()  # copies of member reports
        self._incidents: OrderedDict[str, Incident] = OrderedDict()
        self._last_activation: dict[str, ActivationEvent] = {}
        self._crisis_referred: set[str] = set()
        self.history = history or NeighbourhoodHistory()
        self._index_size = report_index_size
        # Stage 2's state (resolver, incidents, activations) is shared with corrections.
        self.lock = threading.RLock()

    # -- stage 1 ---------------------------------------------------------
    def enrich_batch(self, reports: Sequence[RawReport]) -> list[EnrichedReport | StageFailure]:
        """De-duplicate, classify and locate a batch; failures are returned, not raised.

        A ``GeoConfigError`` (a geocoder refusing its credentials or URL) is raised: it is
        not the report's fault and would fail every report after it.
        """
        try:
            classes = self.classifier.classify_many(reports)
        except Exception as exc:  # isolate the poison report: retry one by one
            if is_infrastructure(exc):
                raise
            log.warning(
                "classifying a batch of %d failed; retrying one by one", len(reports), exc_info=True
            )
            classes = []
            for report in reports:
                try:
                    classes.extend(self.classifier.classify_many([report]))
                except Exception as exc:
                    if is_infrastructure(exc):
                        raise
                    classes.append(exc)  # type: ignore[arg-type]
        results: list[EnrichedReport | StageFailure] = []
        prime = getattr(self.locator, "prime", None)
        if prime is not None:  # the batch's own points, looked up together
            prime(reports)
        for report, cls in zip(reports, classes, strict=True):
            if isinstance(cls, Exception):
                results.append(StageFailure(report, "classify", cls))
                continue
            try:
                location = self.locator.locate(report, cls)
                digest = content_hash(report)
                results.append(
                    EnrichedReport(
                        report=report,
                        classification=cls,
                        location=location,
                        content_hash=digest,
                        duplicate_of=self.dedup.check(report, digest),
                    )
                )
            except GeoConfigError:
                raise
            except Exception as exc:
                if is_infrastructure(exc):
                    raise
                results.append(StageFailure(report, "enrich", exc))
        flush = getattr(self.locator, "flush", None)
        if flush is not None:  # the batch's learning, in one write
            flush()
        return results

    # -- stage 2 ---------------------------------------------------------
    def resolve_batch(self, batch: Sequence[EnrichedReport]) -> list[ReportOutcome | StageFailure]:
        """Resolve a batch in order; a report that fails is returned as a failure.

        What the durable record holds and memory lacks is read first (:mod:`ccrp.recall`);
        a failure to read it is an infrastructure error and raises before anything changes.
        """
        self._recall(batch)
        outcomes: list[ReportOutcome | StageFailure] = []
        with self.resolver.holding():
            for enriched in batch:
                try:
                    outcomes.append(self._resolve_one(enriched))
                except Exception as exc:
                    if is_infrastructure(exc):
                        raise
                    outcomes.append(StageFailure(enriched.report, "resolve", exc))
        return outcomes

    def resolve(self, enriched: EnrichedReport) -> ReportOutcome:
        """Attach one report to its incident and decide the activation events."""
        result = self.resolve_batch([enriched])[0]
        if isinstance(result, StageFailure):
            raise result.error
        return result

    def _resolve_one(self, enriched: EnrichedReport) -> ReportOutcome:
        report_id = enriched.report_id
        member_of = self.resolver.incident_of(report_id)
        copy_of = self._aliases.get(report_id)
        dup = enriched.duplicate_of
        if copy_of is None and dup and dup != report_id:
            copy_of = self.resolver.incident_of(dup) or self._aliases.get(dup)
        if member_of is None and copy_of is not None:
            # The same story again under another id: provenance only, no new evidence.
            incident = self.resolver.get(copy_of) or self._incidents.get(copy_of)
            if incident is not None:
                self._remember_alias(report_id, copy_of)
                self.remember(incident)
                return ReportOutcome(enriched, incident)
        before = self.resolver.get(member_of) if member_of else None
        as_of = self.decision_time(enriched.report)
        incident = self.resolver.resolve(enriched, as_of)
        if set(incident.types) <= {IncidentType.NOT_INCIDENT}:
            return ReportOutcome(enriched, None)  # about no specific incident: report only
        self.remember(incident)
        changed = before is None or before.version != incident.version
        absorbed, events, corrections = self._merged(as_of)
        self.history.observe(incident)
        previous = self._last_activation.get(incident.incident_id)
        repetition = self.history.repetition(incident)
        merged = [f"merged with {a.incident_id}" for a in absorbed]
        events += decide_activations(incident, previous, as_of, repetition, merged)
        for event in events:
            self.note_activation(event)
        referred = incident.incident_id in self._crisis_referred
        crisis = decide_crisis_referral(incident, referred, as_of)
        if crisis:
            self._crisis_referred.add(incident.incident_id)
        return ReportOutcome(enriched, incident, events + crisis, changed, absorbed, corrections)

    def _merged(
        self, as_of: datetime
    ) -> tuple[list[Incident], list[ActivationEvent], list[IncidentCorrection]]:
        """The incidents the last report merged away, their cancellations, and the record
        of each merge."""
        absorbed, events, corrections = [], [], []
        for merge in self.resolver.take_merges():
            gone = merge.absorbed
            absorbed.append(gone)
            corrections.append(
                IncidentCorrection.request(
                    CorrectionKind.MERGE,
                    merge.survivor_id,
                    f"report {merge.report_id} matched both (score {merge.score:.2f})",
                    "resolver",
                    other_incident_id=gone.incident_id,
                    report_ids=[merge.report_id],
                ).model_copy(update={"requested_at": as_of})
            )
            self.remember(gone)
            self.history.observe(gone)  # a merged incident leaves the history
            events += merged_event(gone, self._last_activation.get(gone.incident_id), as_of)
        return absorbed, events, corrections

    def note_activation(self, event: ActivationEvent) -> None:
        """Record an activation event sent for an incident."""
        subject = event.ccrp.incident_id
        self._last_activation[subject] = event
        if event.type == ActivationType.CANCELLED:
            self.resolver.activated.discard(subject)
        else:
            self.resolver.activated.add(subject)

    def final_incident_id(self, incident_id: str) -> str:
        """The id an incident is known by now (itself, or the incident it was merged into)."""
        return self.resolver.final_id(incident_id)

    def incident(self, incident_id: str) -> Incident | None:
        """The latest known version of an incident."""
        return self._incidents.get(incident_id)

    def last_activation(self, incident_id: str) -> ActivationEvent | None:
        """The last CCRP activation event sent for an incident."""
        return self._last_activation.get(incident_id)

    def is_activated(self, incident_id: str) -> bool:
        """True when the incident's last activation event is not a cancellation."""
        last = self._last_activation.get(incident_id)
        return last is not None and last.type != ActivationType.CANCELLED

    def remember(self, incident: Incident) -> None:
        """Keep the latest version of an incident (bounded: the oldest go first)."""
        self._incidents[incident.incident_id] = incident
        self._incidents.move_to_end(incident.incident_id)
        while len(self._incidents) > self._index_size // 4:
            gone, _ = self._incidents.popitem(last=False)
            self._last_activation.pop(gone, None)
            self._crisis_referred.discard(gone)

    def _remember_alias(self, report_id: str, incident_id: str) -> None:
        self._aliases[report_id] = incident_id
        self._aliases.move_to_end(report_id)
        while len(self._aliases) > self._index_size:
            self._aliases.popitem(last=False)

    def _recall(self, batch: Sequence[EnrichedReport]) -> None:
        if self.record is None:
            return
        found = recall(self.record, self.resolver, batch, self._aliases)
        self.load_state(
            [incident for incident, _ in found.incidents],
            found.activations,
            {incident.incident_id: members for incident, members in found.incidents},
        )
        for report_id, incident_id in found.links.items():
            if self.resolver.incident_of(report_id) is None:
                self._remember_alias(report_id, incident_id)

    def load_state(
        self,
        incidents: Sequence[Incident],
        activations: dict[str, ActivationEvent],
        members: dict[str, list[EnrichedReport]] | None = None,
        crisis_referred: Collection[str] = (),
    ) -> None:
        """Rehydrate incidents (with their stored reports), their last CCRP activation events,
        the incidents already referred to the crisis service, the neighbourhood history."""
        taken = set(self.resolver.load(incidents, members))
        for incident in incidents:
            if incident.incident_id in taken:
                self.remember(incident)
        for incident_id, event in activations.items():
            if incident_id not in self._last_activation:
                self.note_activation(event)
        self._crisis_referred.update(crisis_referred)
        self.history.load([i for i in incidents if i.incident_id in taken])
