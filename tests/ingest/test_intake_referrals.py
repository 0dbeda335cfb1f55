"""The CCR referral form on the partner intake: the partner comes from the token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ccrp.settings import IntakeSettings
from ingest.intake import make_intake_app, register_partner
from ingest.state import MemoryStateStore
from schemas import CcrReferral
from tests.http_server import served

FORM = {
    "referral_id": "vs-2026-0192",
    "referred_by": "partner_agency",
    "agency": "Victim Services Toronto",
    "danger_assessment_score": 21,
    "consent": True,
    "consent_recorded_at": "2026-11-20T15:00:00Z",
    "neighbourhood": "Moss Park (073)",
}


@pytest.fixture
def intake() -> Iterator[dict[str, Any]]:
    store = MemoryStateStore()
    token = register_partner(store, "victim-services")
    referrals: list[CcrReferral] = []
    app = make_intake_app(store, print, IntakeSettings(), emit_referral=referrals.append)
    with served(app) as url, httpx.Client(base_url=url) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield {"client": client, "referrals": referrals}


def test_referral_is_produced_with_the_partner_of_the_token(intake: dict[str, Any]) -> None:
    response = intake["client"].post("/v1/referrals", json=FORM)

    assert response.status_code == 201, response.text
    [referral] = intake["referrals"]
    assert referral.partner == "victim-services" and referral.danger_assessment_score == 21
    assert response.json() == {
        "duplicate": False,
        "referral_id": "vs-2026-0192",
        "key": "victim-services:vs-2026-0192",
    }


def test_a_partner_in_the_body_is_refused(intake: dict[str, Any]) -> None:
    response = intake["client"].post("/v1/referrals", json={**FORM, "partner": "police"})
    assert response.status_code == 422 and response.json()["fields"] == ["partner"]
    assert intake["referrals"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"danger_assessment_score": 99}, "danger_assessment_score"),
        ({"victim_name": "A. Person"}, "victim_name"),
        ({"consent": None}, "consent"),
    ],
)
def test_invalid_forms_name_the_field(
    intake: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    response = intake["client"].post("/v1/referrals", json={**FORM, **change})
    assert response.status_code == 422 and field in response.json()["fields"]


def test_a_form_without_any_score_is_422(intake: dict[str, Any]) -> None:
    form = {k: v for k, v in FORM.items() if k != "danger_assessment_score"}
    response = intake["client"].post("/v1/referrals", json=form)
    assert response.status_code == 422 and "odara_score" in response.json()["error"]


def test_the_same_key_twice_sends_one_referral(intake: dict[str, Any]) -> None:
    headers = {"Idempotency-Key": "ref-1"}
    first = intake["client"].post("/v1/referrals", json=FORM, headers=headers)
    second = intake["client"].post("/v1/referrals", json=FORM, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["duplicate"] is True and len(intake["referrals"]) == 1


def test_a_report_key_is_not_reused_for_a_referral(intake: dict[str, Any]) -> None:
    headers = {"Idempotency-Key": "shared"}
    report = intake["client"].post("/v1/reports", json={"title": "Fight"}, headers=headers)
    referral = intake["client"].post("/v1/referrals", json=FORM, headers=headers)
    assert (report.status_code, referral.status_code) == (201, 422)
