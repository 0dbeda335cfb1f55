"""``ccrp run`` in scheduled mode: the agents stay up, due sources run, the intake serves."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from ccrp.app import build_app
from ccrp.broker import free_loopback_port
from ccrp.runjob import deliver
from ccrp.runtime import build_stages
from ccrp.schedule import digest_due, scheduled_loop
from ccrp.settings import IntakeSettings, KafkaSettings, MailSettings
from ingest.intake import register_partner
from sinks.store import Store
from tests.ccrp.support import make_settings
from tests.sinks.factories import activation, incident
from tests.sinks.smtp_server import smtp_server


def test_digest_is_due_once_a_day_after_its_time() -> None:
    at = clock_time(7, 0)
    morning = datetime(2026, 7, 15, 11, 30, tzinfo=UTC)  # 07:30 in Toronto
    assert digest_due(morning, at, "America/Toronto", None)
    assert not digest_due(morning, at, "America/Toronto", morning.date())
    assert not digest_due(datetime(2026, 7, 15, 10, 0, tzinfo=UTC), at, "America/Toronto", None)


@pytest.mark.broker
def test_scheduled_run_serves_the_intake_into_the_pipeline(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    base = make_settings(tmp_path)
    port = free_loopback_port()
    settings = base.model_copy(
        update={"tick_s": 0.5, "digest_at": "23:59", "intake": IntakeSettings(port=port)}
    )
    store = Store.open(settings.database_url)
    token = register_partner(store, "eastend-network")
    sources = tmp_path / "none.toml"
    sources.write_text('timezone = "America/Toronto"\n')
    report = {
        "title": "Fight between two groups outside a community centre in Regent Park",
        "description": "Residents say several youths were fighting and one was hurt.",
        "occurred_at": datetime.now(UTC).isoformat(),
        "location": "Dundas St E and Sackville St",
    }

    async def scenario() -> str:
        app = build_app(kafka, build_stages(settings, store), store, app_id="ccrp-sched-test")
        loop_task = asyncio.create_task(scheduled_loop(app, kafka, store, settings, sources, True))
        try:
            async with httpx.AsyncClient() as client:
                for _ in range(100):  # the intake starts after the agents
                    try:
                        response = await client.post(
                            f"http://127.0.0.1:{port}/v1/reports",
                            json=report,
                            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k1"},
                        )
                        break
                    except httpx.ConnectError:
                        await asyncio.sleep(0.2)
            assert response.status_code in (200, 201, 202), response.text
            report_id = response.json()["report_id"]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and store.get_report_incident(report_id) is None:
                await asyncio.sleep(0.3)
            return report_id
        finally:
            loop_task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await loop_task

    report_id = asyncio.run(scenario())
    assert store.get_report_incident(report_id) is not None
    store.close()


@pytest.mark.broker
def test_scheduled_digest_is_mailed_once_a_day_across_ticks_and_restarts(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    sources = tmp_path / "none.toml"
    sources.write_text('timezone = "America/Toronto"\n')
    with smtp_server() as (port, inbox):
        mail = MailSettings(
            host="127.0.0.1", port=port, starttls=False, recipients=["staff@ccrp.example.org"]
        )
        settings = make_settings(tmp_path).model_copy(
            update={"tick_s": 0.3, "digest_at": "00:00", "mail": mail}
        )
        store = Store.open(settings.database_url)
        shot = incident("inc-sched", first_seen=datetime.now(UTC) - timedelta(hours=1))
        store.upsert_incident(shot)
        store.record_activation(activation(shot))

        async def run_until(done: Callable[[], bool], app_id: str) -> None:
            app = build_app(kafka, build_stages(settings, store), store, app_id=app_id)
            task = asyncio.create_task(scheduled_loop(app, kafka, store, settings, sources))
            deadline = time.monotonic() + 60
            while not done() and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # a few more ticks, each of them past the digest time
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(run_until(lambda: bool(inbox.envelopes), "ccrp-digest-sched"))
        assert len(inbox.envelopes) == 1  # due at once, then never again that day
        # A restart the same day: the send log, not the loop's memory, keeps it at one.
        assert deliver(settings, store, datetime.now(UTC)).mail.endswith("already sent")
        assert len(inbox.envelopes) == 1
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    sent = store.digest_send(today)
    # (The agents also replay what earlier tests of this module put on the shared topics.)
    assert sent is not None and sent.status == "sent" and sent.counts["activations"] >= 1
    assert (settings.data_dir / "digest" / f"ccrp-digest-{today}.eml").exists()
    store.close()
