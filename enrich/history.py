"""A bounded per-neighbourhood history of CCRP incidents, for "3rd shooting in 30 days".

Counts are taken by the incidents' own occurred-at (first seen when it is unknown), never
by when they were processed, so replaying a past week gives the counts the live run gave.
Each incident is one entry, replaced by its newer versions: a report that joins an
incident adds nothing, an incident that moves neighbourhood leaves the old one, and one
that stops being a CCRP incident (retracted, out of area, relabelled) leaves the history.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from enrich.routing import reference_time, substantive_decision
from schemas import Incident, Neighbourhood
from schemas.activations import RecentIncident
from schemas.eligibility import incident_time
from schemas.taxonomy import IncidentType

REPEAT_WINDOW = timedelta(days=30)
# The label an incident is counted under in "3rd <label> in 30 days", most serious first.
SEVERITY_ORDER: tuple[str, ...] = (
    IncidentType.HOMICIDE,
    IncidentType.SHOOTING,
    IncidentType.STABBING,
    IncidentType.SHOTS_FIRED,
    IncidentType.SWARMING,
    IncidentType.COMMUNITY_CONFLICT,
    IncidentType.GUN_GANG_ACTIVITY,
    IncidentType.POLICE_RAID,
)
RECENT_LISTED = 10


def primary_type(types: Iterable[str]) -> str | None:
    """The most serious CCRP label of an incident, None when it has none."""
    labels = set(types)
    return next((t for t in SEVERITY_ORDER if t in labels), None)


@dataclass(frozen=True)
class _Entry:
    incident_id: str
    types: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class Repetition:
    """The CCRP incidents of one neighbourhood in the 30 days up to an incident (it included)."""

    neighbourhood: Neighbourhood
    total: int
    same_type: int
    label: str | None
    earlier: list[RecentIncident] = field(default_factory=list)


class NeighbourhoodHistory:
    """CCRP incidents per neighbourhood code, bounded in size.

    ``per_neighbourhood``: entries kept per neighbourhood (the oldest go first);
    ``neighbourhoods``: neighbourhoods kept (the least recently touched go first).
    """

    def __init__(self, per_neighbourhood: int = 500, neighbourhoods: int = 1_000) -> None:
        self.per_neighbourhood = per_neighbourhood
        self.max_neighbourhoods = neighbourhoods
        self._by_hood: OrderedDict[str, dict[str, _Entry]] = OrderedDict()
        self._hood_of: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._hood_of)

    def observe(self, incident: Incident) -> None:
        """Record the latest version of an incident: add, move or drop its entry."""
        self._forget(incident.incident_id)
        hood = incident.location.neighbourhood
        when = incident_time(incident.occurred_at, incident.first_seen, incident.is_follow_up)
        if hood is None or when is None or not substantive_decision(incident)[0]:
            return
        entries = self._by_hood.setdefault(hood.code, {})
        self._by_hood.move_to_end(hood.code)
        entries[incident.incident_id] = _Entry(incident.incident_id, tuple(incident.types), when)
        self._hood_of[incident.incident_id] = hood.code
        if len(entries) > self.per_neighbourhood:
            oldest = min(entries.values(), key=lambda e: (e.at, e.incident_id))
            self._forget(oldest.incident_id)
        while len(self._by_hood) > self.max_neighbourhoods:
            _, gone = self._by_hood.popitem(last=False)
            for incident_id in gone:
                self._hood_of.pop(incident_id, None)

    def load(self, incidents: Iterable[Incident]) -> None:
        """Rehydrate from stored incidents (any order; a newer version replaces an older one)."""
        latest: dict[str, Incident] = {}
        for incident in incidents:
            kept = latest.get(incident.incident_id)
            if kept is None or kept.version <= incident.version:
                latest[incident.incident_id] = incident
        for incident in sorted(latest.values(), key=reference_time):
            self.observe(incident)

    def repetition(
        self, incident: Incident, window: timedelta = REPEAT_WINDOW
    ) -> Repetition | None:
        """The neighbourhood's CCRP incidents in ``window`` up to this one's occurred-at.

        The incident itself is counted once whether or not it was observed; incidents
        that occurred after it are not counted, whenever they were processed.
        """
        hood = incident.location.neighbourhood
        if hood is None:
            return None
        until = reference_time(incident)
        since = until - window
        earlier = [
            e
            for e in self._by_hood.get(hood.code, {}).values()
            if e.incident_id != incident.incident_id and since <= e.at <= until
        ]
        label = primary_type(incident.types)
        same = sum(1 for e in earlier if label is not None and label in e.types)
        earlier.sort(key=lambda e: (e.at, e.incident_id), reverse=True)
        return Repetition(
            neighbourhood=hood,
            total=len(earlier) + 1,
            same_type=same + 1,
            label=label,
            earlier=[
                RecentIncident(incident_id=e.incident_id, types=list(e.types), occurred_at=e.at)
                for e in earlier[:RECENT_LISTED]
            ],
        )

    def _forget(self, incident_id: str) -> None:
        code = self._hood_of.pop(incident_id, None)
        if code is None:
            return
        entries = self._by_hood.get(code, {})
        entries.pop(incident_id, None)
        if not entries:
            self._by_hood.pop(code, None)
