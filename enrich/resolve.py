"""Incident resolution: join reports of one real-world incident across sources.

The resolver keeps recent incidents in memory, indexed by hour, label and place
(:mod:`enrich.incident_index`), so a report is scored (:mod:`enrich.matching`) only
against the few incidents of compatible labels near its own time and spot.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from enrich.affinity import validate_types
from enrich.corrections import combine, merged_away, survivor_first
from enrich.incident_index import IncidentIndex
from enrich.matching import TIME_TOLERANCE, Match, bridges, choose, compatible, evaluate
from enrich.merge import (
    is_retraction,
    merge_report,
    occurrence_rank,
    open_incident,
    rehydrated_rank,
)
from enrich.routing import ccrp_decision, route, substantive_decision
from enrich.signatures import Signature, incident_signature, signature_of
from schemas import EnrichedReport, Incident
from schemas.taxonomy import IncidentType


@dataclass(frozen=True)
class MergeRecord:
    """One merge: the absorbed incident's last version, the survivor and the bridging report."""

    absorbed: Incident
    survivor_id: str
    report_id: str
    score: float


@dataclass
class _Tracked:
    """An incident with what matching needs: one signature per contributing report."""

    incident: Incident
    occurred_rank: int
    members: dict[str, Signature] = field(default_factory=dict)


class IncidentResolver:
    """Resolves enriched reports into incidents, in memory, bounded to recent ones.

    ``match_window``: how long before its publication a story's event may lie when the
    story states no time. ``follow_up_window``: how far back a follow-up story (arrest,
    charges, victim identified) looks for its incident. ``max_incidents``: the least
    recently updated incidents are forgotten beyond this many; so are incidents whose
    latest report lies more than ``follow_up_window`` before the newest one seen.
    """

    def __init__(
        self,
        match_window: timedelta = timedelta(hours=24),
        max_incidents: int = 20_000,
        follow_up_window: timedelta = timedelta(days=30),
    ) -> None:
        if max_incidents < 1:
            raise ValueError("max_incidents must be at least 1")
        self.match_window = match_window
        self.follow_up_window = follow_up_window
        self.max_incidents = max_incidents
        self._tracked: OrderedDict[str, _Tracked] = OrderedDict()
        self._incident_of: dict[str, str] = {}
        self._index = IncidentIndex()
        self._newest = float("-inf")  # latest event time seen, POSIX seconds
        self._holding = 0
        self._merged_into: OrderedDict[str, str] = OrderedDict()
        self.merges: list[MergeRecord] = []
        self.activated: set[str] = set()  # ids the caller has activated: they survive merges

    def __len__(self) -> int:
        return len(self._tracked)

    def get(self, incident_id: str) -> Incident | None:
        """The latest version of a tracked incident."""
        tracked = self._tracked.get(incident_id)
        return tracked.incident if tracked else None

    def load(
        self,
        incidents: Iterable[Incident],
        members: Mapping[str, Sequence[EnrichedReport]] | None = None,
    ) -> list[str]:
        """Rehydrate incidents (e.g. from the store); newer versions win. Returns the ids taken.

        With ``members`` (the stored reports of each incident) every report gets back the
        exact signature and occurred-at rank it had before, so matching after a restart
        equals matching without one; without them one signature stands for the incident.
        """
        taken = []
        for incident in incidents:
            current = self._tracked.get(incident.incident_id)
            if current and current.incident.version >= incident.version:
                continue
            if incident.merged_into is not None:
                self._merged_into[incident.incident_id] = incident.merged_into
                continue
            if set(incident.types) <= {IncidentType.NOT_INCIDENT}:
                continue
            reports = (members or {}).get(incident.incident_id) or []
            tracked = self._rebuilt(incident, reports)
            self._store(tracked)
            taken.append(incident.incident_id)
        return taken

    def _rebuilt(self, incident: Incident, reports: Sequence[EnrichedReport]) -> _Tracked:
        listed = {r.report_id for r in incident.reports}
        known = [er for er in reports if er.report_id in listed]
        if len(known) != len(listed):  # a member missing from the store: one coarse signature
            signature = incident_signature(incident, self.match_window, self.follow_up_window)
            tracked = _Tracked(incident, rehydrated_rank(incident))
            tracked.members = {r.report_id: signature for r in incident.reports}
            return tracked
        tracked = _Tracked(incident, max((occurrence_rank(er) for er in known), default=0))
        tracked.members = {er.report_id: self._signature(er) for er in known}
        return tracked

    def _signature(self, er: EnrichedReport) -> Signature:
        follow_up = er.classification.is_follow_up or is_retraction(er)
        return signature_of(er, self.match_window, self.follow_up_window, follow_up)

    def horizon(self) -> float:
        """POSIX time before which memory may have forgotten incidents (newest - window)."""
        return self._newest - self.follow_up_window.total_seconds()

    def reach(self, er: EnrichedReport) -> tuple[float, float]:
        """The event-time span (POSIX seconds) a report's candidates must overlap."""
        signature = self._signature(er)
        tolerance = TIME_TOLERANCE.total_seconds()
        return signature.lo - tolerance, signature.hi + tolerance

    def incident_of(self, report_id: str) -> str | None:
        """The tracked incident a report belongs to, if it is in memory."""
        return self._incident_of.get(report_id)

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Defer forgetting old incidents until the block ends (one batch of reports)."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding:
                self.sweep()

    def resolve(self, er: EnrichedReport, as_of: datetime | None = None) -> Incident:
        """The new or updated incident this report belongs to (idempotent per report).

        ``as_of``: when the routing decision is taken (default: the report's collected time).
        """
        labels = validate_types(er.classification.types)
        if labels and labels <= {IncidentType.NOT_INCIDENT}:
            return self._standalone(er, as_of)  # never joins, never forms a CCRP incident
        signature = self._signature(er)
        known = self._incident_of.get(er.report_id)
        tracked = self._tracked.get(known) if known else None
        matches: list[Match] = []
        if tracked is None:
            matches = self._matches(signature)
            match = choose(matches)
            tracked = self._tracked.get(match.incident_id) if match else None
        if tracked is None:
            incident, rank = open_incident(er)
            tracked = _Tracked(self._routed(incident, None, er, as_of), rank)
            tracked.members[er.report_id] = signature
            self._store(tracked)
            self._maybe_sweep()
            return tracked.incident
        before = tracked.incident
        merged, rank = merge_report(before, er, tracked.occurred_rank)
        current = _Tracked(merged, rank, {**tracked.members, er.report_id: signature})
        for bridge in bridges(matches, before.incident_id):
            current = self._absorb(current, bridge, er.report_id)
        merged = self._routed(current.incident, before, er, as_of)
        if merged != before:
            merged = merged.model_copy(update={"version": before.version + 1})
        self._store(_Tracked(merged, current.occurred_rank, current.members))
        self._maybe_sweep()
        return merged

    def _matches(self, signature: Signature) -> list[Match]:
        matches = []
        for incident_id in self._index.candidates(signature, TIME_TOLERANCE):
            tracked = self._tracked[incident_id]
            members = tracked.members.values()
            match = evaluate(signature, incident_id, tracked.incident.types, members)
            if match is not None:
                matches.append(match)
        return matches

    def _absorb(self, current: _Tracked, bridge: Match, report_id: str) -> _Tracked:
        """Merge the bridged incident into the current one when nothing in them conflicts;
        the survivor is the activated one, else the one first seen."""
        other = self._tracked.get(bridge.incident_id)
        if other is None or not compatible(
            current.incident.types,
            current.members.values(),
            other.incident.types,
            other.members.values(),
        ):
            return current
        first, second = survivor_first(current.incident, other.incident, self.activated)
        ranks = {
            current.incident.incident_id: current.occurred_rank,
            other.incident.incident_id: other.occurred_rank,
        }
        combined, rank = combine(first, second, ranks[first.incident_id], ranks[second.incident_id])
        absorbed = merged_away(second, first.incident_id)
        self._forget(second.incident_id)
        self.merges.append(MergeRecord(absorbed, first.incident_id, report_id, bridge.score))
        self._merged_into[second.incident_id] = first.incident_id
        return _Tracked(combined, rank, {**current.members, **other.members})

    def final_id(self, incident_id: str) -> str:
        """The id an incident is known by now: itself, or the survivor it was merged into."""
        seen = set()
        while incident_id in self._merged_into and incident_id not in seen:
            seen.add(incident_id)
            incident_id = self._merged_into[incident_id]
        return incident_id

    def take_merges(self) -> list[MergeRecord]:
        """The merges made since the last call (for the activation decisions)."""
        taken, self.merges = self.merges, []
        return taken

    def _routed(
        self,
        incident: Incident,
        before: Incident | None,
        er: EnrichedReport,
        as_of: datetime | None = None,
    ) -> Incident:
        as_of = as_of or er.report.collected_at
        eligible = ccrp_decision(incident, as_of)[0]
        if not eligible and before is not None and before.ccrp_eligible:
            # Time passing does not revoke eligibility; a retraction or a move out of area does.
            eligible = substantive_decision(incident)[0]
        programs = route(incident, as_of)
        if eligible and "ccrp" not in programs:
            programs.insert(0, "ccrp")
        return incident.model_copy(update={"ccrp_eligible": eligible, "programs": programs})

    def _latest(self, incident_id: str) -> float:
        return max(m.hi for m in self._tracked[incident_id].members.values())

    def _standalone(self, er: EnrichedReport, as_of: datetime | None) -> Incident:
        incident, _ = open_incident(er)
        return self._routed(incident, None, er, as_of)

    def _store(self, tracked: _Tracked) -> None:
        incident_id = tracked.incident.incident_id
        self._tracked[incident_id] = tracked
        self._tracked.move_to_end(incident_id)
        for report_id in tracked.members:
            self._incident_of[report_id] = incident_id
        self._index.add(incident_id, tracked.incident.types, tracked.members.values())
        self._newest = max(self._newest, max(m.hi for m in tracked.members.values()))

    def _maybe_sweep(self) -> None:
        if not self._holding:
            self.sweep()

    def _forget(self, incident_id: str) -> None:
        gone = self._tracked.pop(incident_id, None)
        self._index.remove(incident_id)
        for report_id in gone.members if gone else ():
            if self._incident_of.get(report_id) == incident_id:
                del self._incident_of[report_id]

    def sweep(self) -> None:
        """Forget the least recently updated incidents beyond ``max_incidents``, and those
        whose latest report lies more than ``follow_up_window`` before the newest one."""
        horizon = self.horizon()
        while self._tracked and (
            len(self._tracked) > self.max_incidents
            or self._latest(next(iter(self._tracked))) < horizon
        ):
            self._forget(next(iter(self._tracked)))
        while len(self._merged_into) > 4 * self.max_incidents:
            self._merged_into.popitem(last=False)
