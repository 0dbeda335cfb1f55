"""Which programs an incident is routed to (see the programs table in the design brief).

- ``ccrp``: a violent or traumatic incident type, inside the City, not retracted, occurred
  within the last 72 h -- the incident's age decides, even when only follow-ups told of it.
- ``ccr_review``: intimate partner violence. The co-ordinated response needs a police or
  partner referral with ODARA >= 7 or Danger Assessment >= 18 and informed consent, which
  a report cannot carry: a flag for a referral review here, never an activation; the
  referral itself arrives on ``ccr.referrals.v1`` and is judged by ``enrich.ccr``.
- ``crisis_service``: a mental-health crisis without weapons or violence, routed as a
  crisis-service referral (``enrich.crisis``) rather than a CCRP activation.

Incidents outside the City are recorded but routed nowhere.
"""

from __future__ import annotations

from datetime import datetime

from schemas import Incident, IncidentStatus
from schemas.eligibility import ACTIVATION_HORIZON, CLOCK_SLACK, ccrp_eligibility, substantive
from schemas.taxonomy import IncidentType, is_ccrp_type

CCRP = "ccrp"
CCR_REVIEW = "ccr_review"
CRISIS_SERVICE = "crisis_service"

__all__ = ["ACTIVATION_HORIZON", "CLOCK_SLACK", "ccrp_decision", "route", "substantive_decision"]

VIOLENT_TYPES = frozenset(
    {
        IncidentType.ASSAULT,
        IncidentType.SEXUAL_ASSAULT,
        IncidentType.ROBBERY,
        IncidentType.INTIMATE_PARTNER_VIOLENCE,
    }
)


def reference_time(incident: Incident) -> datetime:
    """When the incident happened: its occurred-at, else when it was first seen."""
    return incident.occurred_at or incident.first_seen


def substantive_decision(incident: Incident) -> tuple[bool, str]:
    """CCRP eligibility leaving time aside: type, area, retraction (``schemas.eligibility``)."""
    decision = substantive(
        incident.types, incident.in_area, incident.status.value, incident.municipality
    )
    return decision.eligible, decision.reason


def ccrp_decision(incident: Incident, as_of: datetime) -> tuple[bool, str]:
    """(eligible for a CCRP activation at ``as_of``?, reason in plain words).

    The incident's age decides, whatever kind of report told of it (``schemas.eligibility``).
    """
    decision = ccrp_eligibility(
        incident.types,
        incident.in_area,
        incident.occurred_at,
        incident.first_seen,
        as_of,
        only_follow_ups=incident.is_follow_up,
        status=incident.status.value,
        municipality=incident.municipality,
    )
    return decision.eligible, decision.reason


def is_crisis_only(incident: Incident) -> bool:
    """A mental-health crisis with no weapon, casualties or violent label."""
    labels = set(incident.types)
    if IncidentType.MENTAL_HEALTH_CRISIS not in labels:
        return False
    attrs = incident.attributes
    violent = is_ccrp_type(incident.types) or bool(labels & VIOLENT_TYPES)
    harmed = bool(attrs.fatalities) or bool(attrs.injured)
    return not violent and not harmed and attrs.weapon is None


def route(incident: Incident, as_of: datetime | None = None) -> list[str]:
    """Programs for the incident at ``as_of`` (default: when it was last seen)."""
    if incident.in_area is False or incident.status == IncidentStatus.RETRACTED:
        return []
    programs: list[str] = []
    if ccrp_decision(incident, as_of or incident.last_seen)[0]:
        programs.append(CCRP)
    if IncidentType.INTIMATE_PARTNER_VIOLENCE in incident.types:
        programs.append(CCR_REVIEW)
    if is_crisis_only(incident):
        programs.append(CRISIS_SERVICE)
    return programs
