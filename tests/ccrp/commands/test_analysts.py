"""``ccrp incidents`` over a store filled from the real feeds by ``ccrp process --store``."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import geojson
from shapely.geometry import Point, shape

from ccrp.analysts import NeighbourhoodPoints
from schemas import Incident
from schemas.privacy import is_withheld
from sinks.store import Store
from tests.ccrp.conftest import DevStore, invoke_cli

SINCE = datetime(2026, 7, 9, 4, tzinfo=UTC)  # local midnight, 9 July


def stored(dev: DevStore) -> list[Incident]:
    with Store.open(dev.settings.database_url) as store:
        return store.recent_incidents(datetime(2000, 1, 1, tzinfo=UTC))


def test_geojson_of_the_shootings_since_a_day_is_valid_and_complete(dev_store: DevStore) -> None:
    text = invoke_cli(
        dev_store.env, "incidents", "--since", "2026-07-09", "--type", "shooting",
        "--format", "geojson",
    )  # fmt: skip

    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    expected = {
        i.incident_id
        for i in stored(dev_store)
        if "shooting" in i.types and (i.occurred_at or i.first_seen) >= SINCE
    }
    features = collection["features"]
    assert expected and {f["id"] for f in features} == expected
    for item in features:
        assert "shooting" in item["properties"]["types"]
        if item["geometry"] is not None:
            point = shape(item["geometry"])
            assert isinstance(point, Point) and point.is_valid
            assert 43.5 < point.y < 43.9 and -79.7 < point.x < -79.1  # in Toronto


def test_withheld_incidents_show_no_titles_links_or_own_point(dev_store: DevStore) -> None:
    records = json.loads(invoke_cli(dev_store.env, "incidents", "--format", "json"))
    by_id = {i.incident_id: i for i in stored(dev_store)}
    withheld = [r for r in records if r["withheld"]]
    points = NeighbourhoodPoints(dev_store.settings)
    assert withheld and len(records) == len(by_id)
    for record in withheld:
        incident = by_id[record["incident_id"]]
        assert is_withheld(incident) and record["title"] is None
        assert record["location"]["text"] is None and record["attributes"] is None
        assert all(r["title"] is None and r["url"] is None for r in record["reports"])
        hood = incident.location.neighbourhood
        shown = (record["location"]["lat"], record["location"]["lon"])
        assert shown == (points[hood.code] if hood else (None, None))  # the area's point only
        text = json.dumps(record)
        for report in incident.reports:
            assert report.title not in text and (report.url or "\0") not in text


def test_formats_and_output_file(dev_store: DevStore, tmp_path: Path) -> None:
    out = tmp_path / "stabbings.csv"
    invoke_cli(dev_store.env, "incidents", "--type", "stabbing", "--format", "csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all("stabbing" in row["types"].split(";") for row in rows)
    table = invoke_cli(dev_store.env, "incidents", "--type", "stabbing", "--nia", "nia")
    assert "incidents" in table and "stabbing" in table


def test_a_bad_filter_is_refused_with_its_reason(dev_store: DevStore) -> None:
    from typer.testing import CliRunner

    from ccrp.cli import app

    result = CliRunner().invoke(app, ["incidents", "--since", "yesterday"], env=dev_store.env)
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_process_writes_the_same_results_with_or_without_the_store(
    dev_store: DevStore, tmp_path: Path
) -> None:
    feeds = dev_store.settings.data_dir.parent / "feeds.jsonl"
    source = tmp_path / "first.jsonl"
    source.write_text("\n".join(feeds.read_text().splitlines()[:60]) + "\n")
    env = {**dev_store.env, "CCRP_DATA_DIR": str(tmp_path / "var")}
    plain, stored_too = tmp_path / "plain.jsonl", tmp_path / "stored.jsonl"
    invoke_cli(env, "process", "-i", str(source), "-o", str(plain))
    invoke_cli(env, "process", "-i", str(source), "-o", str(stored_too), "--store")
    invoke_cli(env, "process", "-i", str(source), "-o", str(stored_too), "--store")  # idempotent

    assert plain.read_bytes() == stored_too.read_bytes()
    results = [json.loads(line) for line in plain.read_text().splitlines()]
    with Store.open(f"sqlite:///{tmp_path / 'var' / 'ccrp.db'}") as store:
        assert store.processed_count([r["report_id"] for r in results]) == len(results)
        incidents = {r["incident_id"] for r in results if r["incident_id"]}
        assert {i for i in incidents if store.get_incident(i)} == incidents


def test_add_token_prints_a_token_that_opens_the_api(dev_store: DevStore) -> None:
    token = invoke_cli(dev_store.env, "api", "add-token", "city-analyst").strip().splitlines()[-1]
    with Store.open(dev_store.settings.database_url) as store:
        assert store.analyst_for_token(token) == "city-analyst"
        assert store.partner_for_token(token) is None
