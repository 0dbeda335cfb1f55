"""The intake answers 2xx only for a report the broker acknowledged (real broker, real restart).

Two sequences used to lose reports: a retry sent while the first attempt was pending was
told ``200 duplicate`` at once, and after a failed attempt and a restart a retry was told
``200 duplicate`` although nothing had ever been delivered.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

from ccrp.broker import EmbeddedBroker, free_loopback_port
from ccrp.settings import IntakeSettings, KafkaSettings, Settings
from ccrp.transport import client_config, create_topics
from ccrp.web import broker_senders, intake_app
from ingest.intake import register_partner
from schemas import RAW, REFERRALS
from sinks.store import Store
from tests.http_server import served

pytestmark = pytest.mark.broker
REPORT = {"title": "Group fight outside the Moss Park armoury", "location": "Queen St E"}


def intake_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, intake=IntakeSettings(delivery_timeout_s=2.0))


def unreachable() -> KafkaSettings:
    return KafkaSettings(bootstrap=f"127.0.0.1:{free_loopback_port()}")  # nothing listens


def post(url: str, token: str, key: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return httpx.post(f"{url}/v1/reports", json=REPORT, headers=headers, timeout=30)


def reports_on(kafka: KafkaSettings, report_id: str, topic: str = RAW.name) -> list[dict[str, Any]]:
    """The topic's messages with this key, read from every partition's beginning."""
    consumer = Consumer(client_config(kafka) | {"group.id": "reader", "enable.auto.commit": False})
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        ends = {
            p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
            for p in partitions
        }
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        found, read = [], dict.fromkeys(partitions, 0)
        deadline = time.monotonic() + 20
        while any(read[p] < ends[p] for p in partitions) and time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            if msg is None or msg.error():
                continue
            read[msg.partition() or 0] = (msg.offset() or 0) + 1
            if msg.key() == report_id.encode():
                found.append(json.loads(msg.value() or b"null"))
        return found
    finally:
        consumer.close()


def test_a_retry_while_the_first_attempt_is_pending_waits_for_its_outcome(
    tmp_path: Path,
) -> None:
    settings = intake_settings(tmp_path)
    kafka = unreachable()
    store = Store.open(settings.database_url)
    token = register_partner(store, "eastend-network")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "form-31"}

    async def first_and_retry(url: str) -> tuple[httpx.Response, httpx.Response, float]:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            first = asyncio.create_task(client.post("/v1/reports", json=REPORT, headers=headers))
            await asyncio.sleep(0.5)  # the first attempt is now waiting on the broker
            started = time.monotonic()
            retry = await client.post("/v1/reports", json=REPORT, headers=headers)
            return await first, retry, time.monotonic() - started

    with served(intake_app(store, settings, broker_senders(kafka, settings))) as url:
        first, retry, waited = asyncio.run(first_and_retry(url))
        assert (first.status_code, retry.status_code) == (503, 503)
        assert waited >= 1.0  # not answered at once: it waited for the attempt in flight
        not_ready = httpx.get(f"{url}/readyz")
        assert not_ready.status_code == 503 and "broker" in not_ready.json()["detail"]

        broker = EmbeddedBroker.start(port=int(kafka.bootstrap.rsplit(":", 1)[1]))  # type: ignore[union-attr]
        try:
            create_topics(kafka)
            deadline = time.monotonic() + 45
            answer = post(url, token, "form-31")
            while answer.status_code == 503 and time.monotonic() < deadline:
                time.sleep(int(answer.headers["Retry-After"]) / 5)  # a patient partner
                answer = post(url, token, "form-31")
            again = post(url, token, "form-31")
            assert (answer.status_code, again.status_code) == (201, 200), answer.text
            assert httpx.get(f"{url}/readyz").status_code == 200, "ready once it delivers"
            report_id = answer.json()["report_id"]
            assert again.json() == {"report_id": report_id, "duplicate": True}
            assert len(reports_on(kafka, report_id)) >= 1
        finally:
            broker.stop()
    store.close()


def test_after_a_failed_attempt_and_a_restart_the_retry_is_delivered(
    tmp_path: Path, kafka: KafkaSettings
) -> None:
    settings = intake_settings(tmp_path)
    store = Store.open(settings.database_url)
    token = register_partner(store, "eastend-network")
    with served(intake_app(store, settings, broker_senders(unreachable(), settings))) as url:
        failed = post(url, token, "form-77")
    store.close()
    assert failed.status_code == 503 and "Idempotency-Key" in failed.json()["error"]

    restarted = Store.open(settings.database_url)  # a new intake over the same store
    with served(intake_app(restarted, settings, broker_senders(kafka, settings))) as url:
        retried = post(url, token, "form-77")
        again = post(url, token, "form-77")
    assert (retried.status_code, again.status_code) == (201, 200), retried.text
    report_id = retried.json()["report_id"]
    [delivered] = reports_on(kafka, report_id)
    assert delivered["title"] == REPORT["title"]
    claimed = restarted.claim_intake_key("eastend-network", "form-77", "unused")
    assert claimed.delivered and claimed.payload is None and claimed.message_id == report_id
    restarted.close()


def test_a_referral_is_acknowledged_on_its_topic_before_the_answer(
    tmp_path: Path, kafka: KafkaSettings
) -> None:
    settings = intake_settings(tmp_path)
    store = Store.open(settings.database_url)
    token = register_partner(store, "victim-services")
    form = {
        "referral_id": "vs-0192",
        "referred_by": "partner_agency",
        "agency": "Victim Services Toronto",
        "odara_score": 8,
        "consent": False,
    }
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "ref-0192"}
    with served(intake_app(store, settings, broker_senders(kafka, settings))) as url:
        answers = [httpx.post(f"{url}/v1/referrals", json=form, headers=headers) for _ in "12"]
    store.close()
    assert [a.status_code for a in answers] == [201, 200]
    [referral] = reports_on(kafka, "victim-services:vs-0192", REFERRALS.name)
    assert referral["partner"] == "victim-services" and referral["consent"] is False
