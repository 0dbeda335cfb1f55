"""What operators watch: ``/healthz``, ``/readyz`` and Prometheus ``/metrics`` per process.

Every long-running process (worker, collector, the all-in-one job) serves them on its
own port from a small threaded HTTP server; the intake and the analysts' API serve the
same paths from their own web app. ``/healthz`` answers while the process runs;
``/readyz`` answers 503 while a stage is blocked on the store or the broker.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, generate_latest

from ccrp.resilience import Health
from ccrp.settings import KafkaSettings, Settings
from ccrp.stage_groups import app_lag_by_topic

log = logging.getLogger(__name__)

STAGE_REPORTS = Counter(
    "ccrp_stage_reports_total", "Reports consumed and produced per stage", ["stage", "direction"]
)
DEAD_LETTERS = Counter(
    "ccrp_dead_letters_total",
    "Messages made dead letters, by stage and reason",
    ["stage", "reason"],
)
CONSUMER_LAG = Gauge(
    "ccrp_consumer_lag", "Messages not yet committed by the stream app, per topic", ["topic"]
)
BLOCKED = Gauge(
    "ccrp_blocked", "1 while a component waits for the store or the broker", ["component"]
)
SOURCE_RUNS = Counter(
    "ccrp_source_runs_total", "Collector runs per source and outcome", ["source", "outcome"]
)
SOURCE_ITEMS = Counter("ccrp_source_items_total", "New items emitted per source", ["source"])
DELIVERIES = Gauge(
    "ccrp_activation_deliveries",
    "Activation events in the webhook delivery log, by status (pending, delivered, failed)",
    ["status"],
)


def count_deliveries(counts: Mapping[Any, int]) -> None:
    """Set the delivery gauge from the delivery log's counts per status."""
    for status, count in counts.items():
        DELIVERIES.labels(str(getattr(status, "value", status))).set(count)


def count_source_runs(runs: Iterable[Any]) -> None:
    """Record one collector pass (``ingest.runner.SourceRun`` items)."""
    for run in runs:
        if not getattr(run, "ran", False):
            continue
        SOURCE_RUNS.labels(run.name, "ok" if run.ok else "failed").inc()
        SOURCE_ITEMS.labels(run.name).inc(run.new)


def _blocked_gauges(health: Health) -> None:
    snapshot = health.snapshot()
    for component in health.components():
        BLOCKED.labels(component).set(1 if component in snapshot["blocked"] else 0)


def ops_handler(health: Health) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the three operator paths for one process."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                _blocked_gauges(health)
                self._send(200, generate_latest(), CONTENT_TYPE_LATEST)
            elif path in ("/healthz", "/readyz"):
                snapshot = health.snapshot()
                status = 503 if path == "/readyz" and not snapshot["ready"] else 200
                self._send(status, json.dumps(snapshot).encode(), "application/json")
            else:
                self._send(404, b'{"error": "not found"}', "application/json")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            del format, args

    return Handler


class OpsServer:
    """The operator endpoints on ``host:port`` in a daemon thread (port 0: any free one)."""

    def __init__(self, health: Health, host: str = "127.0.0.1", port: int = 0) -> None:
        self.httpd = ThreadingHTTPServer((host, port), ops_handler(health))
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> OpsServer:
        self._thread.start()
        log.info("operator endpoints on port %d: /healthz /readyz /metrics", self.port)
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class LagProbe(threading.Thread):
    """Refreshes the consumer-lag gauge every ``every_s`` seconds."""

    def __init__(self, measure: Callable[[], dict[str, int]], every_s: float = 15.0) -> None:
        super().__init__(daemon=True, name="ccrp-lag-probe")
        self.measure, self.every_s = measure, every_s
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                for topic, lag in self.measure().items():
                    CONSUMER_LAG.labels(topic).set(lag)
            except Exception as exc:  # the broker may be down: the gauge keeps its last value
                log.debug("consumer lag unavailable: %s", exc)

    def stop(self) -> None:
        self._stop.set()


@contextmanager
def operator_endpoints(
    settings: Settings,
    health: Health,
    port: int,
    lag: bool = False,
    kafka: KafkaSettings | None = None,
) -> Iterator[OpsServer | None]:
    """Serve the operator endpoints (and measure consumer lag, on ``kafka`` or the
    configured cluster) while the block runs."""
    if not settings.ops.enabled:
        yield None
        return
    server = OpsServer(health, settings.ops.host, port).start()
    probe = None
    cluster = kafka or settings.kafka_section
    if lag and cluster.bootstrap:
        probe = LagProbe(lambda: app_lag_by_topic(cluster, cluster.app_id))
        probe.start()
    try:
        yield server
    finally:
        if probe is not None:
            probe.stop()
        server.stop()
