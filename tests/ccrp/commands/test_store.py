"""The ``ccrp digest`` and ``ccrp db`` commands against a real SQLite file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ccrp.commands.store import register, run_digest
from ccrp.settings import Settings
from sinks import Store
from tests.conftest import closed_port_url
from tests.sinks.factories import activation, incident
from tests.sinks.smtp_server import smtp_server


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_run_digest_survives_a_failing_boundary_loader(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, db_url=f"sqlite:///{tmp_path / 'ccrp.db'}")
    with Store.open(settings.database_url) as store:
        inc = incident()
        store.upsert_incident(inc)
        store.record_activation(activation(inc))

    def broken(_: Settings) -> None:
        raise OSError("no network")

    files = run_digest(settings, date(2026, 7, 15), tmp_path / "digest", broken)
    html = files.html.read_text(encoding="utf-8")
    assert "boundaries were unavailable" in html and "Black Creek" in html


def test_db_upgrade_and_digest_commands(tmp_path: Path, app: typer.Typer) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["db", "upgrade", "--url", url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.db").exists()
    env = {"CCRP_DB_URL": url, "CCRP_DATA_DIR": str(tmp_path)}
    from ccrp.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["digest", "--day", "nonsense"], env=env)
        assert result.exit_code != 0
        result = runner.invoke(
            app, ["digest", "--day", "2026-07-15", "--out", str(tmp_path / "d")], env=env
        )
        assert result.exit_code == 0, result.output
    finally:
        get_settings.cache_clear()
    assert (tmp_path / "d" / "ccrp-digest-2026-07-15.md").exists()


def test_db_upgrade_reports_a_bad_url(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade", "--url", "mysql://x/y"])
    assert result.exit_code == 1 and "upgrade failed" in result.output


def test_digest_send_command_mails_once(tmp_path: Path, app: typer.Typer) -> None:
    from ccrp.settings import get_settings

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store.open(url) as store:
        inc = incident()
        store.upsert_incident(inc)
        store.record_activation(activation(inc))
    runner = CliRunner()
    with smtp_server() as (port, inbox):
        env = {
            "CCRP_DB_URL": url,
            "CCRP_DATA_DIR": str(tmp_path),
            "CCRP_GEO__BOUNDARIES_URL": closed_port_url(),
            "CCRP_MAIL__HOST": "127.0.0.1",
            "CCRP_MAIL__PORT": str(port),
            "CCRP_MAIL__STARTTLS": "false",
            "CCRP_MAIL__RECIPIENTS": "staff@ccrp.example.org",
        }
        get_settings.cache_clear()
        try:
            args = ["digest", "--day", "2026-07-15", "--send"]
            first = runner.invoke(app, args, env=env)
            assert first.exit_code == 0, first.output
            assert "mailed to staff@ccrp.example.org" in first.output
            again = runner.invoke(app, args, env=env)
            assert again.exit_code == 0 and "already sent" in again.output
            forced = runner.invoke(app, [*args, "--force"], env=env)
            assert forced.exit_code == 0 and "mailed to" in forced.output
            get_settings.cache_clear()
            unset = runner.invoke(app, args, env=env | {"CCRP_MAIL__HOST": ""})
            assert unset.exit_code == 1 and "CCRP_MAIL__HOST" in unset.output
        finally:
            get_settings.cache_clear()
    assert len(inbox.envelopes) == 2
    (message,) = inbox.messages()[:1]
    assert message["Subject"].startswith("CCRP daily digest 2026-07-15: 1 activation(s)")
    assert (tmp_path / "digest" / "ccrp-digest-2026-07-15.eml").exists()
