"""The case system's side, end to end on real parts: the embedded broker, the faust
agents, the SQLite store, the delivery service's own consumer group, and a webhook
receiver on loopback."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from ccrp.app import build_app
from ccrp.delivery import DeliveryService
from ccrp.example import serve_example
from ccrp.runjob import Collect, Confirm, Emit, JobSummary, collector_pass, drive_once
from ccrp.runtime import build_stages
from ccrp.settings import KafkaSettings, Settings, WebhookSettings
from ccrp.transport import KeyedProducer
from schemas import (
    ACTIVATIONS,
    RAW,
    REFERRALS,
    ActivationType,
    CcrReferral,
    RawReport,
    ReferralSource,
    ReferralStatus,
)
from schemas.jsonschema import SCHEMA_DIR
from sinks.delivery_store import DeliveryStatus
from sinks.store import Store
from sinks.webhook import new_secret
from tests.ccrp.support import make_settings, read_topic
from tests.webhook_receiver import Receiver, closed_port_url, serve

pytestmark = pytest.mark.broker
SCHEMA = json.loads((SCHEMA_DIR / "ccrp.activations.v1.schema.json").read_text())
SECRET = new_secret()


def one_pass(
    settings: Settings,
    kafka: KafkaSettings,
    store: Store,
    collect: Collect,
    webhook: WebhookSettings | None = None,
    app_id: str = "ccrp-case",
) -> JobSummary:
    stages = build_stages(settings, store)
    app = build_app(kafka, stages, store, app_id=app_id)
    delivery = DeliveryService(kafka, store, webhook) if webhook else None
    return asyncio.run(drive_once(app, kafka, store, collect, 120, delivery))


def webhook(url: str, **kw: float) -> WebhookSettings:
    group = f"delivery-{time.time_ns()}"
    return WebhookSettings(url=url, secret=SECRET, initial_backoff_s=0.2, group_id=group, **kw)


def created_by_subject(events: list[dict]) -> Counter[str]:
    return Counter(e["subject"] for e in events if e["type"] == ActivationType.CREATED)


def test_events_validate_replay_adds_nothing_and_a_flaky_webhook_gets_each_once(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    hook_settings = None
    with serve(Receiver(SECRET, fail_first=2)) as receiver, serve_example(tmp_path / "ex") as src:
        hook_settings = webhook(receiver.url)
        first = one_pass(
            settings, kafka, store, collector_pass(settings, src, store, True), hook_settings
        )
        assert first.processed == first.produced >= 10

        events = read_topic(kafka, ACTIVATIONS.name)
        for event in events:
            jsonschema.validate(event, SCHEMA)  # the committed contract, as consumed
        kinds = {e["type"] for e in events}
        assert {ActivationType.CREATED, ActivationType.CRISIS_SERVICE_REFERRAL} <= kinds
        created = created_by_subject(events)
        ccrp = [e for e in events if e["data"]["program"] == "ccrp"]
        assert all(e["data"]["priority"] and e["data"]["supports"] for e in ccrp)

        ids = {e["id"] for e in events}
        assert receiver.accepted == Counter({i: 1 for i in ids})
        assert receiver.attempts == Counter({i: 3 for i in ids})
        assert receiver.refused_signatures == 0
        log = store.deliveries()
        assert {r.event_id for r in log} == ids
        assert all(
            r.status == DeliveryStatus.DELIVERED and r.attempts == 3 and r.last_status == "200"
            and r.delivered_at is not None
            for r in log
        )  # fmt: skip
        assert first.deliveries == {"pending": 0, "delivered": len(ids), "failed": 0}

        # The whole input again: no new created event, nothing delivered twice.
        replayed = [RawReport.model_validate(v) for v in read_topic(kafka, RAW.name)]
        assert len(replayed) == first.produced  # the whole input, not an empty read

        def redeliver(emit: Emit, confirm: Confirm) -> None:
            for report in replayed:
                emit(report)

        again = one_pass(settings, kafka, store, redeliver, hook_settings)
        assert again.produced == len(replayed)
        assert created_by_subject(read_topic(kafka, ACTIVATIONS.name)) == created
        assert set(receiver.accepted.values()) == {1}
    store.close()


def test_with_the_receiver_down_every_report_is_stored_and_deliveries_stay_pending(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    emitted: set[str] = set()
    with serve_example(tmp_path / "ex") as src:
        collect = collector_pass(settings, src, store, True)

        def recorded(emit: Emit, confirm: Confirm) -> object:
            def keep(report: RawReport) -> None:
                emitted.add(report.report_id)
                emit(report)

            return collect(keep, confirm)

        down = webhook(closed_port_url(), settle_s=3)
        summary = one_pass(settings, kafka, store, recorded, down, app_id="ccrp-case-down")
    assert summary.processed == summary.produced == len(emitted) >= 10
    assert summary.dead_letters == 0 and summary.incidents >= 5
    # Every report is stored as a report (not a dead letter) while the case system is down.
    assert all(store.get_report(report_id) is not None for report_id in emitted)
    ids = {e["id"] for e in read_topic(kafka, ACTIVATIONS.name)}
    log = store.deliveries()
    assert {r.event_id for r in log} == ids
    assert all(
        r.status == DeliveryStatus.PENDING and r.attempts >= 1 and r.delivered_at is None
        and r.last_status == "connection error"
        for r in log
    )  # fmt: skip
    assert summary.deliveries == {"pending": len(ids), "delivered": 0, "failed": 0}
    store.close()


def test_ccr_referrals_are_recorded_and_flagged_once(kafka: KafkaSettings, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    partner = f"agency-{time.time_ns()}"

    def referral(rid: str, odara: int, consent: bool, minute: int) -> CcrReferral:
        return CcrReferral.model_validate(
            {
                "partner": partner,
                "referral_id": rid,
                "referred_by": ReferralSource.POLICE,
                "agency": "Toronto Police Service",
                "odara_score": odara,
                "consent": consent,
                "submitted_at": f"2026-07-15T10:{minute:02d}:00+00:00",
            }
        )

    submissions = [
        referral("r-1", 8, False, 0),  # pending consent: nothing sent
        referral("r-2", 6, True, 1),  # not qualifying
        referral("r-1", 8, True, 5),  # consent recorded: flagged now
        referral("r-1", 8, True, 5),  # the same submission again
    ]

    def submit(emit: Emit, confirm: Confirm) -> None:
        producer = KeyedProducer(kafka)
        for item in submissions:
            producer.send(REFERRALS, item.key, item)
        bad = b'{"partner": "x", "odara_score": 9, "victim_name": "Jane Doe"}'
        producer.send_bytes(REFERRALS.name, f"{partner}:bad", bad)
        producer.flush()

    one_pass(settings, kafka, store, submit, app_id="ccrp-case-ccr")
    deadline = time.monotonic() + 20
    while store.referral(f"{partner}:r-1") is None and time.monotonic() < deadline:
        time.sleep(0.2)
    flagged = store.referral(f"{partner}:r-1")
    assert flagged is not None and flagged.status == ReferralStatus.FLAGGED
    assert "ODARA 8 >= 7" in flagged.reason and flagged.event_id
    refused = store.referral(f"{partner}:r-2")
    assert refused is not None and refused.status == ReferralStatus.NOT_QUALIFYING
    assert "ODARA 6 < 7" in refused.reason

    events = [e for e in read_topic(kafka, ACTIVATIONS.name) if partner in e["subject"]]
    assert [e["type"] for e in events] == [ActivationType.CCR_REFERRAL_FLAGGED]
    assert events[0]["id"] == flagged.event_id
    jsonschema.validate(events[0], SCHEMA)
    letters = [d for d in store.dead_letters(limit=50) if d.key == f"{partner}:bad"]
    assert [d.stage for d in letters] == ["decode"]
    assert "victim_name" in letters[0].error and b"Jane" not in letters[0].value
    assert json.loads(letters[0].value) == {"partner": "x", "odara_score": 9}
    store.close()
