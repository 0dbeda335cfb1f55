"""What changed since the last digest, and the repeat context of each neighbourhood."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from schemas import ActivationEvent, ActivationType, Incident, IncidentStatus
from sinks.digest_content import Change, DigestEntry, NeighbourhoodRepeat, entry_for
from sinks.digest_format import clean_text
from sinks.store import Store

REPEAT_WINDOW = timedelta(days=30)
RECENT_SHOWN = 5
# Most urgent first: what raises or ends a response before what only adds evidence.
CHANGE_ORDER = {
    "upgrade": 0,
    "cancelled": 1,
    "retracted": 2,
    "reinstated": 3,
    "updated": 4,
    "new source": 5,
}


def _event_change(
    event: ActivationEvent, before: ActivationEvent | None, entry: DigestEntry
) -> Change | None:
    reason = clean_text(event.ccrp.reason)
    if event.type == ActivationType.CANCELLED:
        return Change("cancelled", entry, reason or "no longer eligible", event.time)
    if event.type != ActivationType.UPDATED:
        return None
    if before is not None and before.type == ActivationType.CANCELLED:
        return Change("reinstated", entry, reason, event.time)
    old = before.ccrp if before is not None else None
    added = [t for t in event.ccrp.types if old is None or t not in old.types]
    more_dead = old is not None and (event.ccrp.fatalities or 0) > (old.fatalities or 0)
    if added or more_dead:
        was = ", ".join(old.types) if old else "?"
        detail = f"{was} -> {', '.join(event.ccrp.types)}"
        if more_dead and old is not None:
            detail += f"; fatalities {old.fatalities or 0} -> {event.ccrp.fatalities}"
        return Change("upgrade", entry, detail, event.time)
    return Change("updated", entry, reason, event.time)


def changes_since(
    store: Store,
    zone: ZoneInfo,
    since: datetime,
    end: datetime,
    incident_of: Callable[[ActivationEvent], Incident],
) -> list[Change]:
    """Upgrades, cancellations, reinstatements, retractions and new sources in ``[since, end)``."""
    events = [e for e in store.activations_between(since, end) if e.is_ccrp]
    history = store.activations_of({e.ccrp.incident_id for e in events})
    changes = []
    for event in events:
        # In the order of the incident's versions, as the contract asks: an event's time is
        # its triggering report's own time, so a later version can carry an earlier time.
        past = sorted(
            (e for e in history.get(event.subject, []) if e.is_ccrp),
            key=lambda e: (e.ccrp.incident_version, e.time),
        )
        ids = [e.id for e in past]
        before = past[ids.index(event.id) - 1] if event.id in ids[1:] else None
        change = _event_change(event, before, entry_for(incident_of(event), zone, event))
        if change is not None:
            changes.append(change)
    activated = set(history)
    for incident in store.incidents_between(since, end):
        if incident.status == IncidentStatus.RETRACTED:
            changes.append(Change("retracted", entry_for(incident, zone), "", incident.last_seen))
        if incident.first_seen >= since:
            continue  # a new incident, not a new source: it is in the day's sections
        if not (incident.ccrp_eligible or incident.incident_id in activated):
            continue
        new = [r for r in incident.reports if since <= r.collected_at < end]
        if new:
            names = ", ".join(sorted({clean_text(r.source, 60) for r in new}))
            detail = f"{len(new)} new report(s): {names}"
            at = max(r.collected_at for r in new)
            changes.append(Change("new source", entry_for(incident, zone), detail, at))
    return sorted(changes, key=lambda c: (CHANGE_ORDER.get(c.kind, 9), c.at))


def _local(value: datetime | None, like: datetime) -> datetime | None:
    return value.astimezone(like.tzinfo) if value else None


def _from_event(entry: DigestEntry, end: datetime) -> NeighbourhoodRepeat | None:
    context = entry.context
    if context is None:
        return None
    recent = [(list(r.types), _local(r.occurred_at, end)) for r in context.recent[:RECENT_SHOWN]]
    return NeighbourhoodRepeat(
        code=context.code,
        name=clean_text(f"{context.name} ({context.code})", 120),
        area_class=entry.area_class
        or ("Neighbourhood Improvement Area" if context.is_nia else None),
        ccrp_30d=context.ccrp_incidents_30d,
        same_type_30d=context.same_type_30d,
        recent=recent,
        from_event=True,
    )


def neighbourhood_repeats(
    store: Store, activations: list[DigestEntry], end: datetime
) -> list[NeighbourhoodRepeat]:
    """Per neighbourhood with an activation: CCRP incidents there in the last 30 days.

    The activation's own neighbourhood context is used when the event carries one;
    otherwise the figures are counted from the store.
    """
    repeats: dict[str, NeighbourhoodRepeat] = {}
    missing: dict[str, DigestEntry] = {}
    for entry in activations:
        code = entry.neighbourhood_code
        if code is None or code in repeats:
            continue
        found = _from_event(entry, end)
        if found is not None:
            repeats[code] = found
            missing.pop(code, None)
        else:
            missing.setdefault(code, entry)
    nearby = store.neighbourhood_incidents(missing, end - REPEAT_WINDOW, end)
    for code, entry in missing.items():
        there = [
            i for i in nearby if i.location.neighbourhood and i.location.neighbourhood.code == code
        ]
        there.sort(key=lambda i: i.occurred_at or i.first_seen, reverse=True)
        repeats[code] = NeighbourhoodRepeat(
            code=code,
            name=entry.area,
            area_class=entry.area_class,
            ccrp_30d=len(there),
            same_type_30d=sum(entry.primary_type in i.types for i in there),
            recent=[(list(i.types), _local(i.occurred_at, end)) for i in there[:RECENT_SHOWN]],
            from_event=False,
        )
    return sorted(repeats.values(), key=lambda r: (-r.ccrp_30d, r.name))
