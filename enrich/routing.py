"""Which programs an incident is routed to (see the programs table in the design brief).

- ``ccrp``: a violent or traumatic incident type, inside the City, a new incident (not
  only follow-up stories about an old one), not retracted, occurred within the last 72 h.
- ``ccr_review``: intimate partner violence. The co-ordinated response needs a police or
  partner referral with ODARA >= 7 or Danger Assessment >= 18 and informed consent, which
  a report cannot carry: a flag for a referral review here, never an activation; the
  referral itself arrives on ``ccr.referrals.v1`` and is judged by ``enrich.ccr``.
- ``crisis_service``: a mental-health crisis without weapons or violence, routed as a
  crisis-service referral (``enrich.crisis``) rather than a CCRP activation.

Incidents outside the City are recorded but routed nowhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from schemas import Incident, IncidentStatus
from schemas.taxonomy import IncidentType, is_ccrp_type

CCRP = "ccrp"
CCR_REVIEW = "ccr_review"
CRISIS_SERVICE = "crisis_service"

ACTIVATION_HORIZON = timedelta(hours=72)
# Clocks and extracted times are not exact: an occurred-at slightly after the decision
# time is treated as "just now", not as a future event.
CLOCK_SLACK = timedelta(hours=1)

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
    """CCRP eligibility leaving time aside: type, area, follow-up and retraction."""
    kinds = ", ".join(incident.types) or "no type"
    if incident.status == IncidentStatus.RETRACTED:
        return False, "retracted by a later report"
    if not is_ccrp_type(incident.types):
        return False, f"not a CCRP incident type ({kinds})"
    if incident.in_area is False:
        where = incident.municipality or "another municipality"
        return False, f"out of area ({where}): recorded, never activated"
    if incident.in_area is None:
        return False, "location not known to be inside the City of Toronto"
    if incident.is_follow_up:
        return False, "only follow-up reports of an earlier incident"
    return True, f"{kinds} inside the City of Toronto"


def ccrp_decision(incident: Incident, as_of: datetime) -> tuple[bool, str]:
    """(eligible for a CCRP activation at ``as_of``?, reason in plain words)."""
    eligible, reason = substantive_decision(incident)
    if not eligible:
        return False, reason
    age = as_of - reference_time(incident)
    if age > ACTIVATION_HORIZON:
        hours = int(age.total_seconds() // 3600)
        return False, f"occurred {hours} h before the decision, beyond the 72 h horizon"
    if age < -CLOCK_SLACK:
        return False, "occurred-at lies after the decision time; waiting for it"
    hours = max(0, int(age.total_seconds() // 3600))
    return True, f"{reason}, occurred {hours} h before the decision"


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
