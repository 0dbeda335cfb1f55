"""A real HTTP receiver on loopback that plays the case system in the delivery tests.

It verifies every request's signature with the project's ``verify_webhook``, refuses the
first ``fail_first`` attempts of each event with ``status`` (503 by default; after
stalling ``stall_s`` seconds, to outlast a client's timeout), and then accepts; it counts
attempts and accepted events per event id.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sinks.errors import WebhookSignatureError
from sinks.webhook import verify_webhook


class Receiver:
    """What the receiver saw."""

    def __init__(
        self,
        secret: str,
        fail_first: int = 0,
        status: int = 503,
        retry_after: str | None = None,
        stall_s: float = 0.0,
    ) -> None:
        self.secret = secret
        self.fail_first = fail_first
        self.stall_s = stall_s
        self.status = status
        self.retry_after = retry_after
        self.attempts: Counter[str] = Counter()
        self.accepted: Counter[str] = Counter()
        self.events: dict[str, dict[str, Any]] = {}
        self.refused_signatures = 0
        self.content_types: set[str] = set()
        self.url = ""
        self._lock = threading.Lock()

    def handle(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str]]:
        try:
            event = verify_webhook(self.secret, headers, body)
        except WebhookSignatureError:
            with self._lock:
                self.refused_signatures += 1
            return 401, {}
        event_id = event.get_id()
        with self._lock:
            self.content_types.add(headers.get("content-type", ""))
            self.attempts[event_id] += 1
            refused = self.attempts[event_id] <= self.fail_first
            if not refused:
                self.accepted[event_id] += 1
                self.events[event_id] = json.loads(body)
        if not refused:
            return 200, {}
        time.sleep(self.stall_s)
        return self.status, {"Retry-After": self.retry_after} if self.retry_after else {}


@contextmanager
def serve(receiver: Receiver) -> Iterator[Receiver]:
    """Run the receiver on a free loopback port for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra = receiver.handle(headers, body)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            del format, args

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/ccrp/events"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the case system down)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/ccrp/events"
