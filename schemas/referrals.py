"""Referrals to the co-ordinated response for high-risk intimate-partner violence (CCR).

A police service or a partner agency submits a referral on the partner intake's referral
form. The form has no field for a person's name or address, and unknown fields are
refused, so no name can enter the system through it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import AwareDatetime, Field, model_validator

from schemas.activations import ReferralSource
from schemas.reports import Frozen

ODARA_MAX = 13  # the Ontario Domestic Assault Risk Assessment has 13 items
DANGER_ASSESSMENT_MAX = 38  # weighted score of the 20-item Danger Assessment


class ReferralStatus(StrEnum):
    """What became of a referral, as the store records it."""

    FLAGGED = "flagged"
    PENDING_CONSENT = "pending_consent"
    NOT_QUALIFYING = "not_qualifying"


class CcrReferral(Frozen):
    """One referral as submitted (value of ``ccr.referrals.v1``)."""

    partner: str = Field(min_length=1, max_length=100, description="the submitting partner")
    referral_id: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
    referred_by: ReferralSource
    agency: str = Field(min_length=1, max_length=200, description="police service or agency")
    odara_score: int | None = Field(default=None, ge=0, le=ODARA_MAX)
    danger_assessment_score: int | None = Field(default=None, ge=0, le=DANGER_ASSESSMENT_MAX)
    consent: bool = Field(description="informed consent to the referral is recorded")
    consent_recorded_at: AwareDatetime | None = None
    incident_id: str | None = Field(default=None, max_length=200)
    neighbourhood: str | None = Field(default=None, max_length=200, description="area only")
    submitted_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))

    @model_validator(mode="after")
    def _scored(self) -> CcrReferral:
        if self.odara_score is None and self.danger_assessment_score is None:
            raise ValueError("give odara_score or danger_assessment_score")
        return self

    @property
    def key(self) -> str:
        """Stable id and Kafka key: the partner plus its own referral id."""
        return f"{self.partner}:{self.referral_id}"
