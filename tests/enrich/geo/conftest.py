"""Small hand-made boundaries and intersections, plus a sleeping loopback HTTP server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from schemas import RawReport, SourceKind


def square(code: str, name: str, lon0: float, lon1: float, cls: str = "NA") -> dict[str, Any]:
    ring = [[lon0, 43.6], [lon1, 43.6], [lon1, 43.7], [lon0, 43.7], [lon0, 43.6]]
    return {
        "type": "Feature",
        "properties": {"AREA_SHORT_CODE": code, "AREA_NAME": name, "CLASSIFICATION_CODE": cls},
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
    }


BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        square("001", "West Side", -79.5, -79.4, "NIA"),
        square("002", "East Side", -79.4, -79.3, "EN"),
    ],
}


def signal(main: str, side: str, lat: float, lon: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"MAIN_STREET": main, "SIDE1_STREET": side, "SIDE2_STREET": ""},
        "geometry": {"type": "MultiPoint", "coordinates": [[lon, lat]]},
    }


# A grid: ALPHA ST runs north-south at -79.45, BETA AVE E/W east-west at 43.65.
INTERSECTIONS = {
    "type": "FeatureCollection",
    "features": [
        signal("ALPHA ST", "BETA AVE W", 43.65, -79.45),
        signal("ALPHA ST", "GAMMA RD", 43.66, -79.45),
        signal("ALPHA ST", "DELTA DR", 43.67, -79.45),
        signal("BETA AVE E", "OMEGA ST", 43.65, -79.35),
        signal("OMEGA ST", "GAMMA RD", 43.66, -79.35),
        signal("SIGMA BLVD", "DELTA DR", 43.67, -79.30),
    ],
}


@pytest.fixture
def geo_files(tmp_path: Path) -> tuple[Path, Path]:
    boundaries = tmp_path / "hoods.geojson"
    boundaries.write_text(json.dumps(BOUNDARIES))
    intersections = tmp_path / "signals.geojson"
    intersections.write_text(json.dumps(INTERSECTIONS))
    return boundaries, intersections


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[float, bytes]] = {}
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        delay, body = self.routes.get(self.path.split("?")[0], (0.0, b"[]"))
        time.sleep(delay)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[tuple[str, dict[str, tuple[float, bytes]], list[str]]]:
    """A real loopback server; set ``routes[path] = (delay_s, body)``."""
    handler: type[_Handler] = type("Handler", (_Handler,), {"routes": {}, "hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", handler.routes, handler.hits
    finally:
        server.shutdown()
        server.server_close()


def report(**fields: Any) -> RawReport:
    """A news report with the given fields, for location tests."""
    base: dict[str, Any] = {
        "source": "test",
        "source_kind": SourceKind.NEWS,
        "item_id": "1",
        "title": "",
        "collected_at": "2026-07-18T12:00:00+00:00",
    }
    return RawReport(**(base | fields))
