"""The delivery commands over a SQLite store in a temporary data folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ccrp.commands.deliveries import register
from ccrp.settings import get_settings
from sinks import Store
from sinks.delivery_store import DeliveryStatus, NewDelivery
from sinks.webhook import new_secret
from tests.sinks.factories import activation, incident
from tests.webhook_receiver import Receiver, closed_port_url, serve

SECRET = new_secret()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CCRP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CCRP_WEBHOOK__SECRET", SECRET)
    monkeypatch.delenv("CCRP_DB_URL", raising=False)
    monkeypatch.delenv("CCRP_KAFKA_BOOTSTRAP", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def invoke(*args: str, env: dict[str, str] | None = None) -> str:
    app = typer.Typer()
    register(app)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"} | (env or {}))
    assert result.exit_code == 0, result.output
    return result.output


def pending_events(data_dir: Path, n: int = 2) -> list[str]:
    store = Store.open(f"sqlite:///{data_dir / 'ccrp.db'}")
    now = datetime.now(UTC)
    events = [activation(incident(f"inc-{i}"), time=now) for i in range(n)]
    store.enqueue_deliveries(
        [NewDelivery(e.id, e.subject, e.type.value, e.model_dump_json()) for e in events], now
    )
    store.close()
    return [e.id for e in events]


def test_list_then_retry_delivers_the_pending_ones(data_dir: Path) -> None:
    ids = pending_events(data_dir)
    listed = invoke("deliveries")
    assert all(i in listed for i in ids) and "2 pending, 0 delivered, 0 failed" in listed
    down = invoke("deliveries", "retry", env={"CCRP_WEBHOOK__URL": closed_port_url()})
    assert "2 deliveries retried: 0 delivered, 2 still pending, 0 failed" in down
    with serve(Receiver(SECRET)) as receiver:
        up = invoke("deliveries", "retry", env={"CCRP_WEBHOOK__URL": receiver.url})
    assert "2 deliveries retried: 2 delivered" in up
    assert receiver.accepted == {i: 1 for i in ids}
    assert "0 pending, 2 delivered, 0 failed" in invoke("deliveries")
    assert all(i in invoke("deliveries", "--all") for i in ids)
    store = Store.open(f"sqlite:///{data_dir / 'ccrp.db'}")
    assert all(r.attempts == 2 and r.status == DeliveryStatus.DELIVERED for r in store.deliveries())
    store.close()


def test_a_refused_retry_fails_to_the_dead_letters_in_the_store(data_dir: Path) -> None:
    (event_id,) = pending_events(data_dir, n=1)
    with serve(Receiver(SECRET, fail_first=5, status=404)) as receiver:
        out = invoke("deliveries", "retry", env={"CCRP_WEBHOOK__URL": receiver.url})
    assert "1 failed" in out
    store = Store.open(f"sqlite:///{data_dir / 'ccrp.db'}")
    assert [d.stage for d in store.dead_letters()] == ["deliver"]
    store.close()
    assert event_id in invoke("deliveries")


def test_new_secret_and_clear_errors(data_dir: Path) -> None:
    assert invoke("deliveries", "new-secret").startswith("whsec_")
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["deliveries", "retry"])
    assert result.exit_code != 0 and "CCRP_WEBHOOK__URL" in result.output
    result = CliRunner().invoke(app, ["deliver"])
    assert result.exit_code != 0 and "CCRP_KAFKA_BOOTSTRAP" in result.output
