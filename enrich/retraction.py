"""Reports that withdraw an incident: "police say no shooting occurred", "deemed unfounded".

A retraction joins the incident it withdraws (as a follow-up of it) and retracts it: the
incident's status becomes ``retracted`` and its activation is cancelled. A retraction
that the classifier read as about no incident at all still names what it denies ("no
shooting"), and that is what it is matched by.
"""

from __future__ import annotations

import re

from schemas import EnrichedReport
from schemas.taxonomy import IncidentType

RETRACTION_NOTE = "retracted"  # a classification note marking a report as a retraction

_DENIED = r"(?:shooting|stabbing|gunfire|shots?\s+fired|shots?|gunshots?|crime|assault|fire)"
_RETRACTION = re.compile(
    rf"""\bno\s+(?:evidence\s+(?:of|that)\s+(?:a\s+)?)?{_DENIED}\s+(?:had\s+)?(?:occurred|took\s+place|happened)\b
    | \bthere\s+(?:was|had\s+been)\s+no\s+{_DENIED}\b
    | \b(?:deemed|found\s+to\s+be|determined\s+to\s+be|ruled|declared|was)\s+unfounded\b
    | \b(?:false\s+(?:alarm|report|call)|hoax)\b
    | \b(?:did\s+not|didn't|never)\s+(?:happen|occur|take\s+place)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TYPE_OF = (
    (re.compile(r"\bstabb", re.I), IncidentType.STABBING),
    (re.compile(r"\b(?:gunfire|shots?\b|gunshots?)", re.I), IncidentType.SHOTS_FIRED),
    (re.compile(r"\bshooting\b", re.I), IncidentType.SHOOTING),
    (re.compile(r"\bfire\b", re.I), IncidentType.FIRE),
    (re.compile(r"\bassault", re.I), IncidentType.ASSAULT),
)


def states_retraction(text: str) -> bool:
    """True when the text withdraws an earlier report of an incident."""
    return _RETRACTION.search(text) is not None


def is_retraction(er: EnrichedReport) -> bool:
    """A retraction by the classifier's note or by its own wording."""
    return RETRACTION_NOTE in er.classification.notes or states_retraction(er.report.text)


def denied_types(text: str) -> list[str]:
    """The incident types a retraction denies ("no shooting occurred" -> shooting)."""
    return [kind.value for pattern, kind in _TYPE_OF if pattern.search(text)]


def as_retraction(er: EnrichedReport) -> EnrichedReport:
    """A retraction the classifier typed as about no incident, typed by what it denies, so
    it can find and retract the incident it withdraws."""
    labels = set(er.classification.types)
    if labels - {IncidentType.NOT_INCIDENT} or not is_retraction(er):
        return er
    denied = denied_types(er.report.text)
    if not denied:
        return er
    cls = er.classification.model_copy(
        update={"types": denied, "notes": [*er.classification.notes, RETRACTION_NOTE]}
    )
    return er.model_copy(update={"classification": cls})
