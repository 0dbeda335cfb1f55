"""Incident resolution: join reports of one real-world incident across sources.

The resolver keeps recent incidents in memory (:mod:`enrich.resolver_memory`), indexed
by hour, label and place, so a report is scored (:mod:`enrich.matching`) only against the
few incidents of compatible labels near its own time and spot. A report that matches a
second incident as firmly bridges the two into one (:mod:`enrich.corrections`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from enrich.affinity import validate_types
from enrich.corrections import combine, merged_away, survivor_first
from enrich.matching import TIME_TOLERANCE, Match, Refusal, bridges, choose, compatible, evaluate
from enrich.merge import merge_report, open_incident
from enrich.resolver_memory import MergeRecord, ResolverMemory, Tracked
from enrich.retraction import as_retraction
from enrich.routing import ccrp_decision, route, substantive_decision
from enrich.signatures import Signature
from schemas import EnrichedReport, Incident
from schemas.taxonomy import IncidentType

__all__ = ["IncidentResolver", "MergeRecord"]


class IncidentResolver(ResolverMemory):
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
        super().__init__(match_window, max_incidents, follow_up_window)
        self.merges: list[MergeRecord] = []
        self.activated: set[str] = set()  # ids the caller has activated: they survive merges

    def resolve(self, er: EnrichedReport, as_of: datetime | None = None) -> Incident:
        """The new or updated incident this report belongs to (idempotent per report).

        ``as_of``: when the routing decision is taken (default: the report's collected time).
        """
        er = as_retraction(er)
        labels = validate_types(er.classification.types)
        if labels and labels <= {IncidentType.NOT_INCIDENT}:
            return self._standalone(er, as_of)  # never joins, never forms a CCRP incident
        signature = self._signature(er)
        known = self._incident_of.get(er.report_id)
        tracked = self._tracked.get(known) if known else None
        matches: list[Match] = []
        why = None
        if tracked is None:
            matches, refusals = self._matches(signature)
            match = choose(matches, self._mergeable)
            if isinstance(match, Match):
                tracked = self._tracked.get(match.incident_id)
                why = f"joined: {match.why}"
            else:
                refused = [*refusals, *([match] if match else [])]
                why = "opened: " + (
                    "; ".join(f"{r.incident_id} {r.why}" for r in refused[-3:]) or "no candidate"
                )
        if tracked is None:
            incident, rank = open_incident(er, why)
            tracked = Tracked(self._routed(incident, None, er, as_of), rank)
            tracked.members[er.report_id] = signature
            self._store(tracked)
            self._maybe_sweep()
            return tracked.incident
        before = tracked.incident
        merged, rank = merge_report(before, er, tracked.occurred_rank, why)
        current = Tracked(merged, rank, {**tracked.members, er.report_id: signature})
        for bridge in bridges(matches, before.incident_id):
            current = self._absorb(current, bridge, er.report_id)
        merged = self._routed(current.incident, before, er, as_of)
        if merged != before:
            merged = merged.model_copy(update={"version": before.version + 1})
        self._store(Tracked(merged, current.occurred_rank, current.members))
        self._maybe_sweep()
        return merged

    def _matches(self, signature: Signature) -> tuple[list[Match], list[Refusal]]:
        matches, refusals = [], []
        for incident_id in sorted(self._index.candidates(signature, TIME_TOLERANCE)):
            tracked = self._tracked[incident_id]
            members = tracked.members.values()
            found = evaluate(signature, incident_id, tracked.incident.types, members)
            if isinstance(found, Match):
                matches.append(found)
            else:
                refusals.append(found)
        return matches, refusals

    def _mergeable(self, a: str, b: str) -> bool:
        """Whether two tracked incidents could be merged: not split apart by hand, and
        nothing in them conflicts."""
        first, second = self._tracked.get(a), self._tracked.get(b)
        if first is None or second is None or self.separated(a, b):
            return False
        return compatible(
            first.incident.types,
            first.members.values(),
            second.incident.types,
            second.members.values(),
        )

    def _absorb(self, current: Tracked, bridge: Match, report_id: str) -> Tracked:
        """Merge the bridged incident into the current one when nothing in them conflicts;
        the survivor is the activated one, else the one first seen."""
        other = self._tracked.get(bridge.incident_id)
        if other is None or self.separated(
            current.incident.incident_id, other.incident.incident_id
        ):
            return current
        if not compatible(
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
        return Tracked(combined, rank, {**current.members, **other.members})

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
        return self.route(incident, before, as_of or er.report.collected_at)

    def route(self, incident: Incident, before: Incident | None, as_of: datetime) -> Incident:
        """The incident with its CCRP eligibility and programs decided at ``as_of``."""
        eligible = ccrp_decision(incident, as_of)[0]
        if not eligible and before is not None and before.ccrp_eligible:
            # Time passing does not revoke eligibility; a retraction or a move out of area does.
            eligible = substantive_decision(incident)[0]
        programs = route(incident, as_of)
        if eligible and "ccrp" not in programs:
            programs.insert(0, "ccrp")
        return incident.model_copy(update={"ccrp_eligible": eligible, "programs": programs})

    def _standalone(self, er: EnrichedReport, as_of: datetime | None) -> Incident:
        incident, _ = open_incident(er)
        return self._routed(incident, None, er, as_of)
