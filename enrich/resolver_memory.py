"""The resolver's memory: recent incidents with one signature per report, indexed for
candidate lookup, bounded, and rebuilt exactly from the store after a restart."""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

from enrich.incident_index import IncidentIndex
from enrich.matching import TIME_TOLERANCE
from enrich.merge import occurrence_rank, rehydrated_rank
from enrich.retention import Retention
from enrich.retraction import is_retraction
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
class Tracked:
    """An incident with what matching needs: one signature per contributing report."""

    incident: Incident
    occurred_rank: int
    members: dict[str, Signature] = field(default_factory=dict)


KEEP_SLACK = timedelta(days=1)
SIGNATURE_MEMO = 4_096  # the signatures of about the latest batch
RETAINED_BATCHES = 32  # batches an incident changed or read back stays, whatever its age


class ResolverMemory:
    """Tracked incidents by id, the incident of each member report, the candidate index and
    the aliases of merged incidents; forgets the oldest beyond its bounds."""

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
        self._tracked: OrderedDict[str, Tracked] = OrderedDict()
        # (latest event time, incident id) at every store: finds every incident that has
        # fallen behind the horizon, not only those least recently updated.
        self._by_latest: list[tuple[float, str]] = []
        self._incident_of: dict[str, str] = {}
        self._signatures: dict[int, tuple[EnrichedReport, Signature]] = {}
        self._index = IncidentIndex()
        self._newest = float("-inf")  # latest event time seen, POSIX seconds
        self._holding = 0
        self._retention = Retention(RETAINED_BATCHES)
        self._merged_into: OrderedDict[str, str] = OrderedDict()
        self._separated: set[frozenset[str]] = set()  # split apart by hand: never re-merged

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

    def _rebuilt(self, incident: Incident, reports: Sequence[EnrichedReport]) -> Tracked:
        listed = {r.report_id for r in incident.reports}
        known = [er for er in reports if er.report_id in listed]
        if len(known) != len(listed):  # a member missing from the store: one coarse signature
            signature = incident_signature(incident, self.match_window, self.follow_up_window)
            tracked = Tracked(incident, rehydrated_rank(incident))
            tracked.members = {r.report_id: signature for r in incident.reports}
            return tracked
        tracked = Tracked(incident, max((occurrence_rank(er) for er in known), default=0))
        tracked.members = {er.report_id: self._signature(er) for er in known}
        return tracked

    def _signature(self, er: EnrichedReport) -> Signature:
        # A batch asks for the same report's signature more than once (its reach before
        # the batch, then its resolution); the report is immutable, so it is kept.
        kept = self._signatures.get(id(er))
        if kept is not None and kept[0] is er:
            return kept[1]
        follow_up = er.classification.is_follow_up or is_retraction(er)
        signature = signature_of(er, self.match_window, self.follow_up_window, follow_up)
        if len(self._signatures) >= SIGNATURE_MEMO:
            self._signatures.clear()
        self._signatures[id(er)] = (er, signature)
        return signature

    def horizon(self) -> float:
        """POSIX time before which memory may have forgotten incidents.

        Memory keeps a day more than a follow-up can reach back (its window and the time
        tolerance), so the reports of a live day, which come a little after the events
        they tell of, find their incidents in memory; only a report from well behind the
        newest (a backfill) reads older ones back from the store.
        """
        keep = self.follow_up_window + TIME_TOLERANCE + KEEP_SLACK
        return self._newest - keep.total_seconds()

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
        """Defer forgetting old incidents until the block ends (one batch of reports); the
        incidents the batch changed or read back are kept a while (:mod:`enrich.retention`)."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding:
                self.sweep()
                self._retention.next_batch()

    def separate(self, a: str, b: str) -> None:
        """Remember that two incidents were split apart by hand: no report merges them."""
        self._separated.add(frozenset((a, b)))

    def separated(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._separated

    def track(self, tracked: Tracked) -> None:
        """Keep (or replace) a tracked incident, e.g. one rebuilt by a correction."""
        self._forget(tracked.incident.incident_id)
        self._store(tracked)

    def tracked(self, incident_id: str) -> Tracked | None:
        return self._tracked.get(incident_id)

    def signature(self, er: EnrichedReport) -> Signature:
        """The matching signature of one report."""
        return self._signature(er)

    def alias(self, absorbed: str, survivor: str) -> None:
        """Record that an incident was merged into another."""
        self._forget(absorbed)
        self._merged_into[absorbed] = survivor

    def final_id(self, incident_id: str) -> str:
        """The id an incident is known by now: itself, or the survivor it was merged into."""
        seen = set()
        while incident_id in self._merged_into and incident_id not in seen:
            seen.add(incident_id)
            incident_id = self._merged_into[incident_id]
        return incident_id

    def _latest(self, incident_id: str) -> float:
        return max(m.hi for m in self._tracked[incident_id].members.values())

    def _store(self, tracked: Tracked) -> None:
        incident_id = tracked.incident.incident_id
        self._tracked[incident_id] = tracked
        self._tracked.move_to_end(incident_id)
        for report_id in tracked.members:
            self._incident_of[report_id] = incident_id
        self._index.add(incident_id, tracked.incident.types, tracked.members.values())
        latest = max(m.hi for m in tracked.members.values())
        heapq.heappush(self._by_latest, (latest, incident_id))
        self._newest = max(self._newest, latest)
        if self._holding:
            self._retention.touch(incident_id)

    def _maybe_sweep(self) -> None:
        if not self._holding:
            self.sweep()

    def _forget(self, incident_id: str) -> None:
        gone = self._tracked.pop(incident_id, None)
        self._index.remove(incident_id)
        self._retention.drop(incident_id)
        for report_id in gone.members if gone else ():
            if self._incident_of.get(report_id) == incident_id:
                del self._incident_of[report_id]

    def sweep(self) -> None:
        """Forget the incidents whose latest report lies more than ``follow_up_window``
        before the newest one, then the least recently updated beyond ``max_incidents``.

        Forgetting by age first keeps the cap for recent incidents: were old ones left in
        memory, the cap would push out recent ones, which the next follow-up story would
        then read back from the store, again and again.
        """
        horizon = self.horizon()
        heap = self._by_latest
        kept = self._retention
        for entry in kept.due():
            heapq.heappush(heap, entry)
        while heap and heap[0][0] < horizon:
            entry = heapq.heappop(heap)
            incident_id = entry[1]
            if incident_id not in self._tracked or self._latest(incident_id) >= horizon:
                continue  # forgotten already, or an older entry of a later update
            if not kept.keeps(entry):
                self._forget(incident_id)
        excess = len(self._tracked) - self.max_incidents
        if excess > 0:
            lru = (i for i in self._tracked if not kept.in_this_batch(i))
            for incident_id in list(islice(lru, excess)):
                self._forget(incident_id)
        if len(heap) > 4 * len(self._tracked) + 1024:  # entries of forgotten updates
            self._by_latest = [(self._latest(i), i) for i in self._tracked]
            heapq.heapify(self._by_latest)
        while len(self._merged_into) > 4 * self.max_incidents:
            self._merged_into.popitem(last=False)
