"""A small HTTP server on loopback serving live-format payloads, for benchmarks and tests.

Routes map a path to a function of the request returning a ``Reply``; ``ArcGISLayer``
answers ``/query`` like a FeatureServer layer (time ``where`` clause, ordering, paging with
``exceededTransferLimit``, ``returnCountOnly``) over features held in memory.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from ingest.normalise import to_epoch_ms


@dataclass(frozen=True)
class Request:
    """What a route sees of a request."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Reply:
    """A response; ``truncate_to`` sends fewer bytes than the Content-Length, ``delay_s`` stalls,
    ``drip_s`` sends the body one byte at a time with that pause between bytes."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    truncate_to: int | None = None
    drip_s: float = 0.0


Route = Callable[[Request], Reply]


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with an ephemeral port; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                server._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._released.set()  # wake stalled replies so shutdown does not wait for them
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(handler.path)
        params = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        request = Request(parsed.path, params, {k.lower(): v for k, v in handler.headers.items()})
        self.requests.append(request)
        route = self.routes.get(parsed.path)
        reply = route(request) if route else Reply(404, b"not found")
        if reply.delay_s and self._released.wait(reply.delay_s):
            return
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            body = reply.body if reply.truncate_to is None else reply.body[: reply.truncate_to]
            if reply.drip_s:
                self._drip(handler, body, reply.drip_s)
            else:
                handler.wfile.write(body)
            if reply.truncate_to is not None or reply.drip_s:
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drip(self, handler: BaseHTTPRequestHandler, body: bytes, pause_s: float) -> None:
        for index in range(len(body)):
            handler.wfile.write(body[index : index + 1])
            handler.wfile.flush()
            if self._released.wait(pause_s):
                return


def _sort_key(name: str) -> Callable[[dict[str, Any]], str]:
    return lambda feature: str(feature["attributes"].get(name)).zfill(20)


_TIME_CLAUSE = re.compile(r"(\w+)\s*>=\s*TIMESTAMP\s*'([^']+)'", re.IGNORECASE)


class ArcGISLayer:
    """An in-memory ArcGIS layer answering ``query`` requests, ``max_record_count`` per page."""

    def __init__(self, features: list[dict[str, Any]], max_record_count: int = 1000) -> None:
        self.features = features
        self.max_record_count = max_record_count

    def _matching(self, params: dict[str, str]) -> list[dict[str, Any]]:
        rows = self.features
        for field_name, stamp in _TIME_CLAUSE.findall(params.get("where", "")):
            since = to_epoch_ms(datetime.fromisoformat(stamp).replace(tzinfo=UTC))
            rows = [f for f in rows if (f["attributes"].get(field_name) or 0) >= since]
        for spec in reversed([s.strip() for s in params.get("orderByFields", "").split(",")]):
            if spec:
                name, _, direction = spec.partition(" ")
                rows = sorted(rows, key=_sort_key(name), reverse=direction.upper() == "DESC")
        return rows

    def __call__(self, request: Request) -> Reply:
        rows = self._matching(request.params)
        if request.params.get("returnCountOnly") == "true":
            return Reply(body=json.dumps({"count": len(rows)}).encode())
        offset = int(request.params.get("resultOffset", 0))
        count = min(int(request.params.get("resultRecordCount", 1000)), self.max_record_count)
        page = rows[offset : offset + count]
        payload = {
            "objectIdFieldName": "OBJECTID",
            "geometryType": "esriGeometryPoint",
            "spatialReference": {"wkid": 4326, "latestWkid": 4326},
            "features": page,
            "exceededTransferLimit": offset + count < len(rows),
        }
        headers = {"Content-Type": "application/json"}
        return Reply(body=json.dumps(payload).encode(), headers=headers)
