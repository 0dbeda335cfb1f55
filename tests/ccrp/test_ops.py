"""The operator endpoints of a process: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import httpx

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
