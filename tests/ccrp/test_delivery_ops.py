"""``ccrp deliver`` as a real process reports itself: /healthz, /readyz, and the
activation delivery state as a Prometheus gauge (pending, delivered, failed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from ccrp.broker import free_loopback_port
from ccrp.settings import KafkaSettings
from ccrp.transport import KeyedProducer
from schemas import ACTIVATIONS
from sinks.webhook import new_secret
from tests.conftest import PROJECT_ROOT
from tests.sinks.factories import activation, incident
from tests.webhook_receiver import Receiver, serve

pytestmark = pytest.mark.broker
SECRET = new_secret()


def gauge(metrics: str, status: str) -> float:
    found = re.search(rf'^ccrp_activation_deliveries{{status="{status}"}} (\S+)$', metrics, re.M)
    return float(found.group(1)) if found else -1.0


def test_the_delivery_process_serves_its_state(kafka: KafkaSettings, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    events = [activation(incident(f"ops-{n}"), time=now) for n in range(3)]
    producer = KeyedProducer(kafka)
    for event in events:
        producer.send(ACTIVATIONS, event.subject, event)
    producer.flush()
    port = free_loopback_port()
    base = f"http://127.0.0.1:{port}"
    with serve(Receiver(SECRET)) as receiver:
        inherited = {k: v for k, v in os.environ.items() if k != "CCRP_DB_URL"}  # SQLite
        env = inherited | {
            "CCRP_KAFKA_BOOTSTRAP": kafka.bootstrap or "",
            "CCRP_DATA_DIR": str(tmp_path / "var"),
            "CCRP_WEBHOOK__URL": receiver.url,
            "CCRP_WEBHOOK__SECRET": SECRET,
            "CCRP_WEBHOOK__GROUP_ID": f"delivery-ops-{time.time_ns()}",
            "CCRP_OPS__DELIVERY_PORT": str(port),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "ccrp", "deliver"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            metrics, deadline = "", time.monotonic() + 90
            while gauge(metrics, "delivered") < len(events) and time.monotonic() < deadline:
                time.sleep(0.5)
                try:
                    metrics = httpx.get(f"{base}/metrics", timeout=2).text
                except httpx.HTTPError:
                    assert process.poll() is None, "ccrp deliver exited"
            assert gauge(metrics, "delivered") == len(events), metrics[-2000:]
            assert gauge(metrics, "pending") == 0 and gauge(metrics, "failed") == 0
            assert httpx.get(f"{base}/healthz", timeout=2).status_code == 200
            ready = httpx.get(f"{base}/readyz", timeout=2)
            assert ready.status_code == 200 and ready.json()["process"] == "delivery"
            assert set(receiver.accepted) == {e.id for e in events}
        finally:
            process.terminate()
            process.wait(timeout=30)
