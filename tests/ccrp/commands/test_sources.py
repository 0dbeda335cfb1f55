"""The collector commands against the SQL store (SQLite in a temporary data folder)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ccrp.commands.sources import register
from ccrp.settings import get_settings

PROJECT = Path(__file__).resolve().parents[3]
EXAMPLE = PROJECT / "sources" / "example.toml"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("CCRP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("CCRP_DB_URL", raising=False)
    get_settings.cache_clear()
    app = typer.Typer()
    register(app)
    yield app
    get_settings.cache_clear()


def invoke(app: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_run_then_status_shows_each_source(cli: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "reports.jsonl"
    invoke(cli, "sources", "run", "--sources", str(EXAMPLE), "--force", "--out", str(out))
    again = invoke(cli, "sources", "run", "--sources", str(EXAMPLE), "--force", "--out", str(out))
    status = invoke(cli, "sources", "status", "--sources", str(EXAMPLE))

    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 22 and {json.loads(line)["source"] for line in lines} >= {"tfs"}
    assert "tps-calls: 0 new" in again
    for name in ("tps-calls", "example-news", "tfs", "community-eastend"):
        assert name in status
    assert "0/8" in status  # tps-calls: nothing new, 8 already seen


def test_ingest_file_counts_reports_once(cli: typer.Typer, tmp_path: Path) -> None:
    drop = PROJECT / "examples" / "offline" / "community-drop.csv"
    out = tmp_path / "drop.jsonl"
    first = invoke(cli, "ingest-file", str(drop), "--source", "community-x", "--out", str(out))
    second = invoke(cli, "ingest-file", str(drop), "--source", "community-x", "--out", str(out))
    assert "2 reports ingested" in first and "0 reports ingested" in second
    assert "2 already seen" in second


def test_add_partner_prints_a_token(cli: typer.Typer) -> None:
    output = invoke(cli, "intake", "add-partner", "eastend")
    assert len(output.strip().splitlines()[-1]) >= 40


@pytest.mark.broker
def test_ingest_file_without_a_cluster_runs_the_embedded_pipeline(
    cli: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from sinks.store import Store

    monkeypatch.delenv("CCRP_KAFKA_BOOTSTRAP", raising=False)
    drop = PROJECT / "examples" / "offline" / "community-drop.csv"
    output = invoke(cli, "ingest-file", str(drop), "--source", "community-x")
    assert "2 reports ingested" in output
    store = Store.open(get_settings().database_url)
    try:
        incidents = store.recent_incidents(datetime(2000, 1, 1, tzinfo=UTC))
        sources = {r.source for i in incidents for r in i.reports}
        assert "community-x" in sources
    finally:
        store.close()


def test_intake_without_a_cluster_or_file_is_refused(
    cli: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CCRP_KAFKA_BOOTSTRAP", raising=False)
    result = CliRunner().invoke(cli, ["intake", "serve"], env={"COLUMNS": "200"})
    assert result.exit_code != 0 and "CCRP_KAFKA_BOOTSTRAP" in result.output


def test_a_failed_source_makes_the_run_exit_3(cli: typer.Typer, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "gone"\nkind = "news_rss"\nurl = "file://missing.xml"\n\n'
        '[[source]]\nname = "example"\nkind = "news_rss"\n'
        f'url = "{(PROJECT / "examples" / "offline" / "news-rss.xml").as_uri()}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "reports.jsonl"
    result = CliRunner().invoke(
        cli,
        ["sources", "run", "--sources", str(sources), "--out", str(out)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 3, result.output
    assert "gone: 0 new, 0 already seen, FAILED FetchError" in result.output
    assert "example: " in result.output and out.read_text(encoding="utf-8")


def test_an_invalid_sources_file_exits_4_with_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "x"\nkind = "news_rss"\nurl = "gopher://x"\n')
    env = {"CCRP_DATA_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "ccrp", "sources", "run", "-s", str(sources), "--out", "x.jsonl"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 4, done.stderr
    assert "configuration error:" in done.stderr and "gopher" in done.stderr
    assert "Traceback" not in done.stderr
