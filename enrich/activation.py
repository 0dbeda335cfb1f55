"""Activation events for the case system: created once, updated on material change,
cancelled when an activated incident stops being eligible.

Event ids are uuid5 names of the incident id (``created``) or of the incident id,
version and event type (``updated``, ``cancelled``), so a replay after a crash produces
the same ids and the case system drops the repeats.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from enrich.errors import ActivationError
from enrich.routing import ccrp_decision, reference_time, substantive_decision
from schemas import ActivationData, ActivationEvent, ActivationType, Incident

ACTIVATION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ccrp:intake:activations")
WINDOW_OPENS = timedelta(hours=12)
WINDOW_CLOSES = timedelta(hours=72)


def event_id(incident_id: str, kind: ActivationType, version: int) -> str:
    """Stable CloudEvents id: ``created`` depends on the incident alone."""
    name = (
        f"{incident_id}:created"
        if kind == ActivationType.CREATED
        else f"{incident_id}:{version}:{kind.value}"
    )
    return str(uuid.uuid5(ACTIVATION_NAMESPACE, name))


def activation_window(incident: Incident) -> tuple[datetime, datetime]:
    """(opens, closes): 12 h and 72 h after the incident (occurred-at, else first seen)."""
    start = reference_time(incident)
    return start + WINDOW_OPENS, start + WINDOW_CLOSES


def summary_of(incident: Incident) -> str:
    """One line: types, place and neighbourhood, casualties -- never a person's name."""
    kinds = ", ".join(t.replace("_", " ") for t in incident.types) or "incident"
    loc = incident.location
    place = loc.text or loc.district or incident.municipality or "location unknown"
    parts = [f"{kinds[:1].upper()}{kinds[1:]} at {place}"]
    if loc.neighbourhood is not None:
        hood = f"{loc.neighbourhood.name} ({loc.neighbourhood.code})"
        if loc.neighbourhood.classification:
            hood += f", {loc.neighbourhood.classification}"
        parts.append(hood)
    casualties = []
    if incident.attributes.fatalities:
        casualties.append(f"{incident.attributes.fatalities} dead")
    if incident.attributes.injured:
        casualties.append(f"{incident.attributes.injured} injured")
    if casualties:
        parts.append(", ".join(casualties))
    return " - ".join(parts)


def material_changes(incident: Incident, before: ActivationData) -> list[str]:
    """What the case system should hear about since the last event, in plain words."""
    changes = []
    if set(incident.types) != set(before.types):
        changes.append(f"types {', '.join(before.types)} -> {', '.join(incident.types)}")
    loc, old = incident.location, before.location
    if loc.precision != old.precision:
        changes.append(f"location precision {old.precision.value} -> {loc.precision.value}")
    old_hood = old.neighbourhood.code if old.neighbourhood else None
    new_hood = loc.neighbourhood.code if loc.neighbourhood else None
    if old_hood != new_hood:
        changes.append(f"neighbourhood {old_hood or 'unknown'} -> {new_hood or 'unknown'}")
    attrs = incident.attributes
    if attrs.fatalities != before.fatalities:
        changes.append(f"fatalities {before.fatalities} -> {attrs.fatalities}")
    if attrs.injured != before.injured:
        changes.append(f"injured {before.injured} -> {attrs.injured}")
    if incident.occurred_at != before.occurred_at:
        changes.append("occurred-at revised")
    return changes


def build_event(
    incident: Incident, kind: ActivationType, as_of: datetime, reason: str
) -> ActivationEvent:
    """The CloudEvents envelope for one decision about an incident."""
    opens, closes = activation_window(incident)
    data = ActivationData(
        incident_id=incident.incident_id,
        incident_version=incident.version,
        types=list(incident.types),
        occurred_at=incident.occurred_at,
        window_opens_at=opens,
        window_closes_at=closes,
        location=incident.location,
        fatalities=incident.attributes.fatalities,
        injured=incident.attributes.injured,
        summary=summary_of(incident),
        report_urls=[r.url for r in incident.reports if r.url],
        reason=reason,
    )
    return ActivationEvent(
        id=event_id(incident.incident_id, kind, incident.version),
        type=kind,
        time=as_of,
        subject=incident.incident_id,
        data=data,
    )


def decide_activations(
    incident: Incident, previous: ActivationEvent | None, as_of: datetime
) -> list[ActivationEvent]:
    """The activation events this incident version calls for, given the last one sent.

    ``as_of`` is when the decision is taken: the stream passes the triggering report's
    collected-at, so replaying historical files judges "the last 72 h" as it was then.
    """
    if as_of.tzinfo is None:
        raise ActivationError("as_of must be timezone-aware")
    if previous is not None and previous.subject != incident.incident_id:
        raise ActivationError(
            f"previous event {previous.id} is about {previous.subject}, not {incident.incident_id}"
        )
    if previous is None:
        eligible, reason = ccrp_decision(incident, as_of)
        return [build_event(incident, ActivationType.CREATED, as_of, reason)] if eligible else []
    if incident.version <= previous.ccrp.incident_version:
        return []  # nothing new, or an older version arriving late
    if previous.type == ActivationType.CANCELLED:
        eligible, reason = ccrp_decision(incident, as_of)
        if not eligible:
            return []
        return [build_event(incident, ActivationType.UPDATED, as_of, f"reinstated: {reason}")]
    still, reason = substantive_decision(incident)
    if not still:
        return [build_event(incident, ActivationType.CANCELLED, as_of, reason)]
    changes = material_changes(incident, previous.ccrp)
    if not changes:
        return []
    return [build_event(incident, ActivationType.UPDATED, as_of, "; ".join(changes))]
