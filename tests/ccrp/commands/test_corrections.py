"""``ccrp incidents split`` through the embedded stream: the store shows both incidents,
the correction with its reason, and the case system's events."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ccrp.app import apply_to_store
from ccrp.batch import run_batch
from ccrp.commands.analysts import register as register_analysts
from ccrp.commands.corrections import register
from ccrp.runtime import build_stages
from ccrp.settings import get_settings
from sinks.store import Store
from tests.ccrp.support import make_settings

pytestmark = pytest.mark.broker
NOW = datetime.now(UTC)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    settings = make_settings(tmp_path / "var")
    monkeypatch.setenv("CCRP_DATA_DIR", str(settings.data_dir))
    for name, value in (
        ("CCRP_GEO__NEIGHBOURHOODS_158", settings.geo.neighbourhoods_158),
        ("CCRP_GEO__INTERSECTIONS", settings.geo.intersections),
    ):
        if value:
            monkeypatch.setenv(name, value)
    for name in ("CCRP_DB_URL", "CCRP_KAFKA_BOOTSTRAP"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    app = typer.Typer()
    register_analysts(app)
    register(app)
    yield app
    get_settings.cache_clear()


def rows() -> list[dict]:
    at = NOW - timedelta(hours=3)
    return [
        {
            "event_id": "split-1",
            "call_type_code": "STA",
            "call_type": "Stabbing",
            "division": "D31",
            "location": "JANE ST - FINCH AVE W",
            "lat": 43.7587,
            "lng": -79.5197,
            "occurred_at": at.isoformat(),
        },
        {
            "source": "citynews",
            "guid": "split-2",
            "title": "Man stabbed near Jane and Finch",
            "summary": "A man was stabbed near Jane Street and Finch Avenue West, police say.",
            "link": "https://news.example.org/split-2",
            "published": (at + timedelta(minutes=40)).isoformat(),
        },
    ]


def test_split_through_the_embedded_stream(cli: typer.Typer) -> None:
    settings = get_settings()
    stages = build_stages(settings)
    sink = io.StringIO()
    result = run_batch(stages, io.StringIO("\n".join(json.dumps(r) for r in rows())), sink)
    with Store.open(settings.database_url) as store:
        apply_to_store(store, result.effects)
        links = store.report_incidents(["tps-calls:split-1", "citynews:split-2"])
    assert len(set(links.values())) == 1, "the call and the story were joined"
    joined = links["tps-calls:split-1"]

    outcome = CliRunner().invoke(
        cli,
        [
            "incidents",
            "split",
            joined,
            "--reports",
            "citynews:split-2",
            "--reason",
            "two stabbings: the story's victim is a woman",
            "--by",
            "analyst",
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    assert "applied" in outcome.output
    with Store(settings.database_url) as store:
        after = store.report_incidents(["tps-calls:split-1", "citynews:split-2"])
        assert after["tps-calls:split-1"] == joined
        assert after["citynews:split-2"] != joined
        [correction] = store.corrections_of(joined)
        assert correction.kind == "split" and correction.requested_by == "analyst"
        assert correction.other_incident_id == after["citynews:split-2"]
        kinds = [
            e.type.value.rsplit(".", 1)[-1]
            for e in store.activations_between(NOW - timedelta(days=1), NOW + timedelta(days=1))
        ]
        assert kinds.count("created") == 2 and "updated" in kinds

    again = CliRunner().invoke(
        cli, ["incidents", "split", joined, "--reports", "citynews:split-2", "--reason", "again"]
    )
    assert again.exit_code == 0 and "applied" in again.output  # the same correction: idempotent
    wrong = CliRunner().invoke(
        cli, ["incidents", "split", joined, "--reports", "tps-calls:nowhere", "--reason", "typo"]
    )
    assert wrong.exit_code == 1, "a report not in the incident: refused, with the reason kept"
    with Store(settings.database_url) as store:
        [letter] = store.find_dead_letters(stage="correct")
        assert "has no report" in letter.letter.error
