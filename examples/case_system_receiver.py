"""A minimal case-system webhook receiver for the intake's activation events.

It does what any receiver must: check the signature and timestamp (refusing forgeries
and replays), parse the CloudEvent, validate it against the contract, act on each event
id once (the intake delivers at least once), and answer 2xx only once the event is kept.

Run it, then point the intake at it:

    python examples/case_system_receiver.py --port 8088 --secret "$SECRET" --out events.jsonl
    CCRP_WEBHOOK__URL=http://127.0.0.1:8088/events CCRP_WEBHOOK__SECRET="$SECRET" \\
        ccrp run --once --example

``SECRET`` is one secret shared by both sides (``ccrp deliveries new-secret`` makes one).
"""

from __future__ import annotations

import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pydantic import ValidationError

from schemas import ActivationEvent
from sinks.errors import WebhookSignatureError
from sinks.webhook import verify_webhook

MAX_BODY = 1_000_000


class CaseSystem:
    """Keeps each event once, by id, in memory and (optionally) in a JSON-lines file."""

    def __init__(self, secret: str, out: Path | None = None) -> None:
        self.secret = secret
        self.out = out
        self.seen: set[str] = set()
        self.kept: list[ActivationEvent] = []
        self._lock = threading.Lock()

    def receive(self, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        """(HTTP status, message) for one request."""
        try:
            verify_webhook(self.secret, headers, body)  # signature, timestamp, CloudEvent
            event = ActivationEvent.model_validate_json(body)  # the contract's data model
        except WebhookSignatureError as exc:
            return 401, str(exc)
        except ValidationError as exc:
            return 400, f"not an activation event: {exc.error_count()} problems"
        with self._lock:
            if event.id in self.seen:
                return 200, "duplicate, already kept"
            if self.out is not None:
                with self.out.open("a", encoding="utf-8") as file:
                    file.write(event.model_dump_json() + "\n")
            self.seen.add(event.id)
            self.kept.append(event)
        print(describe(event), flush=True)
        return 200, "kept"


def describe(event: ActivationEvent) -> str:
    """One line per event: what it is, its priority, and its summary."""
    kind = event.type.value.rsplit(".", 2)[-2:]
    if event.is_ccrp:
        data = event.ccrp
        level = data.priority.level.value if data.priority else "-"
        supports = ", ".join(s.kind.value for s in data.supports)
        return f"{'.'.join(kind)} [{level}] {data.summary} | supports: {supports}"
    return f"{'.'.join(kind)} {event.subject}: {event.data.reason}"


def make_server(
    system: CaseSystem, host: str = "127.0.0.1", port: int = 8088
) -> ThreadingHTTPServer:
    """An HTTP server that hands every POST to ``system``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.send_error(413)
                return
            body = self.rfile.read(length)
            status, message = system.receive({k.lower(): v for k, v in self.headers.items()}, body)
            payload = json.dumps({"status": message}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            del format, args

    return ThreadingHTTPServer((host, port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--secret", default=os.environ.get("CCRP_WEBHOOK__SECRET"))
    parser.add_argument("--out", type=Path, help="append each kept event to this JSONL file")
    args = parser.parse_args()
    if not args.secret:
        parser.error("give --secret or set CCRP_WEBHOOK__SECRET")
    server = make_server(CaseSystem(args.secret, args.out), args.host, args.port)
    print(f"listening on http://{args.host}:{server.server_address[1]}/events", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
