"""Rule table of the community crisis service referral, and its one stable event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from enrich.crisis import crisis_event_id, decide_crisis_referral
from schemas import ActivationType, CrisisReferralData, IncidentStatus
from tests.enrich.incidents import AT, incident

SOON = AT + timedelta(minutes=30)
TABLE: list[tuple[list[str], dict[str, Any], timedelta, bool]] = [
    (["mental_health_crisis"], {}, timedelta(0), True),
    (["mental_health_crisis"], {}, timedelta(hours=71), True),
    (["mental_health_crisis"], {}, timedelta(hours=73), False),
    (["mental_health_crisis"], {"weapon": "knife"}, timedelta(0), False),
    (["mental_health_crisis"], {"injured": 1}, timedelta(0), False),
    (["mental_health_crisis", "assault"], {}, timedelta(0), False),
    (["mental_health_crisis", "stabbing"], {}, timedelta(0), False),
    (["mental_health_crisis"], {"in_area": False}, timedelta(0), False),
    (["mental_health_crisis"], {"in_area": None}, timedelta(0), False),
    (["mental_health_crisis"], {"follow_up": True}, timedelta(0), False),
    (["fire"], {}, timedelta(0), False),
]


@pytest.mark.parametrize(("types", "attrs", "later", "referred"), TABLE)
def test_crisis_service_rule_table(
    types: list[str], attrs: dict[str, Any], later: timedelta, referred: bool
) -> None:
    events = decide_crisis_referral(incident(types, **attrs), False, SOON + later)
    assert bool(events) == referred
    for event in events:
        assert event.type == ActivationType.CRISIS_SERVICE_REFERRAL
        assert not event.is_ccrp and isinstance(event.data, CrisisReferralData)


def test_one_referral_per_incident_with_a_stable_id() -> None:
    call = incident(["mental_health_crisis"], incident_id="inc-crisis")
    (event,) = decide_crisis_referral(call, False, SOON)
    again = decide_crisis_referral(call.model_copy(update={"version": 2}), False, SOON)
    assert event.id == again[0].id == crisis_event_id("inc-crisis")
    assert decide_crisis_referral(call, True, SOON) == []
    retracted = call.model_copy(update={"status": IncidentStatus.RETRACTED})
    assert decide_crisis_referral(retracted, False, SOON) == []


def test_a_withheld_crisis_shows_only_the_generated_summary() -> None:
    call = incident(["mental_health_crisis"], title="Woman in crisis after her ex-husband left")
    (event,) = decide_crisis_referral(call, False, SOON)
    data = event.data
    assert isinstance(data, CrisisReferralData)
    assert data.withheld and data.report_urls == [] and data.location.text is None
    assert data.location.lat is None and data.location.neighbourhood is not None
    assert "ex-husband" not in event.model_dump_json()
