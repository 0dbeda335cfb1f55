"""Fixtures of the wiring tests: an embedded broker per test module, a store of real feeds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from ccrp.broker import EmbeddedBroker
from ccrp.cli import _register_all, app
from ccrp.settings import KafkaSettings, Settings, get_settings
from ccrp.transport import create_topics
from tests.ccrp.support import make_settings
from tests.conftest import shared_path


@pytest.fixture(scope="module")  # one broker per module: topics are shared state
def kafka() -> Iterator[KafkaSettings]:
    broker = EmbeddedBroker.start()
    settings = KafkaSettings(bootstrap=broker.bootstrap, partitions=2)
    create_topics(settings)
    yield settings
    broker.stop()


@dataclass(frozen=True)
class DevStore:
    """A store filled by ``ccrp process --store`` from the real feeds, and its settings."""

    settings: Settings
    env: dict[str, str | None]


def dev_feed_lines() -> list[str]:
    """News of 9-13 July, the TPS calls and the TFS incidents, in the order they happened."""
    news = shared_path("news/toronto-news-2026-07-09_17.jsonl")
    calls = shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl")
    fires = shared_path("feeds/tfs-incidents-2026-07-11_17.jsonl")
    timed = []
    for path, field in ((news, "published"), (calls, "occurred_at"), (fires, "dispatch_time")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if path is news and not "2026-07-09" <= row[field][:10] <= "2026-07-13":
                continue
            timed.append((row[field], line))
    return [line for _, line in sorted(timed)]


@pytest.fixture(scope="session")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> DevStore:
    folder = tmp_path_factory.mktemp("dev-store")
    feeds = folder / "feeds.jsonl"
    feeds.write_text("\n".join(dev_feed_lines()) + "\n", encoding="utf-8")
    settings = make_settings(folder / "var")
    env = {
        "CCRP_DATA_DIR": str(settings.data_dir),
        "CCRP_DB_URL": None,
        "CCRP_GEO__NEIGHBOURHOODS_158": settings.geo.neighbourhoods_158,
        "CCRP_GEO__INTERSECTIONS": settings.geo.intersections,
    }
    invoke_cli(env, "process", "-i", str(feeds), "-o", str(folder / "out.jsonl"), "--store")
    return DevStore(settings, env)


def invoke_cli(env: dict[str, str | None], *args: str) -> str:
    """Run ``ccrp ARGS`` in-process with ``env``; its standard output."""
    _register_all()
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **env})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return result.stdout
