"""Long-running processes report themselves on their operator port: ``ccrp deliver``
(the activation delivery state as a gauge: pending, delivered, failed) and ``ccrp
collect`` (runs per source and outcome, new items), each as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from ccrp.broker import free_loopback_port
from ccrp.example import serve_example
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
    return sample(metrics, f'ccrp_activation_deliveries{{status="{status}"}}')


def sample(metrics: str, series: str) -> float:
    found = re.search(rf"^{re.escape(series)} (\S+)$", metrics, re.M)
    return float(found.group(1)) if found else -1.0


def env_for(kafka: KafkaSettings, data_dir: Path, **settings: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k != "CCRP_DB_URL"}  # SQLite
    return inherited | {
        "CCRP_KAFKA_BOOTSTRAP": kafka.bootstrap or "",
        "CCRP_DATA_DIR": str(data_dir),
        **{f"CCRP_{key.upper()}": value for key, value in settings.items()},
    }


def metrics_until(base: str, process: subprocess.Popen[bytes], done: Callable[[str], bool]) -> str:
    """The process's metrics once ``done`` says so (or after 90 s)."""
    metrics, deadline = "", time.monotonic() + 90
    while not done(metrics) and time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            metrics = httpx.get(f"{base}/metrics", timeout=2).text
        except httpx.HTTPError:
            assert process.poll() is None, "the process exited"
    return metrics


def start(command: str, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ccrp", command, *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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
        env = env_for(
            kafka,
            tmp_path / "var",
            webhook__url=receiver.url,
            webhook__secret=SECRET,
            webhook__group_id=f"delivery-ops-{time.time_ns()}",
            ops__delivery_port=str(port),
        )
        process = start("deliver", env=env)
        try:
            metrics = metrics_until(base, process, lambda m: gauge(m, "delivered") >= len(events))
            assert gauge(metrics, "delivered") == len(events), metrics[-2000:]
            assert gauge(metrics, "pending") == 0 and gauge(metrics, "failed") == 0
            assert httpx.get(f"{base}/healthz", timeout=2).status_code == 200
            ready = httpx.get(f"{base}/readyz", timeout=2)
            assert ready.status_code == 200 and ready.json()["process"] == "delivery"
            assert set(receiver.accepted) == {e.id for e in events}
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_the_collector_process_serves_its_runs(kafka: KafkaSettings, tmp_path: Path) -> None:
    port = free_loopback_port()
    base = f"http://127.0.0.1:{port}"
    with serve_example(tmp_path / "example") as sources:
        env = env_for(kafka, tmp_path / "var", ops__collector_port=str(port))
        process = start("collect", "--sources", str(sources), env=env)
        series = 'ccrp_source_runs_total{outcome="ok",source="tps-calls"}'
        try:
            metrics = metrics_until(base, process, lambda m: sample(m, series) >= 1)
            assert sample(metrics, series) == 1, metrics[-2000:]
            assert sample(metrics, 'ccrp_source_items_total{source="tps-calls"}') > 0
            assert httpx.get(f"{base}/healthz", timeout=2).status_code == 200
            ready = httpx.get(f"{base}/readyz", timeout=2)
            assert ready.status_code == 200 and ready.json()["process"] == "collector"
        finally:
            process.terminate()
            process.wait(timeout=30)
