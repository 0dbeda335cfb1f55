"""The ``ccrp geo`` measurement commands on the real data (skipped when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from ccrp.commands.geo import register
from tests.conftest import shared_path


def run(*args: str) -> dict:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["geo", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_eval_tps_figures() -> None:
    homicides = shared_path("tps/homicides.csv")
    shootings = shared_path("tps/shootings-and-firearm-discharges.csv")
    boundaries = shared_path("toronto/neighbourhoods-158.geojson")
    figures = run(
        "eval-tps",
        "--shootings",
        str(shootings),
        "--homicides",
        str(homicides),
        "--boundaries",
        str(boundaries),
    )
    shots = figures[shootings.name]
    assert shots["nsa_zero_zero"] == 62 and shots["nsa_out_of_area"] == 62
    assert shots["agree_rate"] > 0.9
    assert shots["agree_or_within_50m_of_label"] > 0.995
    assert shots["mismatch_placed_outside_city"] == 0


def test_eval_calls_leave_one_day_out(shared_data: Path) -> None:
    figures = run(
        "eval-calls",
        "--calls",
        str(shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl")),
        "--boundaries",
        str(shared_path("toronto/neighbourhoods-158.geojson")),
        "--intersections",
        str(shared_path("toronto/traffic-signal-intersections.geojson")),
    )
    assert figures["calls"] == 3295
    assert figures["same_neighbourhood_rate"] > 0.6
    assert figures["median_distance_m"] < 50


def test_bench_prints_rates(geo_files: tuple[Path, Path]) -> None:
    boundaries, intersections = geo_files
    figures = run(
        "bench",
        "--boundaries",
        str(boundaries),
        "--intersections",
        str(intersections),
        "--points",
        "2000",
    )
    assert figures["bulk_lookups_per_s"] > 0 and figures["text_geocodes_per_s"] > 0
