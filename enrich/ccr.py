"""The co-ordinated response to high-risk intimate-partner violence (CCR): the referral rule.

A referral is flagged only when it comes from police or a partner agency (the form's
``referred_by``), carries an ODARA score of 7 or more or a Danger Assessment score of 18
or more, and records informed consent. A qualifying referral without consent is pending
consent and nothing is sent; a later submission of it with consent flags it then. The
flagged event names no one: the form has no field for a name, and the event carries the
scores, who referred, and the area only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from enrich.activation import ACTIVATION_NAMESPACE
from schemas import (
    ActivationEvent,
    ActivationType,
    CcrReferral,
    CcrReferralData,
    ReferralSource,
    ReferralStatus,
    RiskTool,
)

ODARA_THRESHOLD = 7
DANGER_ASSESSMENT_THRESHOLD = 18
_TOOL_NAMES = {RiskTool.ODARA: "ODARA", RiskTool.DANGER_ASSESSMENT: "Danger Assessment"}
_REFERRERS = {ReferralSource.POLICE: "police", ReferralSource.PARTNER_AGENCY: "a partner agency"}


@dataclass(frozen=True)
class RiskFinding:
    """One risk score measured against its threshold."""

    tool: RiskTool
    score: int
    threshold: int

    @property
    def qualifies(self) -> bool:
        return self.score >= self.threshold

    def __str__(self) -> str:
        sign = ">=" if self.qualifies else "<"
        return f"{_TOOL_NAMES[self.tool]} {self.score} {sign} {self.threshold}"


@dataclass(frozen=True)
class ReferralAssessment:
    """The rule's verdict on one submission, with its reason in plain words."""

    status: ReferralStatus
    reason: str
    finding: RiskFinding | None


def findings(referral: CcrReferral) -> list[RiskFinding]:
    """The scores the referral carries, ODARA first."""
    found = []
    if referral.odara_score is not None:
        found.append(RiskFinding(RiskTool.ODARA, referral.odara_score, ODARA_THRESHOLD))
    if referral.danger_assessment_score is not None:
        found.append(
            RiskFinding(
                RiskTool.DANGER_ASSESSMENT,
                referral.danger_assessment_score,
                DANGER_ASSESSMENT_THRESHOLD,
            )
        )
    return found


def assess_referral(referral: CcrReferral) -> ReferralAssessment:
    """Flagged, pending consent, or not qualifying, and why."""
    scores = findings(referral)
    qualifying = next((f for f in scores if f.qualifies), None)
    who = f"referred by {_REFERRERS[referral.referred_by]} ({referral.agency})"
    if qualifying is None:
        reason = f"{'; '.join(map(str, scores))}: below the CCR threshold, {who}"
        return ReferralAssessment(ReferralStatus.NOT_QUALIFYING, reason, scores[0])
    if not referral.consent:
        reason = f"{qualifying}, {who}, but no informed consent recorded: nothing sent"
        return ReferralAssessment(ReferralStatus.PENDING_CONSENT, reason, qualifying)
    reason = f"{qualifying}, {who}, informed consent recorded"
    return ReferralAssessment(ReferralStatus.FLAGGED, reason, qualifying)


def referral_subject(referral: CcrReferral) -> str:
    """The CloudEvents subject (and topic key) of a referral's events."""
    return f"ccr-referral:{referral.key}"


def flagged_event_id(referral: CcrReferral) -> str:
    """Stable id: one flagged event per referral, however often it is submitted."""
    return str(uuid.uuid5(ACTIVATION_NAMESPACE, f"{referral_subject(referral)}:flagged"))


def flagged_event(referral: CcrReferral, assessment: ReferralAssessment) -> ActivationEvent:
    """The ``ccr.referral.flagged`` event of a flagged referral."""
    finding = assessment.finding
    if assessment.status != ReferralStatus.FLAGGED or finding is None:
        raise ValueError(f"referral {referral.key} is {assessment.status.value}, not flagged")
    consented_at: datetime = referral.consent_recorded_at or referral.submitted_at
    data = CcrReferralData(
        partner=referral.partner,
        referral_id=referral.referral_id,
        incident_id=referral.incident_id,
        referred_by=referral.referred_by,
        agency=referral.agency,
        risk_tool=finding.tool,
        risk_score=finding.score,
        threshold=finding.threshold,
        consent_recorded_at=consented_at,
        area=referral.neighbourhood,
        reason=assessment.reason,
    )
    return ActivationEvent(
        id=flagged_event_id(referral),
        type=ActivationType.CCR_REFERRAL_FLAGGED,
        time=referral.submitted_at,
        subject=referral_subject(referral),
        data=data,
    )
