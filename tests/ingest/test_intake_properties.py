"""Property tests of the intake's HTTP schema: whatever a partner sends, the answer is a
2xx with the message delivered, or a 4xx naming what is wrong; never a 5xx, never a
message for a refused request.

Bodies are arbitrary bytes, any JSON value, damaged JSON, deep nesting, report- and
referral-shaped documents with any values, and valid reports and forms.
"""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import count
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st

from ccrp.settings import IntakeSettings
from ingest.intake import make_intake_app, register_partner
from ingest.normalise import plain
from ingest.sources.community import CommunitySubmission
from ingest.state import MemoryStateStore
from schemas import CcrReferral, RawReport
from tests.ingest.strategies import PROPERTY, damaged, json_bytes, json_values

REPORT_FIELDS = ("title", "description", "occurred_at", "location", "lat", "lon", "category")
FORM_FIELDS = ("referral_id", "referred_by", "agency", "odara_score", "consent", "neighbourhood")
KEYS = count()
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what plain() makes spaces


class Intake:
    """One intake app in process, its partner token, and what it delivered."""

    def __init__(self) -> None:
        store = MemoryStateStore()
        self.token = register_partner(store, "fuzz-partner")
        self.reports: list[RawReport] = []
        self.referrals: list[CcrReferral] = []
        settings = IntakeSettings(rate_per_minute=10**9, max_body_bytes=20_000)
        app = make_intake_app(
            store, self.reports.append, settings, emit_referral=self.referrals.append
        )
        self.client = TestClient(app)

    def post(self, path: str, body: bytes, key: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        headers["Idempotency-Key"] = key or f"k-{next(KEYS)}"
        return self.client.post(path, content=body, headers=headers)


@cache
def intake() -> Intake:
    return Intake()


def shaped(fields: tuple[str, ...]) -> st.SearchStrategy[bytes]:
    documents = st.dictionaries(st.sampled_from(fields) | st.text(max_size=8), json_values)
    return json_bytes(documents)


def nested(depth: int) -> bytes:
    return json.dumps({"title": "x", "extra": json.loads("[" * depth + "]" * depth)}).encode()


report_bodies = (
    st.binary(max_size=600)
    | json_bytes()
    | shaped(REPORT_FIELDS)
    | damaged(shaped(REPORT_FIELDS))
    | st.integers(1, 120).map(nested)
)
form_bodies = (
    st.binary(max_size=600) | json_bytes() | shaped(FORM_FIELDS) | damaged(shaped(FORM_FIELDS))
)


def assert_answered(answer: Any, delivered: list[Any], before: int) -> None:
    assert answer.status_code in (201, 413, 422), (answer.status_code, answer.text)
    body = answer.json()
    if answer.status_code == 201:
        assert len(delivered) == before + 1 and body["duplicate"] is False
    else:
        assert len(delivered) == before, "nothing sent for a refused request"
        assert body["error"], "the error is named"


@PROPERTY
@given(body=report_bodies)
@example(body=b"[" * 50_000)
@example(body=b'{"title": "x", "lat": true}')
@example(body=b'{"title": "x", "lat": 1e999}')
@example(body='{"title": "caf\u00e9"}'.encode("latin-1"))
@example(body=b'{"title": "ok", "extra": {"k": "\\ud800"}}')  # valid JSON, not text
@example(body=b'{"title": "a\\u0000b\\u001f", "location": "Queen\\u0000St"}')
def test_any_report_body_is_delivered_or_refused_by_name(body: bytes) -> None:
    app = intake()
    before = len(app.reports)
    answer = app.post("/v1/reports", body)
    assert_answered(answer, app.reports, before)
    if answer.status_code == 201:
        sent = app.reports[-1]
        assert sent.report_id == answer.json()["report_id"]
        submitted = CommunitySubmission.model_validate(json.loads(body))
        assert sent.title == plain(submitted.title), "text kept, made printable"
        assert not CONTROL.search(sent.title + (sent.location_text or ""))


@PROPERTY
@given(body=form_bodies)
def test_any_referral_body_is_delivered_or_refused_by_name(body: bytes) -> None:
    app = intake()
    before = len(app.referrals)
    assert_answered(app.post("/v1/referrals", body), app.referrals, before)


valid_reports = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=80).filter(lambda t: t.strip() != "")},
    optional={
        "description": st.text(max_size=200),
        "location": st.text(min_size=1, max_size=60).filter(lambda t: t.strip() != ""),
        "lat": st.floats(-90, 90),
        "lon": st.floats(-180, 180),
        "occurred_at": st.datetimes().map(lambda d: d.isoformat()),
    },
)


@PROPERTY
@given(report=valid_reports)
def test_a_valid_report_is_delivered_once_under_its_key(report: dict[str, Any]) -> None:
    app = intake()
    body, key = json.dumps(report).encode(), f"valid-{next(KEYS)}"
    first, again = app.post("/v1/reports", body, key), app.post("/v1/reports", body, key)
    assert (first.status_code, again.status_code) == (201, 200), first.text
    assert again.json() == {"report_id": first.json()["report_id"], "duplicate": True}
    sent = app.reports[-1]
    assert sent.report_id == first.json()["report_id"]
    assert sent.title == plain(CommunitySubmission.model_validate(report).title)
    assert (sent.lat, sent.lon) == (report.get("lat"), report.get("lon"))
    other = json.dumps({**report, "title": report["title"] + " (edited)"}).encode()
    assert app.post("/v1/reports", other, key).status_code == 422, "a key is one submission"
