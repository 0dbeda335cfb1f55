"""Stage 1 scaled out: reports/s through classification and geocoding in N processes.

``ccrp bench pipeline --stage1 --workers N`` starts N ``ccrp worker --stage enrich``
processes (stage 1 only; its raw topic has at least N partitions, so each process gets
its share) and times how fast the enriched reports arrive on ``incidents.reports.v1``.
Stage 2 has one owner per municipality and does not scale this way; see
docs/performance.md.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from confluent_kafka import Consumer

from ccrp.bench import produce, replay, worker_processes
from ccrp.broker import ensure_broker
from ccrp.settings import Settings
from ccrp.transport import RawProducer, client_config, create_topics
from schemas import REPORTS
from sinks.store import Store


class _Arrivals(threading.Thread):
    """Counts the messages on the reports topic as they arrive."""

    def __init__(self, config: dict[str, object]) -> None:
        super().__init__(daemon=True, name="stage1-arrivals")
        self.count = 0
        self._config = config
        self._stop_event = threading.Event()

    def run(self) -> None:
        consumer = Consumer(self._config)
        consumer.subscribe([REPORTS.name])
        while not self._stop_event.is_set():
            self.count += sum(1 for m in consumer.consume(1000, 0.02) if not m.error())
        consumer.close()

    def wait_for(self, count: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while self.count < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.count} of {count} enriched reports after {timeout_s}s")
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_stage1_bench(
    settings: Settings, inputs: list[Path], count: int, workers: int, db_path: Path
) -> float:
    """Reports/s of stage 1 alone in ``workers`` processes (the first report, which waits
    for the consumer groups to form, is not timed)."""
    db_url = f"sqlite:///{db_path}"
    Store.open(db_url).close()
    reports = list(replay(inputs, count))
    partitions = max(settings.kafka_section.partitions, workers)
    kafka = settings.kafka_section.model_copy(update={"partitions": partitions})
    with ensure_broker(kafka) as kafka:
        create_topics(kafka)
        arrivals = _Arrivals(
            client_config(kafka)
            | {"group.id": f"stage1-bench-{time.time_ns()}", "auto.offset.reset": "earliest"}
        )
        arrivals.start()
        with worker_processes(workers, kafka, db_url, ["--stage", "enrich"]):
            producer = RawProducer(kafka)
            produce(producer, reports[:1], None)
            arrivals.wait_for(1, timeout_s=120)
            time.sleep(8)  # every worker's group join settles before the clock starts
            started = time.monotonic()
            produce(producer, reports[1:], None)
            arrivals.wait_for(len(reports), timeout_s=600)
            seconds = time.monotonic() - started
        arrivals.stop()
    return (len(reports) - 1) / seconds
