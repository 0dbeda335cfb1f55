"""Real parts for the fault-injection tests: an embedded broker, a throw-away PostgreSQL
database, ``ccrp worker`` processes, a paced producer, and a comparable snapshot of what
a run left in the store and on the activation topic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from ccrp.broker import EmbeddedBroker, free_loopback_port
from ccrp.settings import KafkaSettings
from ccrp.stage_groups import app_lag_by_topic
from ccrp.transport import RawProducer, create_topics
from schemas import ACTIVATIONS, RawReport
from sinks.store import Store
from tests.ccrp.support import read_topic
from tests.conftest import PROJECT_ROOT, SHARED_DATA

PG_ADMIN_URL = os.environ.get(
    "CCRP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the local server for one test, dropped afterwards."""
    admin = create_engine(
        PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    name = f"ccrp_fault_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_outage(url: str, down: bool) -> None:
    """Refuse (or allow again) every connection to the database, ending the open ones."""
    name = make_url(url).database
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(not down).lower()}'))
            if down:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
    finally:
        admin.dispose()


@dataclass
class Cluster:
    """A broker, a database and a data folder, and the worker processes run against them."""

    kafka: KafkaSettings
    db_url: str
    data_dir: Path
    broker: EmbeddedBroker
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    ops_port: int = 0

    def env(self) -> dict[str, str]:
        geo = SHARED_DATA / "toronto"
        return {
            **os.environ,
            "CCRP_KAFKA_BOOTSTRAP": self.kafka.bootstrap or "",
            "CCRP_KAFKA__PARTITIONS": str(self.kafka.partitions),
            "CCRP_KAFKA__APP_ID": self.kafka.app_id,
            "CCRP_DB_URL": self.db_url,
            "CCRP_DATA_DIR": str(self.data_dir),
            "CCRP_GEO__NEIGHBOURHOODS_158": str(geo / "neighbourhoods-158.geojson"),
            "CCRP_GEO__INTERSECTIONS": str(geo / "traffic-signal-intersections.geojson"),
        }

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.data_dir / f"worker-{len(self.workers)}.log").open("wb")
        self.ops_port = free_loopback_port()
        worker = subprocess.Popen(
            [sys.executable, "-m", "ccrp", "worker"],
            cwd=PROJECT_ROOT,
            env=self.env() | {"CCRP_OPS__WORKER_PORT": str(self.ops_port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def kill_workers(self) -> None:
        """``kill -9`` every running worker: no goodbye, no commit."""
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                worker.wait()

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()

    def readiness(self) -> int:
        """The HTTP status of the latest worker's ``/readyz`` (0 when it does not answer)."""
        try:
            return httpx.get(f"http://127.0.0.1:{self.ops_port}/readyz", timeout=2).status_code
        except httpx.HTTPError:
            return 0

    def store(self) -> Store:
        return Store(self.db_url)

    def lag(self) -> int:
        return sum(app_lag_by_topic(self.kafka, self.kafka.app_id).values())

    def activations(self) -> list[dict]:
        return read_topic(self.kafka, ACTIVATIONS.name, idle_s=8.0)


@contextmanager
def cluster(tmp: Path) -> Iterator[Cluster]:
    """One broker (one partition per topic, so every run sees one order) and one database."""
    broker = EmbeddedBroker.start()
    kafka = KafkaSettings(bootstrap=broker.bootstrap, partitions=1, app_id="ccrp-fault")
    create_topics(kafka)
    with postgres_database() as url:
        Store.open(url).close()
        made = Cluster(kafka, url, tmp, broker)
        try:
            yield made
        finally:
            made.kill_workers()
            broker.stop()
            made.broker.stop()  # the one a test started again, if any


class PacedProducer(threading.Thread):
    """Produces the reports at a steady rate, each acknowledged by the broker."""

    def __init__(self, kafka: KafkaSettings, reports: Sequence[RawReport], rate: float) -> None:
        super().__init__(daemon=True)
        self.kafka, self.reports, self.rate = kafka, reports, rate
        self.sent = 0

    def run(self) -> None:
        producer = RawProducer(self.kafka)
        started = time.monotonic()
        for n, report in enumerate(self.reports):
            pause = started + n / self.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            producer.send_report(report)
            self.sent += 1
        producer.flush()


def wait_until(condition, timeout_s: float, every_s: float = 0.5) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout_s} s")
        time.sleep(every_s)


def processed(made: Cluster, ids: set[str]) -> int:
    with made.store() as store:
        try:
            return len(store.processed_ids(ids))
        except Exception:  # the database may be down on purpose
            return -1


def drain(made: Cluster, ids: set[str], timeout_s: float = 240) -> None:
    """Wait until every report is stored (or a dead letter) and nothing is left to consume."""
    wait_until(lambda: processed(made, ids) == len(ids), timeout_s)
    wait_until(lambda: made.lag() == 0, 60)
