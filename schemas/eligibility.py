"""CCRP eligibility: the one rule the stream, batch output and evaluation all apply.

An incident is eligible for a CCRP activation when it is of a violent or traumatic type,
inside the City of Toronto, not retracted or merged away, and occurred within the last
72 hours of the decision time. What decides is the incident's age, not the kind of report
that told of it: a follow-up (an arrest the morning after) about an incident of the last
72 hours opens the activation; a follow-up about an old incident, or about one whose date
no report gives, does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas.taxonomy import is_ccrp_type

ACTIVATION_HORIZON = timedelta(hours=72)
# Clocks and extracted times are not exact: an occurred-at slightly after the decision
# time is treated as "just now", not as a future event.
CLOCK_SLACK = timedelta(hours=1)
WITHDRAWN = frozenset({"retracted", "merged"})


@dataclass(frozen=True)
class Eligibility:
    """A decision and its reason in plain words."""

    eligible: bool
    reason: str


def substantive(
    types: Iterable[str],
    in_area: bool | None,
    status: str = "reported",
    municipality: str | None = None,
) -> Eligibility:
    """Eligibility leaving time aside: type, area, retraction."""
    labels = list(types)
    kinds = ", ".join(labels) or "no type"
    if status == "retracted":
        return Eligibility(False, "retracted by a later report")
    if status == "merged":
        return Eligibility(False, "merged into another incident")
    if not is_ccrp_type(labels):
        return Eligibility(False, f"not a CCRP incident type ({kinds})")
    if in_area is False:
        where = municipality or "another municipality"
        return Eligibility(False, f"out of area ({where}): recorded, never activated")
    if in_area is None:
        return Eligibility(False, "location not known to be inside the City of Toronto")
    return Eligibility(True, f"{kinds} inside the City of Toronto")


def incident_time(
    occurred_at: datetime | None, first_seen: datetime, only_follow_ups: bool
) -> datetime | None:
    """When the incident happened, as far as its reports tell: its occurred-at; else, for a
    new incident, when it was first reported; a follow-up alone gives no date."""
    if occurred_at is not None:
        return occurred_at
    return None if only_follow_ups else first_seen


def ccrp_eligibility(
    types: Iterable[str],
    in_area: bool | None,
    occurred_at: datetime | None,
    first_seen: datetime,
    as_of: datetime,
    only_follow_ups: bool = False,
    status: str = "reported",
    municipality: str | None = None,
) -> Eligibility:
    """Eligible for a CCRP activation at ``as_of``? With the reason."""
    decision = substantive(types, in_area, status, municipality)
    if not decision.eligible:
        return decision
    when = incident_time(occurred_at, first_seen, only_follow_ups)
    if when is None:
        return Eligibility(False, "only follow-up reports, of an incident of unknown date")
    age = as_of - when
    if age > ACTIVATION_HORIZON:
        hours = int(age.total_seconds() // 3600)
        return Eligibility(
            False, f"occurred {hours} h before the decision, beyond the 72 h horizon"
        )
    if age < -CLOCK_SLACK:
        return Eligibility(False, "occurred-at lies after the decision time; waiting for it")
    hours = max(0, int(age.total_seconds() // 3600))
    told = " (told by follow-up reports)" if only_follow_ups else ""
    return Eligibility(True, f"{decision.reason}, occurred {hours} h before the decision{told}")
