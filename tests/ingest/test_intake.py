"""The community intake over real HTTP (aiohttp test server on loopback)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from ccrp.settings import IntakeSettings
from ingest.intake import make_intake_app, register_partner
from ingest.state import MemoryStateStore
from schemas import RawReport, SourceKind

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
async def http(setup: dict[str, Any]) -> AsyncIterator[TestClient]:
    settings = IntakeSettings(max_body_bytes=2_000, rate_per_minute=5)
    app = make_intake_app(setup["store"], setup["emitted"].append, settings, clock=setup["clock"])
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


def auth(setup: dict[str, Any], **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {setup['token']}", **headers}


async def test_accepted_report_is_emitted_as_community(
    http: TestClient, setup: dict[str, Any]
) -> None:
    response = await http.post("/v1/reports", json=REPORT, headers=auth(setup))

    assert response.status == 201
    body = await response.json()
    [report] = setup["emitted"]
    assert isinstance(report, RawReport) and body["report_id"] == report.report_id
    assert report.source == "community-eastend-safety"
    assert report.source_kind is SourceKind.COMMUNITY
    assert report.occurred_at is not None and report.occurred_at.hour == 1  # 20:40 EST in UTC


async def test_missing_or_wrong_token_is_401(http: TestClient, setup: dict[str, Any]) -> None:
    missing = await http.post("/v1/reports", json=REPORT)
    wrong = await http.post("/v1/reports", json=REPORT, headers={"Authorization": "Bearer nope"})
    assert (missing.status, wrong.status) == (401, 401) and setup["emitted"] == []


async def test_invalid_fields_are_422_naming_each_field(
    http: TestClient, setup: dict[str, Any]
) -> None:
    bad = {**REPORT, "lat": 123.0, "title": "", "colour": "red"}
    response = await http.post("/v1/reports", json=bad, headers=auth(setup))

    body = await response.json()
    assert response.status == 422
    assert set(body["fields"]) == {"lat", "title", "colour"} and "lat:" in body["error"]


async def test_invalid_json_is_422(http: TestClient, setup: dict[str, Any]) -> None:
    response = await http.post("/v1/reports", data=b"{not json", headers=auth(setup))
    assert response.status == 422 and (await response.json())["fields"] == ["body"]


async def test_oversized_body_is_413(http: TestClient, setup: dict[str, Any]) -> None:
    big = {**REPORT, "description": "x" * 3_000}
    response = await http.post("/v1/reports", json=big, headers=auth(setup))
    assert response.status == 413 and setup["emitted"] == []


async def test_same_idempotency_key_twice_gives_one_report(
    http: TestClient, setup: dict[str, Any]
) -> None:
    headers = auth(setup, **{"Idempotency-Key": "form-7781"})
    first = await http.post("/v1/reports", json=REPORT, headers=headers)
    second = await http.post("/v1/reports", json=REPORT, headers=headers)

    one, two = await first.json(), await second.json()
    assert (first.status, second.status) == (201, 200)
    assert one["report_id"] == two["report_id"] and two["duplicate"] is True
    assert len(setup["emitted"]) == 1


async def test_rate_limit_per_partner_is_429_with_retry_after(
    http: TestClient, setup: dict[str, Any]
) -> None:
    statuses = [
        (await http.post("/v1/reports", json=REPORT, headers=auth(setup))).status for _ in range(6)
    ]
    limited = await http.post("/v1/reports", json=REPORT, headers=auth(setup))
    setup["clock"].now += 12.0  # five per minute: one token back every 12 s
    after_wait = await http.post("/v1/reports", json=REPORT, headers=auth(setup))

    assert statuses == [201] * 5 + [429]
    assert limited.status == 429 and int(limited.headers["Retry-After"]) >= 1
    assert after_wait.status == 201


async def test_failed_emit_is_503_and_the_key_can_be_retried(setup: dict[str, Any]) -> None:
    delivered: list[RawReport] = []
    attempts = {"n": 0}

    def flaky(report: RawReport) -> None:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise ConnectionError("broker down")
        delivered.append(report)

    app = make_intake_app(setup["store"], flaky, IntakeSettings())
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        headers = auth(setup, **{"Idempotency-Key": "k-1"})
        failed = await client.post("/v1/reports", json=REPORT, headers=headers)
        retried = await client.post("/v1/reports", json=REPORT, headers=headers)

    assert (failed.status, retried.status) == (503, 201) and len(delivered) == 1
