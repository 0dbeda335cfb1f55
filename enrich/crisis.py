"""Community crisis service referrals: mental-health crisis calls for a non-police response.

An incident is referred once, when it is a mental-health crisis with no weapon, violence
or injury (``enrich.routing.is_crisis_only``), inside the City, not retracted, and recent
(the same 72 h horizon as CCRP). It is never a CCRP activation. The event id is a uuid5
name of the incident, so a replay repeats the same id and the case system drops it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from enrich.activation import ACTIVATION_NAMESPACE, summary_of
from enrich.disclosure import disclose
from enrich.errors import ActivationError
from enrich.routing import ACTIVATION_HORIZON, CLOCK_SLACK, is_crisis_only, reference_time
from schemas import ActivationEvent, ActivationType, CrisisReferralData, Incident, IncidentStatus


def crisis_event_id(incident_id: str) -> str:
    """Stable CloudEvents id of an incident's crisis-service referral."""
    return str(uuid.uuid5(ACTIVATION_NAMESPACE, f"{incident_id}:crisis-service-referral"))


def crisis_decision(incident: Incident, as_of: datetime) -> tuple[bool, str]:
    """(refer to the community crisis service at ``as_of``?, reason in plain words)."""
    if not is_crisis_only(incident):
        return False, "not a mental-health crisis without weapon, violence or injury"
    if incident.status == IncidentStatus.RETRACTED:
        return False, "retracted by a later report"
    if incident.in_area is not True:
        return False, "not known to be inside the City of Toronto"
    if incident.is_follow_up:
        return False, "only follow-up reports of an earlier call"
    age = as_of - reference_time(incident)
    if age > ACTIVATION_HORIZON or age < -CLOCK_SLACK:
        return False, "outside the 72 h horizon of the decision"
    hours = max(0, int(age.total_seconds() // 3600))
    return True, (
        "mental-health crisis without weapon, violence or injury: a non-police response, "
        f"occurred {hours} h before the decision"
    )


def decide_crisis_referral(
    incident: Incident, already_referred: bool, as_of: datetime
) -> list[ActivationEvent]:
    """The crisis-service referral this incident version calls for (at most one, ever)."""
    if as_of.tzinfo is None:
        raise ActivationError("as_of must be timezone-aware")
    if already_referred:
        return []
    refer, reason = crisis_decision(incident, as_of)
    if not refer:
        return []
    shown = disclose(incident, summary_of)
    data = CrisisReferralData(
        incident_id=incident.incident_id,
        incident_version=incident.version,
        occurred_at=incident.occurred_at,
        location=shown.location,
        summary=shown.summary,
        report_urls=shown.report_urls,
        withheld=shown.withheld,
        reason=reason,
    )
    event = ActivationEvent(
        id=crisis_event_id(incident.incident_id),
        type=ActivationType.CRISIS_SERVICE_REFERRAL,
        time=as_of,
        subject=incident.incident_id,
        data=data,
    )
    return [event]
