"""Stage 2 applies an operator's correction: split a wrong merge, or merge two incidents.

The incidents involved are read from the durable record (their stored reports rebuild
them), corrected (:mod:`enrich.hand_corrections`), and the case system hears of it:
``updated`` for an incident that changed and stays activated, ``created`` for a split-off
incident that is eligible in its own right, ``cancelled`` for one merged away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ccrp.pipeline import Stages
from enrich.activation import decide_activations, merged_event
from enrich.errors import ResolveError
from enrich.hand_corrections import merge_by_hand, split
from schemas import ActivationEvent, Incident
from schemas.corrections import CorrectionKind, IncidentCorrection


@dataclass
class CorrectionOutcome:
    """What one correction changed: incident versions and activation events."""

    correction: IncidentCorrection
    incidents: list[Incident] = field(default_factory=list)
    events: list[ActivationEvent] = field(default_factory=list)


def apply_correction(stages: Stages, correction: IncidentCorrection) -> CorrectionOutcome:
    """Apply one correction; ``ResolveError`` when it cannot be (the message is bad)."""
    if stages.record is None:
        raise ResolveError("corrections need the store: its reports rebuild the incidents")
    ids = [i for i in (correction.incident_id, correction.other_incident_id) if i]
    found = stages.record.incidents_with_reports(ids)
    stages.load_state(
        [i for i, _ in found],
        stages.record.last_activations([i.incident_id for i, _ in found]),
        {i.incident_id: members for i, members in found},
    )
    members = {i.incident_id: m for i, m in found}
    current = {i: stages.resolver.get(i) for i in ids}
    if any(v is None for v in current.values()):
        missing = ", ".join(i for i, v in current.items() if v is None)
        raise ResolveError(f"no incident {missing} to correct")
    outcome = CorrectionOutcome(correction)
    as_of = correction.requested_at
    why = f"{correction.reason} ({correction.requested_by})"
    if correction.kind == CorrectionKind.SPLIT:
        original = current[correction.incident_id]
        assert original is not None
        kept, new = split(
            stages.resolver, original, members[original.incident_id], correction.report_ids, as_of
        )
        count = len(correction.report_ids)
        moved = f"split by hand: {count} report(s) moved to {new.incident_id}: {why}"
        outcome.events += _decide(stages, kept, as_of, [moved])
        outcome.events += _decide(stages, new, as_of, [])
        outcome.incidents = [kept, new]
        outcome.correction = correction.model_copy(update={"other_incident_id": new.incident_id})
    else:
        a, b = current[correction.incident_id], current[correction.other_incident_id or ""]
        assert a is not None and b is not None
        survivor, merge = merge_by_hand(stages.resolver, a, b, as_of)
        gone = merge.absorbed
        outcome.events += merged_event(gone, stages.last_activation(gone.incident_id), as_of)
        for event in outcome.events:
            stages.note_activation(event)
        stages.history.observe(gone)
        stages.remember(gone)
        outcome.events += _decide(
            stages, survivor, as_of, [f"merged with {gone.incident_id} by hand: {why}"]
        )
        outcome.incidents = [survivor, gone]
    return outcome


def _decide(
    stages: Stages, incident: Incident, as_of: datetime, corrections: list[str]
) -> list[ActivationEvent]:
    stages.remember(incident)
    stages.history.observe(incident)
    previous = stages.last_activation(incident.incident_id)
    repetition = stages.history.repetition(incident)
    events = decide_activations(incident, previous, as_of, repetition, corrections)
    for event in events:
        stages.note_activation(event)
    return events
