"""The memory soak: reports paced into the pipeline for a long while, the resident memory
of every process sampled as it goes (``ccrp bench soak``).

Reports are the benchmark input replayed in time order with fresh ids, each pass over it
moved forward in time by the input's own span, so the pipeline sees days go by as it would
live and its windows (resolution, de-duplication, the gazetteer's samples) fill, then turn
over.
Every ``sample_s`` seconds the resident set (``VmRSS``) of the broker, each worker and
this process is read from ``/proc``; the printed curve shows whether it stays flat once
the windows are full.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ccrp.adapters import coerce_report
from ccrp.bench import worker_processes
from ccrp.broker import EmbeddedBroker
from ccrp.settings import KafkaSettings, Settings
from ccrp.stage_groups import app_lag_by_topic
from ccrp.transport import RawProducer, create_topics
from schemas import RawReport
from sinks.store import Store


@dataclass
class SoakSample:
    """One reading: seconds since the start, reports sent, lag, MB per process."""

    elapsed_s: float
    sent: int
    lag: int
    rss_mb: dict[str, float]


@dataclass
class SoakRun:
    """Every sample of one soak, and the processes sampled."""

    rate: float
    processes: list[str]
    samples: list[SoakSample] = field(default_factory=list)

    def growth_mb_per_min(self, process: str, warm_up_s: float) -> float:
        """Least-squares slope of a process's RSS after the warm-up, in MB per minute."""
        points = [
            (s.elapsed_s, s.rss_mb[process]) for s in self.samples if s.elapsed_s >= warm_up_s
        ]
        if len(points) < 2:
            return 0.0
        mean_t = sum(t for t, _ in points) / len(points)
        mean_m = sum(m for _, m in points) / len(points)
        cov = sum((t - mean_t) * (m - mean_m) for t, m in points)
        var = sum((t - mean_t) ** 2 for t, _ in points)
        return 60 * cov / var if var else 0.0


def forward_replay(inputs: list[Path]) -> Iterator[RawReport]:
    """The input's reports in the order they happened, as a live day brings them, pass after
    pass, each pass later by the input's span plus a day."""
    base = [coerce_report(json.loads(line)) for p in inputs for line in p.open() if line.strip()]
    base.sort(key=lambda r: r.reported_at)
    if not base:
        raise ValueError("no reports in the soak input")
    first = min(r.reported_at for r in base)
    span = max(r.reported_at for r in base) - first + timedelta(days=1)
    n = 0
    while True:
        for report in base:
            shift = span * (n // len(base))
            yield report.model_copy(
                update={
                    "item_id": f"{report.item_id}-soak{n}",
                    "url": f"{report.url}#soak{n}" if report.url else None,
                    "published_at": report.published_at and report.published_at + shift,
                    "occurred_at": report.occurred_at and report.occurred_at + shift,
                    "collected_at": report.reported_at + shift,
                }
            )
            n += 1


def rss_mb(pid: int) -> float:
    """A process's resident set, MB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_soak(
    settings: Settings,
    inputs: list[Path],
    minutes: float,
    rate: float,
    workers: int,
    db_path: Path,
    sample_s: float = 30.0,
    report: Callable[[SoakSample], None] = print,
) -> SoakRun:
    """Pace reports at ``rate`` for ``minutes`` through ``workers`` worker processes."""
    db_url = f"sqlite:///{db_path}"
    Store.open(db_url).close()
    reports = forward_replay(inputs)
    with _broker(settings.kafka_section) as (kafka, broker_pid):
        create_topics(kafka)
        with worker_processes(workers, kafka, db_url) as procs:
            pids = {"broker": broker_pid} | {f"worker {i + 1}": p.pid for i, p in enumerate(procs)}
            pids["producer"] = os.getpid()
            run = SoakRun(rate, list(pids))
            sent = _Counter()
            stop = threading.Event()
            producer = threading.Thread(target=_produce, args=(kafka, reports, rate, sent, stop))
            started = time.monotonic()
            producer.start()
            try:
                while (elapsed := time.monotonic() - started) < minutes * 60:
                    time.sleep(min(sample_s, max(0.0, minutes * 60 - elapsed)))
                    sample = SoakSample(
                        time.monotonic() - started,
                        sent.value,
                        _lag(kafka),
                        {name: rss_mb(pid) for name, pid in pids.items() if pid},
                    )
                    run.samples.append(sample)
                    report(sample)
            finally:
                stop.set()
                producer.join()
    return run


class _Counter:
    def __init__(self) -> None:
        self.value = 0


def _produce(
    kafka: KafkaSettings,
    reports: Iterator[RawReport],
    rate: float,
    sent: _Counter,
    stop: threading.Event,
) -> None:
    producer = RawProducer(kafka)
    started = time.monotonic()
    for n, item in enumerate(reports):
        if stop.is_set():
            break
        delay = started + n / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        producer.send_report(item)
        sent.value = n + 1
    producer.flush()


def _lag(kafka: KafkaSettings) -> int:
    try:
        return sum(app_lag_by_topic(kafka, kafka.app_id).values())
    except Exception:  # the broker busy or restarting: no reading this time
        return -1


@contextlib.contextmanager
def _broker(kafka: KafkaSettings) -> Iterator[tuple[KafkaSettings, int]]:
    """The configured cluster (its memory is not ours to read), else an embedded broker."""
    if kafka.bootstrap:
        yield kafka, 0
        return
    broker = EmbeddedBroker.start()
    try:
        yield kafka.model_copy(update={"bootstrap": broker.bootstrap}), broker.process.pid
    finally:
        broker.stop()
