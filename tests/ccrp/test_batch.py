"""Batch mode: the stage functions over a file, one result line per report, no Kafka."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ccrp.batch import run_batch
from ccrp.cli import _register_all, app
from ccrp.runtime import build_stages
from ccrp.settings import Settings
from tests.ccrp.support import make_settings
from tests.conftest import shared_path

NOW = datetime(2026, 7, 12, 4, 0, tzinfo=UTC)


def call(event_id: str, code: str, call_type: str, location: str, lat: float, lon: float) -> dict:
    return {
        "event_id": event_id,
        "call_type_code": code,
        "call_type": call_type,
        "division": "D31",
        "location": location,
        "lat": lat,
        "lng": lon,
        "occurred_at": (NOW - timedelta(minutes=30)).isoformat(),
    }


def news(guid: str, title: str, summary: str, minutes_after: int) -> dict:
    return {
        "source": "citynews",
        "guid": guid,
        "title": title,
        "summary": summary,
        "link": f"https://news.example.org/{guid}",
        "published": (NOW + timedelta(minutes=minutes_after)).isoformat(),
    }


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("batch"))


def run_lines(settings: Settings, rows: list[object]) -> list[dict]:
    source = io.StringIO("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows))
    sink = io.StringIO()
    run_batch(build_stages(settings), source, sink)
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def test_one_line_per_report_with_the_contract_fields(settings: Settings) -> None:
    lines = run_lines(
        settings,
        [
            call("c1", "SHO", "Shooting", "JANE ST - FINCH AVE W", 43.7587, -79.5197),
            news(
                "n1",
                "Man injured in shooting near Jane and Finch",
                "A man was taken to hospital after a shooting near Jane Street and Finch "
                "Avenue West early Sunday, Toronto police say.",
                45,
            ),
            news("n2", "Council approves budget", "City council approved the budget.", 60),
        ],
    )
    assert [line["report_id"] for line in lines] == ["tps-calls:c1", "citynews:n1", "citynews:n2"]
    for line in lines:
        for key in (
            "incident_id",
            "types",
            "new_incident",
            "in_area",
            "location",
            "neighbourhood",
            "ccrp_activation",
        ):
            assert key in line
        assert set(line["location"]) >= {"lat", "lon", "precision", "text"}
    shooting, story, council = lines
    assert "shooting" in shooting["types"] and shooting["in_area"] is True
    assert shooting["ccrp_activation"] is True and shooting["ccrp_eligible"] is True
    assert story["incident_id"] == shooting["incident_id"]  # one incident across sources
    assert council["types"] == ["not_incident"] and council["ccrp_activation"] is False
    assert council["ccrp_eligible"] is False
    assert council["incident_id"] is None  # a report about no specific incident


def test_bad_lines_are_reported_and_the_rest_processed(settings: Settings) -> None:
    lines = run_lines(
        settings,
        [
            "{not json",
            {"hello": "world"},
            call("c9", "STA", "Stabbing", "DUNDAS ST E - SHERBOURNE ST", 43.6581, -79.3719),
            call("c10", "SHO", "Shooting", "NOWHERE", 4000.0, 12.0),
        ],
    )
    assert [("error" in line) for line in lines] == [True, True, False, True]
    assert lines[0]["line"] == 1 and "decode" in lines[0]["error"]
    assert "lat" in lines[3]["error"]
    assert "stabbing" in lines[2]["types"]


def test_process_command_over_the_shared_news(settings: Settings, tmp_path: Path) -> None:
    source = shared_path("news/toronto-news-2026-07-09_17.jsonl")
    out = tmp_path / "results.jsonl"
    _register_all()
    env = {
        "CCRP_DATA_DIR": str(settings.data_dir),
        "CCRP_GEO__NEIGHBOURHOODS_158": settings.geo.neighbourhoods_158 or "",
        "CCRP_GEO__INTERSECTIONS": settings.geo.intersections or "",
    }
    from ccrp.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(
        app, ["process", "--input", str(source), "--output", str(out)], env=env
    )
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == sum(1 for _ in source.open())
    assert all("error" not in line for line in lines)


def run_as_of(settings: Settings, rows: list[dict], as_of: str) -> list[dict]:
    from ccrp.decision_time import parse_as_of

    source = io.StringIO("\n".join(json.dumps(r) for r in rows))
    sink = io.StringIO()
    stages = build_stages(settings)
    stages.decision_time = parse_as_of(as_of)
    run_batch(stages, source, sink)
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def test_a_past_week_is_judged_as_of_its_own_time(settings: Settings) -> None:
    """A file of past days activates as the live system would have, unless asked otherwise."""
    rows = [call("c20", "STA", "Stabbing", "DUNDAS ST E - SHERBOURNE ST", 43.6581, -79.3719)]
    then = run_as_of(settings, rows, "report")
    assert then[0]["ccrp_activation"] and then[0]["ccrp_eligible"]
    assert then[0]["decided_as_of"] == rows[0]["occurred_at"]
    today = run_as_of(settings, rows, "now")  # months later: far beyond 72 h
    assert not today[0]["ccrp_activation"] and not today[0]["ccrp_eligible"]
    later = (NOW + timedelta(hours=80)).isoformat()
    fixed = run_as_of(settings, rows, later)
    assert not fixed[0]["ccrp_eligible"] and fixed[0]["decided_as_of"] == later


def test_a_follow_up_the_morning_after_opens_the_activation(settings: Settings) -> None:
    """The first report seen of a recent stabbing is an arrest story the next morning."""
    story = news(
        "n30",
        "Man charged in Saturday night stabbing near Dundas and Sherbourne",
        "A man has been charged after another man was stabbed near Dundas Street East and "
        "Sherbourne Street on Saturday night, Toronto police say.",
        9 * 60,
    )
    line = run_as_of(settings, [story], "report")[0]
    assert (
        "stabbing" in line["types"] and line["attributes"]["occurred_at_text"] == "Saturday night"
    )
    assert line["ccrp_eligible"] and line["ccrp_activation"]  # whether typed follow-up or not
