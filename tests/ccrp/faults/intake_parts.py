"""Real parts for the intake fault test: ``ccrp intake serve`` as a process, and a
partner that retries with the same key until it is told 2xx."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from ccrp.broker import free_loopback_port
from tests.ccrp.faults.harness import Cluster, wait_until
from tests.conftest import PROJECT_ROOT


@contextmanager
def running_intake(made: Cluster) -> Iterator[Intake]:
    """An intake on a port of its own, started; killed at the end whatever happened."""
    intake = Intake(made)
    try:
        intake.start()
        yield intake
    finally:
        intake.kill()


@dataclass
class Intake:
    """One ``ccrp intake serve`` process after another, on one port, over one store."""

    made: Cluster
    port: int = field(default_factory=free_loopback_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = (self.made.data_dir / f"intake-{self.starts}.log").open("wb")
        env = self.made.env() | {
            "CCRP_INTAKE__PORT": str(self.port),
            "CCRP_INTAKE__DELIVERY_TIMEOUT_S": "2",
            "CCRP_INTAKE__RATE_PER_MINUTE": "100000",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ccrp", "intake", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.starts += 1
        wait_until(self._answers, 90)

    def _answers(self) -> bool:
        assert self.process is not None and self.process.poll() is None, "the intake exited"
        try:
            return httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """``kill -9``: no goodbye, nothing flushed."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Partner:
    """A partner agency: every submission with its key, retried until it gets a 2xx."""

    url: str
    token: str
    answers: Counter[str] = field(default_factory=Counter)
    acknowledged: dict[str, str] = field(default_factory=dict)  # key -> report id

    def post(self, key: str, report: dict[str, Any], timeout_s: float = 30) -> int:
        """The status of one attempt (0: no answer, the connection failed)."""
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        try:
            answer = httpx.post(
                f"{self.url}/v1/reports", json=report, headers=headers, timeout=timeout_s
            )
        except httpx.HTTPError:
            self.answers["no answer"] += 1
            return 0
        self.answers[str(answer.status_code)] += 1
        if answer.status_code in (200, 201):
            self.acknowledged.setdefault(key, answer.json()["report_id"])
        return answer.status_code

    def deliver(self, key: str, report: dict[str, Any], patience_s: float = 90) -> int:
        """Retry (503, no answer) until a 2xx; that first 2xx's status."""
        deadline = time.monotonic() + patience_s
        while True:
            status = self.post(key, report)
            if status in (200, 201) or time.monotonic() > deadline:
                return status
            time.sleep(1.0)
