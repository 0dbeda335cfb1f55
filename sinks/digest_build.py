"""Build one day's digest from the store, most urgent first: activation windows closing in
the next 24 hours, what changed since the last digest, the day's activations with their
priority and supports, the repeat context of their neighbourhoods, then everything else."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from schemas import ActivationEvent, ActivationType, Incident, is_ccrp_type
from sinks.digest_changes import changes_since, neighbourhood_repeats
from sinks.digest_content import (
    DigestContent,
    DigestEntry,
    day_window,
    entry_for,
    incident_from_activation,
    latest_per_incident,
)
from sinks.store import Store

CLOSING_AHEAD = timedelta(hours=24)
# A window closes 72 h after the incident and an event is never older than its incident,
# so every window still open at ``end`` belongs to an event of the last 96 hours.
OPEN_WINDOW_LOOKBACK = timedelta(hours=96)


class _Incidents:
    """Incidents read once per digest, by id."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: dict[str, Incident | None] = {}

    def of(self, event: ActivationEvent) -> Incident:
        incident_id = event.ccrp.incident_id
        if incident_id not in self.known:
            self.known[incident_id] = self.store.get_incident(incident_id)
        return self.known[incident_id] or incident_from_activation(event)


def _closing_soon(
    store: Store, incidents: _Incidents, zone: ZoneInfo, end: datetime
) -> list[DigestEntry]:
    latest = latest_per_incident(store.activations_between(end - OPEN_WINDOW_LOOKBACK, end))
    closing = []
    for event in latest.values():
        closes = event.ccrp.window_closes_at
        if event.type == ActivationType.CANCELLED or closes is None:
            continue
        if end < closes <= end + CLOSING_AHEAD:
            closing.append(entry_for(incidents.of(event), zone, event))
    return sorted(closing, key=lambda e: (e.window_closes, e.urgency()))


def _type_order(incident_type: str, groups: dict[str, list[DigestEntry]]) -> tuple[int, int, str]:
    # CCRP's own types first, then the rest by how many; "other" (mostly police calls
    # of unknown trouble) last, so it never buries the rest.
    rank = 0 if is_ccrp_type([incident_type]) else 2 if incident_type == "other" else 1
    return rank, -len(groups[incident_type]), incident_type


def build_digest(
    store: Store,
    day: date,
    tz: str = "America/Toronto",
    until: datetime | None = None,
    since: datetime | None = None,
) -> DigestContent:
    """The digest of ``day`` (the local calendar day, or the 24 hours ending ``until``).

    ``since`` is when the last digest ended: changes are counted from then (default: the
    start of this digest's window).
    """
    start, end = day_window(day, tz)
    zone = ZoneInfo(tz)
    if until is not None:
        end = until.astimezone(zone)
        start = end - timedelta(hours=24)
    since = min(since.astimezone(zone), end) if since else start
    content = DigestContent(day=day, tz=tz, start=start, end=end, since=since)
    incidents = _Incidents(store)
    content.closing_soon = _closing_soon(store, incidents, zone, end)
    activated = latest_per_incident(store.activations_between(start, end))
    live = {i: e for i, e in activated.items() if e.type != ActivationType.CANCELLED}
    for event in live.values():
        content.activations.append(entry_for(incidents.of(event), zone, event))
    content.activations.sort(key=DigestEntry.urgency)
    content.changes = changes_since(store, zone, since, end, lambda e: incidents.of(e))
    content.neighbourhoods = neighbourhood_repeats(store, content.activations, end)
    in_city: dict[str, list[DigestEntry]] = defaultdict(list)
    for incident in store.incidents_between(start, end):
        if incident.incident_id in live or set(incident.types) <= {"not_incident"}:
            continue
        entry = entry_for(incident, zone)
        if incident.is_follow_up:
            content.follow_ups.append(entry)
        elif incident.in_area is False:
            content.out_of_area.append(entry)
        else:
            in_city[entry.primary_type].append(entry)
    content.in_city = {
        t: in_city[t] for t in sorted(in_city, key=lambda t: _type_order(t, in_city))
    }
    return content
