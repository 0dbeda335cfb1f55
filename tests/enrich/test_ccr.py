"""Rule table of the CCR referral: who referred, the score against its threshold, consent."""

from __future__ import annotations

from typing import Any

import pytest

from enrich.ccr import assess_referral, flagged_event, flagged_event_id
from schemas import ActivationType, CcrReferral, ReferralSource, ReferralStatus, RiskTool
from tests.enrich.factories import utc

FLAGGED, PENDING, NOT = (
    ReferralStatus.FLAGGED,
    ReferralStatus.PENDING_CONSENT,
    ReferralStatus.NOT_QUALIFYING,
)
POLICE, PARTNER = ReferralSource.POLICE, ReferralSource.PARTNER_AGENCY


def referral(**fields: Any) -> CcrReferral:
    values: dict[str, Any] = {
        "partner": "shelter-east",
        "referral_id": "r-1",
        "referred_by": POLICE,
        "agency": "Toronto Police Service",
        "consent": True,
        "submitted_at": utc("2026-07-15T10:00"),
    } | fields
    return CcrReferral(**values)


TABLE: list[tuple[dict[str, Any], ReferralStatus, RiskTool | None, str]] = [
    ({"odara_score": 7}, FLAGGED, RiskTool.ODARA, "ODARA 7 >= 7"),
    ({"odara_score": 6}, NOT, RiskTool.ODARA, "ODARA 6 < 7"),
    ({"danger_assessment_score": 18}, FLAGGED, RiskTool.DANGER_ASSESSMENT,
     "Danger Assessment 18 >= 18"),
    ({"danger_assessment_score": 17}, NOT, RiskTool.DANGER_ASSESSMENT,
     "Danger Assessment 17 < 18"),
    ({"odara_score": 7, "consent": False}, PENDING, RiskTool.ODARA, "no informed consent"),
    ({"danger_assessment_score": 18, "consent": False}, PENDING, RiskTool.DANGER_ASSESSMENT,
     "no informed consent"),
    ({"odara_score": 6, "consent": False}, NOT, RiskTool.ODARA, "below the CCR threshold"),
    ({"odara_score": 6, "danger_assessment_score": 18}, FLAGGED, RiskTool.DANGER_ASSESSMENT,
     "Danger Assessment 18 >= 18"),
    ({"odara_score": 7, "referred_by": PARTNER, "agency": "Shelter East"}, FLAGGED,
     RiskTool.ODARA, "referred by a partner agency (Shelter East)"),
    ({"odara_score": 7, "referred_by": POLICE}, FLAGGED, RiskTool.ODARA,
     "referred by police (Toronto Police Service)"),
    ({"danger_assessment_score": 17, "referred_by": PARTNER}, NOT, RiskTool.DANGER_ASSESSMENT,
     "referred by a partner agency"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "status", "tool", "words"), TABLE)
def test_ccr_rule_table(
    fields: dict[str, Any], status: ReferralStatus, tool: RiskTool | None, words: str
) -> None:
    assessment = assess_referral(referral(**fields))
    assert assessment.status == status
    assert assessment.finding is not None and assessment.finding.tool == tool
    assert words in assessment.reason


def test_only_a_flagged_referral_has_an_event() -> None:
    pending = referral(odara_score=9, consent=False)
    with pytest.raises(ValueError, match="pending_consent"):
        flagged_event(pending, assess_referral(pending))


def test_flagged_event_is_stable_and_names_no_one() -> None:
    first = referral(odara_score=9, incident_id="inc-7", neighbourhood="Moss Park (073)")
    later = referral(
        odara_score=9,
        consent_recorded_at=utc("2026-07-16T09:00"),
        submitted_at=utc("2026-07-16T09:05"),
    )
    event = flagged_event(first, assess_referral(first))
    assert event.type == ActivationType.CCR_REFERRAL_FLAGGED
    assert event.id == flagged_event_id(later) == flagged_event(later, assess_referral(later)).id
    assert event.subject == "ccr-referral:shelter-east:r-1"
    data = event.model_dump(mode="json")["data"]
    assert data["program"] == "ccr" and data["risk_score"] == 9 and data["threshold"] == 7
    assert data["area"] == "Moss Park (073)" and data["incident_id"] == "inc-7"
    assert set(data) == {
        "program", "partner", "referral_id", "incident_id", "incident_version", "referred_by",
        "agency", "risk_tool", "risk_score", "threshold", "consent_recorded_at", "area", "reason",
    }  # fmt: skip


def test_the_form_refuses_a_name_field() -> None:
    with pytest.raises(ValueError, match="victim_name"):
        referral(odara_score=9, victim_name="Jane Doe")
