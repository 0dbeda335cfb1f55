"""CCR referral statuses in the store: the latest submission decides, a flag stays."""

from __future__ import annotations

from datetime import timedelta

from schemas import CcrReferral, ReferralSource, ReferralStatus
from sinks import Store
from tests.sinks.factories import T0


def referral(consent: bool, at_minutes: int) -> CcrReferral:
    return CcrReferral(
        partner="shelter-east",
        referral_id="r-9",
        referred_by=ReferralSource.PARTNER_AGENCY,
        agency="Shelter East",
        danger_assessment_score=20,
        consent=consent,
        submitted_at=T0 + timedelta(minutes=at_minutes),
    )


def test_pending_consent_then_flagged_then_an_old_copy_changes_nothing(store: Store) -> None:
    pending = store.record_referral(referral(False, 0), ReferralStatus.PENDING_CONSENT, "no", T0)
    assert pending.status == ReferralStatus.PENDING_CONSENT and pending.event_id is None
    flagged = store.record_referral(
        referral(True, 10), ReferralStatus.FLAGGED, "yes", T0 + timedelta(minutes=11), "ev-1"
    )
    assert flagged.status == ReferralStatus.FLAGGED and flagged.event_id == "ev-1"
    assert flagged.flagged_at == T0 + timedelta(minutes=11)
    late = store.record_referral(
        referral(False, 0), ReferralStatus.PENDING_CONSENT, "no", T0 + timedelta(hours=1)
    )
    assert late == flagged
    assert store.referral("shelter-east:r-9") == flagged
    assert store.referrals(ReferralStatus.FLAGGED) == [flagged]
    assert store.referrals(ReferralStatus.PENDING_CONSENT) == []
