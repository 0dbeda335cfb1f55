"""Measurements on real data: TPS neighbourhood agreement, police-call geocoding, speed."""

from __future__ import annotations

import csv
import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from enrich.geo.boundaries import read_geojson
from enrich.geo.extract import parse_location_field
from enrich.geo.gazetteer import Gazetteer
from enrich.geo.locator import Locator
from enrich.geo.neighbourhoods import NeighbourhoodIndex, distance_m
from schemas import RawReport, SourceKind

_COLLECTED = "2026-01-01T00:00:00+00:00"


def eval_tps(csv_paths: list[Path], index: NeighbourhoodIndex, near_m: float = 50.0) -> dict:
    """Coordinates -> neighbourhood against the portal's own ``HOOD_158`` label."""
    rows = [r for p in csv_paths for r in csv.DictReader(p.open(encoding="utf-8"))]
    labelled = [r for r in rows if r["HOOD_158"] != "NSA"]
    lats = [float(r["LAT_WGS84"]) for r in labelled]
    lons = [float(r["LONG_WGS84"]) for r in labelled]
    found = index.lookup_many(lats, lons)
    codes = {n.code: i for i, n in enumerate(index.neighbourhoods)}
    agree, outside = 0, 0
    gaps: Counter[int] = Counter()
    for row, hood, lat, lon in zip(labelled, found, lats, lons, strict=True):
        if hood is not None and hood.code == row["HOOD_158"]:
            agree += 1
            continue
        if hood is None:
            outside += 1
        polygon = index.polygons[codes[row["HOOD_158"]]]
        gaps[_bucket(polygon, lat, lon)] += 1
    nsa = [r for r in rows if r["HOOD_158"] == "NSA"]
    nsa_found = index.lookup_many(
        [float(r["LAT_WGS84"]) for r in nsa], [float(r["LONG_WGS84"]) for r in nsa]
    )
    near = sum(n for bucket, n in gaps.items() if bucket <= near_m)
    # Any function of the published point can at best give each point its majority label.
    by_point: dict[tuple[float, float], Counter[str]] = {}
    for row, lat, lon in zip(labelled, lats, lons, strict=True):
        by_point.setdefault((lat, lon), Counter())[row["HOOD_158"]] += 1
    ceiling = sum(c.most_common(1)[0][1] for c in by_point.values())
    return {
        "rows": len(rows),
        "labelled": len(labelled),
        "agree": agree,
        "agree_rate": agree / max(1, len(labelled)),
        f"agree_or_within_{near_m:g}m_of_label": (agree + near) / max(1, len(labelled)),
        "ceiling_for_any_point_rule": ceiling / max(1, len(labelled)),
        "mismatch_placed_outside_city": outside,
        "mismatch_metres_from_labelled_polygon": dict(sorted(gaps.items())),
        "nsa_rows": len(nsa),
        "nsa_zero_zero": sum(1 for r in nsa if float(r["LAT_WGS84"]) == 0.0),
        "nsa_out_of_area": sum(1 for n in nsa_found if n is None),
    }


def _bucket(polygon: Any, lat: float, lon: float) -> int:
    metres = polygon.distance(shapely.Point(lon, lat)) * 111_320 * 0.72
    for edge in (1, 5, 10, 25, 50, 100, 250, 1000):
        if metres <= edge:
            return edge
    return 10_000


def _call_report(call: dict[str, Any]) -> RawReport:
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=call["event_id"],
        title=call.get("call_type", ""),
        location_text=call["location"],
        raw={"DIVISION": call.get("division")},
        collected_at=_COLLECTED,
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _day(row: dict[str, Any]) -> str:
    return str(row.get("occurred_at") or row.get("dispatch_time") or "")[:10]


def eval_calls(
    calls_path: Path,
    index: NeighbourhoodIndex,
    intersections: dict,
    also_learn: list[Path] | None = None,
    divisions: bool = True,
) -> dict:
    """Geocode each call's location text with coordinates hidden, learning only from the
    other days' calls (leave-one-day-out) and, when given, the other days' rows of further
    feeds with text and coordinates (fire incidents); compare neighbourhoods. Without
    ``divisions`` the division areas are not learned, so the station table alone serves."""
    calls = _read_jsonl(calls_path)
    extra = [row for path in also_learn or [] for row in _read_jsonl(path)]
    days = sorted({_day(c) for c in calls})
    same, claimed, distances, unknown_streets = 0, 0, [], 0
    methods: Counter[str] = Counter()
    empty = sum(1 for c in calls if not c["location"].strip(" -"))
    started = time.perf_counter()
    for day in days:
        gazetteer = Gazetteer.from_intersections(intersections)
        for row in calls + extra:
            if _day(row) != day and row.get("location") and row.get("lat") is not None:
                division = row.get("division") if divisions else None
                gazetteer.learn(row["location"], row["lat"], row["lng"], division)
        locator = Locator(index, gazetteer, learn=False)
        for call in (c for c in calls if _day(c) == day):
            location = locator.locate(_call_report(call))
            methods[location.precision.value] += 1
            if location.neighbourhood is None and call["location"].strip(" -"):
                streets = {s for m in parse_location_field(call["location"]) for s in m.streets}
                if not any(gazetteer.knows_street(s) for s in streets):
                    unknown_streets += 1
            truth = index.lookup(call["lat"], call["lng"])
            if location.lat is not None and location.lon is not None:
                distances.append(distance_m(location.lat, location.lon, call["lat"], call["lng"]))
            claimed += location.neighbourhood is not None
            if location.neighbourhood and truth and location.neighbourhood.code == truth.code:
                same += 1
    return {
        "calls": len(calls),
        "split": f"leave-one-day-out over {len(days)} days",
        "also_learned_rows": len(extra),
        "division_areas": "learned" if divisions else "station table only",
        "empty_location_text": empty,
        "same_neighbourhood": same,
        "same_neighbourhood_rate": same / max(1, len(calls)),
        "same_rate_of_non_empty": same / max(1, len(calls) - empty),
        "neighbourhood_claimed": claimed,
        "right_when_claimed": same / max(1, claimed),
        "not_placed_no_street_known": unknown_streets,
        "ceiling_with_this_gazetteer": (len(calls) - empty - unknown_streets) / max(1, len(calls)),
        "placed": len(distances),
        "median_distance_m": statistics.median(distances) if distances else None,
        "precision_counts": dict(methods),
        "seconds": round(time.perf_counter() - started, 2),
    }


def bench(index: NeighbourhoodIndex, locator: Locator, texts: list[str], n: int) -> dict:
    """Point-in-polygon lookups/s (single and bulk) and text geocodes/s with the gazetteer."""
    rng = random.Random(7)
    lats = np.array([rng.uniform(43.59, 43.85) for _ in range(n)])
    lons = np.array([rng.uniform(-79.62, -79.13) for _ in range(n)])
    started = time.perf_counter()
    index.lookup_many(lats, lons)
    bulk = n / (time.perf_counter() - started)
    single_n = min(n, 20_000)
    started = time.perf_counter()
    for lat, lon in zip(lats[:single_n], lons[:single_n], strict=True):
        index.lookup(float(lat), float(lon))
    single = single_n / (time.perf_counter() - started)
    reports = [
        RawReport(
            source="bench",
            source_kind=SourceKind.POLICE,
            item_id=str(i),
            title="",
            location_text=t,
            collected_at=_COLLECTED,
        )
        for i, t in enumerate(texts)
    ]
    started = time.perf_counter()
    for report in reports:
        locator.locate(report)
    geocodes = len(reports) / max(1e-9, time.perf_counter() - started)
    return {
        "points": n,
        "bulk_lookups_per_s": round(bulk),
        "single_lookups_per_s": round(single),
        "texts": len(texts),
        "text_geocodes_per_s": round(geocodes),
    }


def bench_learning(observations: int, crossings: int = 2_000) -> dict:
    """Months of calls on two long streets (a north-south and an east-west one, each with
    ``crossings`` side streets seen over and over): the places kept per street, learns/s,
    then lookups/s of a street alone and of the two streets' nearest approach."""
    gazetteer, rng = Gazetteer(), random.Random(11)
    started = time.perf_counter()
    for i in range(observations):
        k = rng.randrange(crossings)
        if i % 2:
            gazetteer.learn(f"LONG ST - SIDE{k} AVE", 43.64 + 0.14 * k / crossings, -79.39, "D53")
        else:
            gazetteer.learn(f"WIDE AVE - SIDE{k} RD", 43.70, -79.60 + 0.40 * k / crossings, "D13")
    learns = observations / max(1e-9, time.perf_counter() - started)
    street = parse_location_field("LONG ST")[0]
    pair = parse_location_field("LONG ST - WIDE AVE")[0]
    rates = {}
    for name, mention, division in (("street", street, "D53"), ("nearest_approach", pair, None)):
        started = time.perf_counter()
        for _ in range(200):
            gazetteer.geocode(mention, division)
        rates[f"{name}_lookups_per_s"] = round(200 / max(1e-9, time.perf_counter() - started))
    kept = gazetteer.streets.sample("LONG ST")
    return {
        "observations": observations,
        "places_kept_on_one_street": len(kept) if kept is not None else 0,
        "learns_per_s": round(learns),
        **rates,
    }


def load_index(path: Path, scheme: str = "158") -> NeighbourhoodIndex:
    return NeighbourhoodIndex.from_geojson(read_geojson(path), scheme=scheme)
