"""The stage functions composed: the same code runs in faust agents and in batch mode.

Stage 1 (``enrich_batch``): exact de-duplication, classification, geocoding — CPU-bound,
batched, safe to run in a worker thread. Stage 2 (``resolve``): incident resolution and
the activation decision — cheap and stateful, run by the owner of the resolution key.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from enrich.activation import decide_activations
from enrich.dedup import ExactDeduplicator, content_hash
from enrich.geo.errors import GeoConfigError
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

log = logging.getLogger(__name__)


class ClassifierLike(Protocol):
    def classify_many(self, reports: Sequence[RawReport]) -> list[Classification]: ...


class LocatorLike(Protocol):
    def locate(
        self, report: RawReport, classification: Classification | None = None
    ) -> Location: ...


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


class Stages:
    """The stage functions with their in-memory state (dedup keys, recent incidents)."""

    def __init__(
        self,
        classifier: ClassifierLike,
        locator: LocatorLike,
        dedup: ExactDeduplicator | None = None,
        resolver: IncidentResolver | None = None,
        report_index_size: int = 200_000,
    ) -> None:
        self.classifier = classifier
        self.locator = locator
        self.dedup = dedup or ExactDeduplicator()
        self.resolver = resolver or IncidentResolver()
        self._incident_of: OrderedDict[str, str] = OrderedDict()
        # Bounded memory: the least recently touched entries go first (the store keeps all).
        self._incidents: OrderedDict[str, Incident] = OrderedDict()
        self._last_activation: dict[str, ActivationEvent] = {}
        self._index_size = report_index_size

    # -- stage 1 ---------------------------------------------------------
    def enrich_batch(self, reports: Sequence[RawReport]) -> list[EnrichedReport | StageFailure]:
        """De-duplicate, classify and locate a batch; failures are returned, not raised.

        A ``GeoConfigError`` (a geocoder refusing its credentials or URL) is raised: it is
        not the report's fault and would fail every report after it.
        """
        try:
            classes = self.classifier.classify_many(reports)
        except Exception:  # isolate the poison report: retry one by one
            log.warning(
                "classifying a batch of %d failed; retrying one by one", len(reports), exc_info=True
            )
            classes = []
            for report in reports:
                try:
                    classes.extend(self.classifier.classify_many([report]))
                except Exception as exc:
                    classes.append(exc)  # type: ignore[arg-type]
        results: list[EnrichedReport | StageFailure] = []
        for report, cls in zip(reports, classes, strict=True):
            if isinstance(cls, Exception):
                results.append(StageFailure(report, "classify", cls))
                continue
            try:
                location = self.locator.locate(report, cls)
                results.append(
                    EnrichedReport(
                        report=report,
                        classification=cls,
                        location=location,
                        content_hash=content_hash(report),
                        duplicate_of=self.dedup.check(report),
                    )
                )
            except GeoConfigError:
                raise
            except Exception as exc:
                results.append(StageFailure(report, "enrich", exc))
        return results

    # -- stage 2 ---------------------------------------------------------
    def resolve(self, enriched: EnrichedReport) -> ReportOutcome:
        """Attach a report to its incident and decide the activation events."""
        dup = enriched.duplicate_of
        if dup and dup != enriched.report_id and dup in self._incident_of:
            # The same story again under another id: provenance only, no new evidence.
            incident = self._incidents.get(self._incident_of[dup])
            self._remember(enriched.report_id, incident)
            return ReportOutcome(enriched, incident)
        before = self._incidents.get(self._incident_of.get(enriched.report_id, ""))
        incident = self.resolver.resolve(enriched)
        if set(incident.types) <= {IncidentType.NOT_INCIDENT}:
            return ReportOutcome(enriched, None)  # about no specific incident: report only
        self._remember(enriched.report_id, incident)
        changed = before is None or before.version != incident.version
        previous = self._last_activation.get(incident.incident_id)
        events = decide_activations(incident, previous, as_of=enriched.report.collected_at)
        for event in events:
            self._last_activation[incident.incident_id] = event
        return ReportOutcome(enriched, incident, events, incident_changed=changed)

    def incident(self, incident_id: str) -> Incident | None:
        """The latest known version of an incident."""
        return self._incidents.get(incident_id)

    def is_activated(self, incident_id: str) -> bool:
        """True when the incident's last activation event is not a cancellation."""
        last = self._last_activation.get(incident_id)
        return last is not None and last.type != ActivationType.CANCELLED

    def _remember(self, report_id: str, incident: Incident | None) -> None:
        if incident is None:
            return
        self._incident_of[report_id] = incident.incident_id
        self._incident_of.move_to_end(report_id)
        self._incidents[incident.incident_id] = incident
        self._incidents.move_to_end(incident.incident_id)
        while len(self._incident_of) > self._index_size:
            self._incident_of.popitem(last=False)
        while len(self._incidents) > self._index_size // 4:
            gone, _ = self._incidents.popitem(last=False)
            self._last_activation.pop(gone, None)

    def load_state(
        self,
        incidents: Sequence[Incident],
        activations: dict[str, ActivationEvent],
    ) -> None:
        """Rehydrate from the store: recent incidents and their last activation events."""
        self.resolver.load(incidents)
        for incident in incidents:
            for contributing in incident.reports:
                self._remember(contributing.report_id, incident)
        self._last_activation.update(activations)
