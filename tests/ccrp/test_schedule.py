"""``ccrp run`` in scheduled mode: the agents stay up, due sources run, the intake serves."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

import httpx
import pytest

from ccrp.app import build_app
from ccrp.broker import free_loopback_port
from ccrp.runtime import build_stages
from ccrp.schedule import digest_due, scheduled_loop
from ccrp.settings import IntakeSettings, KafkaSettings
from ingest.intake import register_partner
from sinks.store import Store
from tests.ccrp.support import make_settings


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
