"""Collection-rate benchmark: TPS calls served as ArcGIS pages on loopback, collected end to end.

``python -m ingest.bench [--calls PATH] [--page-size 1000] [--repeat 3]``. The calls file is
the JSON-lines capture of the calls-for-service layer (``event_id, call_type_code, call_type,
division, location, lat, lng, occurred_at``); by default it is looked up in the shared data
folder beside the project (``CCRP_SHARED_DATA`` overrides).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from ingest.loopback import ArcGISLayer, LoopbackServer
from ingest.runner import collect_sources
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport

CALLS_FILE = "feeds/tps-calls-for-service-2026-07-10_17.jsonl"


def default_calls_path() -> Path:
    root = Path(__file__).resolve().parents[1]
    shared = Path(os.environ.get("CCRP_SHARED_DATA", root.parent / "shared" / "data"))
    return shared / CALLS_FILE


def layer_features(path: Path) -> list[dict[str, Any]]:
    """Each captured call as a feature of the live layer (epoch-ms time, WGS84 point)."""
    features = []
    with path.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            when = datetime.fromisoformat(row["occurred_at"])
            attributes = {
                "OBJECTID": index,
                "OCCURRENCE_TIME": int(when.timestamp() * 1000),
                "DIVISION": row["division"],
                "LATITUDE": row["lat"],
                "LONGITUDE": row["lng"],
                "CALL_TYPE_CODE": row["call_type_code"],
                "CALL_TYPE": row["call_type"],
                "CROSS_STREETS": row["location"],
            }
            geometry = {"x": row["lng"], "y": row["lat"]}
            features.append({"attributes": attributes, "geometry": geometry})
    return features


def run_once(features: list[dict[str, Any]], page_size: int) -> tuple[int, int, float]:
    """Collect every feature into a fresh store; returns (reports, requests, seconds)."""
    emitted: list[RawReport] = []
    with LoopbackServer() as server, httpx.Client() as client:
        path = "/arcgis/rest/services/C4S_Public_NoGO/FeatureServer/0"
        server.routes[path + "/query"] = ArcGISLayer(features, max_record_count=page_size)
        source = SourceConfig(
            name="tps-calls",
            kind="tps_calls",
            url=server.url(path),
            options={"since": "2000-01-01", "page_size": page_size},
        )
        started = time.perf_counter()
        summary = collect_sources([source], client, MemoryStateStore(), emitted.append, False)
        seconds = time.perf_counter() - started
        if summary.failed:
            raise SystemExit(f"collection failed: {summary.failed[0].error}")
        return len(emitted), len(server.requests), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=Path, default=default_calls_path())
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.calls.exists():
        print(f"calls file {args.calls} is absent; pass --calls PATH", file=sys.stderr)
        return 2
    features = layer_features(args.calls)
    rates = []
    for attempt in range(1, args.repeat + 1):
        reports, requests, seconds = run_once(features, args.page_size)
        rates.append(reports / seconds)
        print(
            f"run {attempt}: {reports} calls in {requests} requests "
            f"(1 count + pages of {args.page_size}) in {seconds:.3f} s = "
            f"{reports / seconds:,.0f} items/s"
        )
    print(f"median {statistics.median(rates):,.0f} items/s over {args.repeat} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
