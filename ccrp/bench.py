"""End-to-end benchmark: reports/s through the broker and every stage, and the latency
from producing a raw report to its activation event on ``ccrp.activations.v1``.

The input is a JSON-lines file of reports (any shape ``ccrp process`` reads), replayed
with fresh item ids and times shifted to now, so every eligible incident activates.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import faust
from confluent_kafka import Consumer

from ccrp.adapters import coerce_report
from ccrp.app import build_app
from ccrp.broker import ensure_broker
from ccrp.runjob import wait_drained
from ccrp.runtime import build_stages
from ccrp.settings import KafkaSettings, Settings
from ccrp.stage_loop import StageLoad
from ccrp.transport import KeyedProducer, RawProducer, client_config, create_topics, encode
from schemas import ACTIVATIONS, ActivationType, RawReport, TopicSpec
from sinks.store import Store


@dataclass
class BenchFigures:
    """The printed result of one benchmark run."""

    reports: int
    seconds: float
    activations: int
    latencies_s: list[float]
    produce_rate: float = 0.0  # raw confluent-kafka produce rate into the same broker
    stage_loads: dict[str, StageLoad] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.reports / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_s:
            return float("nan")
        if len(self.latencies_s) == 1:
            return self.latencies_s[0]
        return statistics.quantiles(self.latencies_s, n=100, method="inclusive")[int(q) - 1]


def replay(inputs: list[Path], count: int) -> Iterator[RawReport]:
    """``count`` reports cycled from the inputs, each with a unique id and recent times."""
    base = [coerce_report(json.loads(line)) for p in inputs for line in p.open() if line.strip()]
    if not base:
        raise ValueError("no reports in the benchmark input")
    # One shift for all keeps the real spacing of the reports; the latest lands at now.
    shift = datetime.now(UTC) - max(report.reported_at for report in base)
    for n in range(count):
        report = base[n % len(base)]
        cycle_shift = shift - timedelta(days=7 * (n // len(base)))
        yield report.model_copy(
            update={
                "item_id": f"{report.item_id}-bench{n}",
                "url": f"{report.url}#bench{n}" if report.url else None,
                "published_at": report.published_at and report.published_at + cycle_shift,
                "occurred_at": report.occurred_at and report.occurred_at + cycle_shift,
                "collected_at": report.reported_at + cycle_shift,
                "body": f"{report.body} (replay {n // len(base)})" if report.body else "",
            }
        )


def consume_activations(kafka: KafkaSettings, arrivals: dict[str, float], stop: threading.Event):
    consumer = Consumer(
        client_config(kafka)
        | {
            "group.id": f"bench-{time.time_ns()}",
            "auto.offset.reset": "earliest",
            "session.timeout.ms": 6000,
            "fetch.wait.max.ms": 50,  # measure the pipeline, not the reader's fetch wait
        }
    )
    consumer.subscribe([ACTIVATIONS.name])
    while not stop.is_set():
        msg = consumer.poll(0.2)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value() or b"{}")
        if event.get("type") == ActivationType.CREATED:
            arrivals.setdefault(event["subject"], time.time())
    consumer.close()


def produce(
    producer: RawProducer, reports: list[RawReport], rate: float | None
) -> dict[str, float]:
    """Send the reports, paced at ``rate`` per second when given; returns send times."""
    produced_at: dict[str, float] = {}
    started = time.time()
    for n, report in enumerate(reports):
        if rate:
            delay = started + n / rate - time.time()
            if delay > 0:
                time.sleep(delay)
        produced_at[report.report_id] = time.time()
        producer.send_report(report)
    producer.flush()
    return produced_at


async def _drive(
    app: faust.App | None,
    kafka: KafkaSettings,
    store: Store,
    reports: list[RawReport],
    rate: float | None,
) -> tuple[float, dict[str, float]]:
    """Produce and wait for the drain; ``app`` None means worker processes do the work."""
    if app is not None:
        await app.start()
    try:
        loop = asyncio.get_running_loop()
        # Warm up: the first report waits for the consumer group to form, and the producer
        # connects and registers with the broker; not timed.
        producer = RawProducer(kafka)
        warm = await loop.run_in_executor(None, produce, producer, reports[:1], None)
        await wait_drained(store, set(warm), timeout_s=120)
        reports = reports[1:]
        before = store.stored_count()
        started = time.time()
        produced_at = await loop.run_in_executor(None, produce, producer, reports, rate)
        # A cheap count while it runs (so the reading costs the pipeline nothing), then the
        # exact check of every id.
        while store.stored_count() < before + len(produced_at):
            await asyncio.sleep(0.02)
        await wait_drained(store, set(produced_at), timeout_s=1800, poll_s=0.02)
        return time.time() - started, produced_at
    finally:
        if app is not None:
            await app.stop()


@contextlib.contextmanager
def worker_processes(
    count: int, kafka: KafkaSettings, db_url: str, args: Sequence[str] = ()
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` ``ccrp worker`` processes on the same broker and store (scale-out)."""
    env = os.environ | {
        "CCRP_KAFKA_BOOTSTRAP": kafka.bootstrap or "",
        "CCRP_KAFKA__PARTITIONS": str(kafka.partitions),
        "CCRP_KAFKA__APP_ID": kafka.app_id,
        "CCRP_DB_URL": db_url,
        "CCRP_OPS__WORKER_PORT": "0",  # each worker's operator endpoints on a port of its own
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ccrp", "worker", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def run_bench(
    settings: Settings,
    inputs: list[Path],
    count: int,
    db_path: Path,
    rate: float | None = None,
    workers: int = 0,
) -> BenchFigures:
    """In-process agents (``workers=0``) or that many ``ccrp worker`` processes."""
    db_url = f"sqlite:///{db_path}"
    store = Store.open(db_url)
    reports = list(replay(inputs, count))
    with ensure_broker(settings.kafka_section) as kafka:
        create_topics(kafka)
        arrivals: dict[str, float] = {}
        stop = threading.Event()
        reader = threading.Thread(target=consume_activations, args=(kafka, arrivals, stop))
        reader.start()
        produce_rate = raw_produce_rate(kafka, reports)
        loads: dict[str, StageLoad] = {}
        if workers:
            with worker_processes(workers, kafka, db_url):
                seconds, produced_at = asyncio.run(_drive(None, kafka, store, reports, rate))
        else:
            kafka = kafka.model_copy(update={"app_id": f"ccrp-bench-{time.time_ns()}"})
            # The stages a worker runs: resolution reads the store for what memory lacks.
            app = build_app(kafka, build_stages(settings, store), store, batch_size=256)
            seconds, produced_at = asyncio.run(_drive(app, kafka, store, reports, rate))
            loads = {loop.name: loop.load for loop in app.ccrp_loops}  # type: ignore[attr-defined]
        deadline = time.time() + 10
        events = store.activations_between(datetime.min.replace(tzinfo=UTC), datetime.now(UTC))
        expected = sum(1 for event in events if event.type == ActivationType.CREATED)
        while len(arrivals) < expected and time.time() < deadline:
            time.sleep(0.1)
        stop.set()
        reader.join()
    latencies = []
    for incident_id, arrived in arrivals.items():
        incident = store.get_incident(incident_id)
        if incident is None:
            continue
        first = min(
            (produced_at.get(r.report_id, arrived) for r in incident.reports), default=arrived
        )
        latencies.append(arrived - first)
    store.close()
    return BenchFigures(len(produced_at), seconds, len(arrivals), latencies, produce_rate, loads)


def raw_produce_rate(kafka: KafkaSettings, reports: list[RawReport]) -> float:
    """Reports/s confluent-kafka alone produces into the broker: the same reports, encoded
    and sent with the same producer settings to a scratch topic, until all are acknowledged."""
    topic = f"bench.produce-rate.{time.time_ns()}"
    create_topics(kafka, [TopicSpec(topic, "report", RawReport)])
    producer = KeyedProducer(kafka)
    producer.send_bytes(topic, "warm-up", b"{}")  # the topic's metadata, before the clock
    producer.flush()
    started = time.perf_counter()
    for report in reports:
        producer.send_bytes(topic, report.report_id, encode(report))
    producer.flush()
    return len(reports) / (time.perf_counter() - started)
