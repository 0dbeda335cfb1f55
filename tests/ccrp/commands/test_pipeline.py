"""``ccrp run --once`` on a real broker: an oversized item fits, a failed source exits 3."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ccrp.commands.pipeline import register
from ccrp.settings import KafkaSettings, get_settings
from ingest.hostile import rss
from ingest.loopback import LoopbackServer, Reply
from schemas import DEADLETTER
from tests.ccrp.support import read_topic
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.broker


@pytest.fixture
def cli(
    tmp_path: Path, kafka: KafkaSettings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[typer.Typer]:
    monkeypatch.setenv("CCRP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CCRP_KAFKA_BOOTSTRAP", str(kafka.bootstrap))
    monkeypatch.delenv("CCRP_DB_URL", raising=False)
    for name, path in {
        "CCRP_GEO__NEIGHBOURHOODS_158": SHARED_DATA / "toronto" / "neighbourhoods-158.geojson",
        "CCRP_GEO__INTERSECTIONS": SHARED_DATA / "toronto" / "traffic-signal-intersections.geojson",
    }.items():
        if path.exists():
            monkeypatch.setenv(name, str(path))
    get_settings.cache_clear()
    app = typer.Typer()
    register(app)
    yield app
    get_settings.cache_clear()


def test_run_once_delivers_a_cut_oversized_item_and_exits_3_for_a_failed_source(
    cli: typer.Typer, tmp_path: Path
) -> None:
    huge = "A summary far too long for one broker message. " * 70_000  # 3.3 MB
    items = [("oversized", "Man stabbed near Queen and Bathurst", huge)]
    items.append(("ordinary", "Shooting near Jane and Finch, police say", "One man hurt."))
    with LoopbackServer() as server:
        server.routes["/feed"] = lambda _r: Reply(body=rss(items))
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "news"\nkind = "news_rss"\nurl = "{server.url("/feed")}"\n\n'
            '[[source]]\nname = "gone"\nkind = "news_rss"\nurl = "file://missing.xml"\n',
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            cli,
            ["run", "--once", "--sources", str(sources), "--timeout", "120"],
            env={"COLUMNS": "200"},
        )

    assert result.exit_code == 3, result.output
    assert re.search(r"reports produced\W+2\b", result.output), result.output
    assert re.search(r"reports processed\W+2\b", result.output), result.output
    assert re.search(r"source news\W+2 new", result.output), result.output
    assert "1 sources failed: gone" in result.output


def test_a_geocoder_refusing_its_credentials_stops_the_run_with_exit_4(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    items = [("fire-1", "Fire at 52 Arborwood Drive", "Crews were called to a house fire.")]
    with LoopbackServer() as server:
        server.routes["/feed"] = lambda _r: Reply(body=rss(items))
        server.routes["/search"] = lambda _r: Reply(status=401, body=b'{"error": "bad key"}')
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "news"\nkind = "news_rss"\nurl = "{server.url("/feed")}"\n',
            encoding="utf-8",
        )
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CCRP_")},
            "CCRP_DATA_DIR": str(tmp_path / "var"),
            "CCRP_KAFKA_BOOTSTRAP": str(kafka.bootstrap),
            "CCRP_GEO__GEOCODER": "nominatim,gazetteer",
            "CCRP_GEO__NOMINATIM_URL": server.url(""),
        }
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "ccrp", "run", "--once", "-s", str(sources), "--timeout", "120"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=180,
        )
    assert done.returncode == 4, done.stdout + done.stderr
    assert "configuration error: geocoder nominatim refused the request" in done.stderr
    assert "Traceback" not in done.stderr.split("configuration error")[-1]
    assert time.monotonic() - started < 90  # stopped, not left to the drain timeout
    letters = [d for d in read_topic(kafka, DEADLETTER.name) if d["key"] == "news:fire-1"]
    assert letters and "refused" in letters[0]["error"]  # kept for a replay, not lost
