"""The community intake over real HTTP (uvicorn on a loopback port, httpx as the partner)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ccrp.settings import IntakeSettings
from ingest.intake import make_intake_app, register_partner
from ingest.state import MemoryStateStore
from schemas import RawReport, SourceKind
from tests.http_server import served

REPORT = {
    "title": "Fight between two groups outside a community centre",
    "description": "Outreach staff saw about ten young people involved.",
    "occurred_at": "2026-11-15T20:40:00",
    "location": "Dundas St E & Sumach St",
    "lat": 43.6599,
    "lon": -79.3606,
    "category": "community_conflict",
}


class Clock:
    """A hand-moved clock for the rate limiter."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup() -> dict[str, Any]:
    store = MemoryStateStore()
    token = register_partner(store, "eastend-safety")
    return {"store": store, "token": token, "emitted": [], "clock": Clock()}


@pytest.fixture
def http(setup: dict[str, Any]) -> Iterator[httpx.Client]:
    settings = IntakeSettings(max_body_bytes=2_000, rate_per_minute=5)
    app = make_intake_app(setup["store"], setup["emitted"].append, settings, clock=setup["clock"])
    with served(app) as url, httpx.Client(base_url=url) as client:
        yield client


def auth(setup: dict[str, Any], **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {setup['token']}", **headers}


def test_accepted_report_is_emitted_as_community(http: httpx.Client, setup: dict[str, Any]) -> None:
    response = http.post("/v1/reports", json=REPORT, headers=auth(setup))

    assert response.status_code == 201
    [report] = setup["emitted"]
    assert isinstance(report, RawReport) and response.json()["report_id"] == report.report_id
    assert report.source == "community-eastend-safety"
    assert report.source_kind is SourceKind.COMMUNITY
    assert report.occurred_at is not None and report.occurred_at.hour == 1  # 20:40 EST in UTC


def test_missing_or_wrong_token_is_401(http: httpx.Client, setup: dict[str, Any]) -> None:
    missing = http.post("/v1/reports", json=REPORT)
    wrong = http.post("/v1/reports", json=REPORT, headers={"Authorization": "Bearer nope"})
    basic = http.post("/v1/reports", json=REPORT, headers={"Authorization": "Basic eDp5"})
    assert [r.status_code for r in (missing, wrong, basic)] == [401, 401, 401]
    assert missing.headers["WWW-Authenticate"] == "Bearer" and setup["emitted"] == []


def test_invalid_fields_are_422_naming_each_field(
    http: httpx.Client, setup: dict[str, Any]
) -> None:
    bad = {**REPORT, "lat": 123.0, "title": "", "colour": "red"}
    response = http.post("/v1/reports", json=bad, headers=auth(setup))

    body = response.json()
    assert response.status_code == 422
    assert set(body["fields"]) == {"lat", "title", "colour"} and "lat:" in body["error"]


def test_invalid_json_is_422(http: httpx.Client, setup: dict[str, Any]) -> None:
    response = http.post("/v1/reports", content=b"{not json", headers=auth(setup))
    assert response.status_code == 422 and response.json()["fields"] == ["body"]
    latin = http.post(
        "/v1/reports", content='{"title": "caf\xe9"}'.encode("latin-1"), headers=auth(setup)
    )
    assert latin.status_code == 422 and latin.json()["fields"] == ["body"]


def test_deeply_nested_json_is_a_clear_422(setup: dict[str, Any]) -> None:
    app = make_intake_app(setup["store"], setup["emitted"].append, IntakeSettings())
    deep_list = b"[" * 100_000 + b"]" * 100_000
    deep_extra = json.dumps({**REPORT, "extra": {"a": json.loads("[" * 40 + "]" * 40)}})
    with served(app) as url, httpx.Client(base_url=url) as client:
        answers = [
            client.post("/v1/reports", content=body, headers=auth(setup))
            for body in (deep_list, deep_extra.encode())
        ]
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert "nested deeper" in answer.json()["error"]
    assert setup["emitted"] == []


def test_oversized_body_is_413_with_or_without_a_length(
    http: httpx.Client, setup: dict[str, Any]
) -> None:
    big = json.dumps({**REPORT, "description": "x" * 3_000}).encode()
    declared = http.post("/v1/reports", content=big, headers=auth(setup))
    streamed = http.post("/v1/reports", content=iter([big[:1500], big[1500:]]), headers=auth(setup))
    assert (declared.status_code, streamed.status_code) == (413, 413)
    assert "transfer-encoding" not in declared.request.headers
    assert streamed.request.headers["transfer-encoding"] == "chunked"
    assert setup["emitted"] == []


def test_same_idempotency_key_twice_gives_one_report(
    http: httpx.Client, setup: dict[str, Any]
) -> None:
    headers = auth(setup, **{"Idempotency-Key": "form-7781"})
    first = http.post("/v1/reports", json=REPORT, headers=headers)
    second = http.post("/v1/reports", json=REPORT, headers=headers)

    one, two = first.json(), second.json()
    assert (first.status_code, second.status_code) == (201, 200)
    assert one["report_id"] == two["report_id"] and two["duplicate"] is True
    assert len(setup["emitted"]) == 1


def test_a_key_reused_for_another_report_is_422(http: httpx.Client, setup: dict[str, Any]) -> None:
    headers = auth(setup, **{"Idempotency-Key": "form-1"})
    first = http.post("/v1/reports", json=REPORT, headers=headers)
    other = http.post("/v1/reports", json={**REPORT, "title": "Another"}, headers=headers)
    assert (first.status_code, other.status_code) == (201, 422)
    assert other.json()["fields"] == ["Idempotency-Key"] and len(setup["emitted"]) == 1


def test_rate_limit_per_partner_is_429_with_retry_after(
    http: httpx.Client, setup: dict[str, Any]
) -> None:
    statuses = [
        http.post("/v1/reports", json=REPORT, headers=auth(setup)).status_code for _ in range(6)
    ]
    limited = http.post("/v1/reports", json=REPORT, headers=auth(setup))
    setup["clock"].now += 12.0  # five per minute: one token back every 12 s
    after_wait = http.post("/v1/reports", json=REPORT, headers=auth(setup))

    assert statuses == [201] * 5 + [429]
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert after_wait.status_code == 201


def test_failed_emit_is_503_and_the_key_can_be_retried(setup: dict[str, Any]) -> None:
    delivered: list[RawReport] = []
    attempts = {"n": 0}

    def flaky(report: RawReport) -> None:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise ConnectionError("broker down")
        delivered.append(report)

    app = make_intake_app(setup["store"], flaky, IntakeSettings())
    with served(app) as url, httpx.Client(base_url=url) as client:
        headers = auth(setup, **{"Idempotency-Key": "k-1"})
        failed = client.post("/v1/reports", json=REPORT, headers=headers)
        retried = client.post("/v1/reports", json=REPORT, headers=headers)
        again = client.post("/v1/reports", json=REPORT, headers=headers)

    assert (failed.status_code, retried.status_code, again.status_code) == (503, 201, 200)
    assert int(failed.headers["Retry-After"]) >= 1 and len(delivered) == 1
    assert retried.json()["report_id"] == failed_id(setup, "k-1") == delivered[0].report_id


def test_a_store_failure_is_503_not_500(setup: dict[str, Any]) -> None:
    class DownStore(MemoryStateStore):
        def claim_intake_key(self, *args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("database unreachable")

    store = DownStore()
    token = register_partner(store, "eastend-safety")
    app = make_intake_app(store, setup["emitted"].append, IntakeSettings())
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "k-9"}
    with served(app) as url:
        response = httpx.post(f"{url}/v1/reports", json=REPORT, headers=headers)
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert setup["emitted"] == []


def failed_id(setup: dict[str, Any], key: str) -> str:
    return str(setup["store"].claim_intake_key("eastend-safety", key, "unused").message_id)


def test_openapi_describes_both_endpoints(setup: dict[str, Any]) -> None:
    app = make_intake_app(
        setup["store"], setup["emitted"].append, IntakeSettings(), emit_referral=print
    )
    with served(app) as url:
        document = httpx.get(f"{url}/openapi.json").json()
    assert {"/v1/reports", "/v1/referrals"} <= set(document["paths"])
    post = document["paths"]["/v1/referrals"]["post"]
    assert {"201", "200", "401", "413", "422", "429", "503"} <= set(post["responses"])
    form = document["components"]["schemas"]["CcrReferralForm"]
    assert "partner" not in form["properties"] and "consent" in form["required"]
