"""The operator endpoints of a process: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from ccrp.ops import DEAD_LETTERS, OpsServer
from ccrp.resilience import Health


def test_readiness_follows_blocked_components_and_metrics_are_served() -> None:
    health = Health("worker")
    server = OpsServer(health).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        assert httpx.get(f"{base}/readyz").status_code == 200
        health.block("store", "StoreUnavailableError: connection refused")
        ready = httpx.get(f"{base}/readyz")
        assert ready.status_code == 503
        assert ready.json()["blocked"]["store"]["reason"].startswith("StoreUnavailableError")
        assert httpx.get(f"{base}/healthz").status_code == 200  # alive, only not ready
        DEAD_LETTERS.labels("decode", "DecodeError").inc()
        metrics = httpx.get(f"{base}/metrics").text
        assert 'ccrp_blocked{component="store"} 1.0' in metrics
        assert 'ccrp_dead_letters_total{reason="DecodeError",stage="decode"}' in metrics
        health.clear("store")
        assert httpx.get(f"{base}/readyz").status_code == 200
        assert 'ccrp_blocked{component="store"} 0.0' in httpx.get(f"{base}/metrics").text
        assert httpx.get(f"{base}/nowhere").status_code == 404
    finally:
        server.stop()


def test_the_intake_serves_readiness_and_metrics(tmp_path: Path) -> None:
    from ccrp.settings import Settings
    from ccrp.web import intake_app
    from sinks.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    app = intake_app(store, Settings(data_dir=tmp_path), (lambda r: None, lambda r: None))
    client = TestClient(app)
    assert client.get("/readyz").status_code == 200
    metrics = client.get("/metrics/")
    assert metrics.status_code == 200 and "# HELP" in metrics.text
    broken = intake_app(
        Store("postgresql+psycopg://postgres@127.0.0.1:1/nowhere"),  # nothing listens there
        Settings(data_dir=tmp_path),
        (lambda r: None, lambda r: None),
    )
    assert TestClient(broken).get("/readyz").status_code == 503
    store.close()
