"""``ccrp geo ...``: geocoding evaluation on real data, the speed benchmark, and the
packaged copies of the City's reference data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from enrich.geo.boundaries import read_geojson
from enrich.geo.evaluation import bench, bench_learning, eval_calls, eval_tps, load_index
from enrich.geo.gazetteer import Gazetteer
from enrich.geo.locator import Locator

geo_app = typer.Typer(no_args_is_help=True, help="Geocoding to City of Toronto neighbourhoods.")


def _print(figures: dict) -> None:
    typer.echo(json.dumps(figures, indent=2))


@geo_app.command("eval-tps")
def eval_tps_command(
    shootings: Path = typer.Option(..., exists=True, help="TPS shootings CSV"),
    homicides: Path = typer.Option(..., exists=True, help="TPS homicides CSV"),
    boundaries: Path = typer.Option(..., exists=True, help="158-neighbourhood GeoJSON"),
) -> None:
    """Agreement of point-in-polygon with the portal's HOOD_158; NSA rows out of area."""
    index = load_index(boundaries)
    _print({p.name: eval_tps([p], index) for p in (shootings, homicides)})


@geo_app.command("eval-calls")
def eval_calls_command(
    calls: Path = typer.Option(..., exists=True, help="police calls JSONL"),
    boundaries: Path = typer.Option(..., exists=True, help="158-neighbourhood GeoJSON"),
    intersections: Path = typer.Option(..., exists=True, help="intersection GeoJSON"),
    also_learn: list[Path] = typer.Option(
        [], exists=True, help="more JSONL rows with location, lat, lng (fire incidents)"
    ),
    divisions: bool = typer.Option(True, help="learn police division areas from the calls"),
) -> None:
    """Geocode call locations from text alone (coordinates hidden), leave-one-day-out."""
    index, signals = load_index(boundaries), read_geojson(intersections)
    _print(eval_calls(calls, index, signals, also_learn, divisions))


@geo_app.command("eval-growth")
def eval_growth_command(
    calls: Path = typer.Option(..., exists=True, help="police calls JSONL"),
    boundaries: Path = typer.Option(..., exists=True, help="158-neighbourhood GeoJSON"),
    intersections: Path = typer.Option(..., exists=True, help="intersection GeoJSON"),
    learn_from: str = typer.Option("2026-07-10", help="first local day learned"),
    learn_to: str = typer.Option("2026-07-13", help="last local day learned"),
    test_from: str = typer.Option("2026-07-14", help="first local day geocoded"),
    test_to: str = typer.Option("2026-07-17", help="last local day geocoded"),
) -> None:
    """Learn the calls of the learning days one day at a time, geocode the test days' call
    texts with coordinates hidden after each; then again after a restart from the store."""
    from datetime import date

    from ccrp.geo_growth import eval_growth

    days = [date.fromisoformat(d) for d in (learn_from, learn_to, test_from, test_to)]
    index, signals = load_index(boundaries), read_geojson(intersections)
    _print(eval_growth(calls, index, signals, (days[0], days[1]), (days[2], days[3])))


@geo_app.command("bench")
def bench_command(
    boundaries: Path = typer.Option(..., exists=True, help="158-neighbourhood GeoJSON"),
    intersections: Path = typer.Option(..., exists=True, help="intersection GeoJSON"),
    calls: Path | None = typer.Option(None, help="JSONL with 'location' texts to geocode"),
    points: int = typer.Option(200_000, help="random points for the lookup benchmark"),
    learned: int = typer.Option(100_000, help="calls learned on two long streets"),
) -> None:
    """Point-in-polygon lookups/s, text geocodes/s with the local gazetteer, and lookups/s
    on long streets after many learned calls."""
    index = load_index(boundaries)
    locator = Locator(index, Gazetteer.from_intersections(read_geojson(intersections)), learn=False)
    if calls is not None:
        texts = [json.loads(line)["location"] for line in calls.open() if line.strip()]
    else:
        texts = [
            f"{a} - {b}"
            for a, b in zip(
                sorted(locator.gazetteer.street_names())[::7],
                sorted(locator.gazetteer.street_names())[3::7],
                strict=False,
            )
        ]
    _print({**bench(index, locator, texts, points), "learning": bench_learning(learned)})


@geo_app.command("package-data")
def package_data_command(
    source: Path = typer.Option(
        ..., exists=True, file_okay=False, help="folder with the City's GeoJSON downloads"
    ),
    points: list[Path] = typer.Option(
        [], exists=True, help="TPS portal CSVs (LAT_WGS84, LONG_WGS84) to measure the effect on"
    ),
    tolerance_m: float = typer.Option(2.0, help="coverage simplification tolerance, metres"),
    out: Path = typer.Option(None, help="output folder (default: the package's data folder)"),
) -> None:
    """Rebuild the packaged boundaries and gazetteer; print sizes and what simplifying moved."""
    from enrich.geo.compaction import build_package_data

    _print(build_package_data(source, out, tolerance_m, points))


def register(app: typer.Typer) -> None:
    """Add ``ccrp geo ...`` to the main CLI."""
    app.add_typer(geo_app, name="geo")
