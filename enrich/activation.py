"""Activation events for the case system: created once, updated on material change,
cancelled when an activated incident stops being eligible.

Each carries the priority with its reasons (``enrich.priority``), the recommended
supports (``enrich.supports``) and the neighbourhood's context, from the stream's
per-neighbourhood history (``enrich.history``); a withheld incident shows only what
``enrich.disclosure`` allows.

Event ids are uuid5 names of the incident id (``created``) or of the incident id,
version and event type (``updated``, ``cancelled``), so a replay after a crash produces
the same ids and the case system drops the repeats.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from enrich.disclosure import disclose, shown_location
from enrich.errors import ActivationError
from enrich.history import Repetition
from enrich.priority import neighbourhood_context, priority_of
from enrich.routing import ccrp_decision, reference_time, substantive_decision
from enrich.supports import recommended_supports
from schemas import ActivationData, ActivationEvent, ActivationType, Incident, Priority

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
        if loc.neighbourhood.classification not in (None, "", "neither"):
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


def material_changes(
    incident: Incident, before: ActivationData, priority: Priority | None = None
) -> list[str]:
    """What the case system should hear about since the last event, in plain words."""
    changes = []
    if set(incident.types) != set(before.types):
        changes.append(f"types {', '.join(before.types)} -> {', '.join(incident.types)}")
    loc, old = shown_location(incident), before.location  # compare like with like
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
    if attrs.youth_involved and not before.youth_involved:
        changes.append("a young person involved")
    if attrs.weapon and attrs.weapon != before.weapon:
        changes.append(f"weapon {before.weapon or 'unknown'} -> {attrs.weapon}")
    if incident.occurred_at != before.occurred_at:
        changes.append("occurred-at revised")
    if priority and before.priority and priority.level != before.priority.level:
        changes.append(f"priority {before.priority.level.value} -> {priority.level.value}")
    return changes


def build_event(
    incident: Incident,
    kind: ActivationType,
    as_of: datetime,
    reason: str,
    repetition: Repetition | None = None,
    priority: Priority | None = None,
) -> ActivationEvent:
    """The CloudEvents envelope for one decision about an incident.

    ``repetition``: the neighbourhood's CCRP incidents up to this one, from the stream's
    history; without it the priority counts this incident alone.
    """
    opens, closes = activation_window(incident)
    shown = disclose(incident, summary_of)
    attrs = incident.attributes
    data = ActivationData(
        incident_id=incident.incident_id,
        incident_version=incident.version,
        types=list(incident.types),
        occurred_at=incident.occurred_at,
        window_opens_at=opens,
        window_closes_at=closes,
        location=shown.location,
        fatalities=attrs.fatalities,
        injured=attrs.injured,
        youth_involved=attrs.youth_involved,
        weapon=attrs.weapon,
        summary=shown.summary,
        report_urls=shown.report_urls,
        withheld=shown.withheld,
        reason=reason,
        priority=priority or priority_of(incident, repetition),
        supports=recommended_supports(incident, repetition),
        neighbourhood_context=neighbourhood_context(repetition),
    )
    return ActivationEvent(
        id=event_id(incident.incident_id, kind, incident.version),
        type=kind,
        time=as_of,
        subject=incident.incident_id,
        data=data,
    )


def decide_activations(
    incident: Incident,
    previous: ActivationEvent | None,
    as_of: datetime,
    repetition: Repetition | None = None,
    corrections: Sequence[str] = (),
) -> list[ActivationEvent]:
    """The activation events this incident version calls for, given the last one sent.

    ``corrections``: what a merge or split changed, in words; each is a material change.

    ``as_of`` is when the decision is taken: the stream passes the triggering report's
    collected-at, so replaying historical files judges "the last 72 h" as it was then.
    """
    rep = repetition
    if as_of.tzinfo is None:
        raise ActivationError("as_of must be timezone-aware")
    if previous is not None and previous.subject != incident.incident_id:
        raise ActivationError(
            f"previous event {previous.id} is about {previous.subject}, not {incident.incident_id}"
        )
    if previous is None:
        eligible, reason = ccrp_decision(incident, as_of)
        if not eligible:
            return []
        return [build_event(incident, ActivationType.CREATED, as_of, reason, rep)]
    if incident.version <= previous.ccrp.incident_version:
        return []  # nothing new, or an older version arriving late
    if previous.type == ActivationType.CANCELLED:
        eligible, reason = ccrp_decision(incident, as_of)
        if not eligible:
            return []
        return [build_event(incident, ActivationType.UPDATED, as_of, f"reinstated: {reason}", rep)]
    still, reason = substantive_decision(incident)
    if not still:
        return [build_event(incident, ActivationType.CANCELLED, as_of, reason, rep)]
    priority = priority_of(incident, rep)
    changes = [*material_changes(incident, previous.ccrp, priority), *corrections]
    if not changes:
        return []
    kind = ActivationType.UPDATED
    return [build_event(incident, kind, as_of, "; ".join(changes), rep, priority)]


def merged_event(
    absorbed: Incident, previous: ActivationEvent | None, as_of: datetime
) -> list[ActivationEvent]:
    """The cancellation an activated incident gets when it is merged into another."""
    if (
        previous is None
        or previous.type == ActivationType.CANCELLED
        or absorbed.merged_into is None
    ):
        return []
    reason = f"merged into {absorbed.merged_into}"
    return [build_event(absorbed, ActivationType.CANCELLED, as_of, reason)]
