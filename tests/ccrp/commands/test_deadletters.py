"""``ccrp deadletters``: list by reason and time, replay once the cause is fixed."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from typer.testing import CliRunner

from ccrp.commands.deadletters import register
from ccrp.settings import KafkaSettings, get_settings
from ccrp.transport import client_config, create_topics
from schemas import RAW, DeadLetter, RawReport, SourceKind
from schemas.topics import TopicSpec
from sinks.store import Store

pytestmark = pytest.mark.broker
NOW = datetime.now(UTC)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("CCRP_DATA_DIR", str(tmp_path / "var"))
    for name in ("CCRP_DB_URL", "CCRP_KAFKA_BOOTSTRAP"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    app = typer.Typer()
    register(app)
    yield app
    get_settings.cache_clear()


def call(n: int) -> RawReport:
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=f"dl-{n}",
        title="Stabbing at QUEEN ST W - SPADINA AVE",
        occurred_at=NOW - timedelta(hours=2),
        published_at=NOW - timedelta(hours=2),
        location_text="QUEEN ST W - SPADINA AVE",
        lat=43.6487,
        lon=-79.3962,
        source_category="STA",
        collected_at=NOW - timedelta(hours=1),
    )


def letter(offset: int, stage: str, error_type: str, value: bytes, key: str) -> DeadLetter:
    return DeadLetter(
        key=key,
        value_b64=base64.b64encode(value).decode(),
        topic=RAW.name,
        partition=0,
        offset=offset,
        stage=stage,
        error="the geocoder raised" if stage == "enrich" else "invalid RawReport: title",
        error_type=error_type,
        failed_at=NOW - timedelta(minutes=offset),
    )


def invoke(app: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_list_by_reason_then_replay_is_idempotent(cli: typer.Typer, tmp_path: Path) -> None:
    reports = [call(1), call(2)]
    with Store.open(get_settings().database_url) as store:
        store.record_dead_letters(
            [
                letter(
                    1,
                    "enrich",
                    "GeocoderError",
                    reports[0].model_dump_json().encode(),
                    reports[0].report_id,
                ),
                letter(
                    2,
                    "enrich",
                    "GeocoderError",
                    reports[1].model_dump_json().encode(),
                    reports[1].report_id,
                ),
                letter(3, "decode", "DecodeError", b"{not json", "bad"),
            ]
        )
    listing = invoke(cli, "deadletters")
    assert "GeocoderError" in listing and "DecodeError" in listing
    assert "enrich" in invoke(cli, "deadletters", "--stage", "enrich")

    out = invoke(cli, "deadletters", "replay", "--stage", "enrich")
    assert "2 reports run through the pipeline again" in out
    with Store(get_settings().database_url) as store:
        assert store.processed_ids({r.report_id for r in reports}) == {r.report_id for r in reports}
        assert not store.find_dead_letters(stage="enrich")  # both marked replayed
        first = {r.report_id: store.get_report_incident(r.report_id) for r in reports}

    assert "0 selected" in invoke(cli, "deadletters", "replay", "--stage", "enrich", "--dry-run")
    invoke(cli, "deadletters", "replay", "--stage", "enrich", "--again")
    with Store(get_settings().database_url) as store:
        assert {r.report_id: store.get_report_incident(r.report_id) for r in reports} == first
        with store.engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM activations").scalar()
        assert count == 1, "the replayed stabbing is activated once, whatever the replays"

    skipped = invoke(cli, "deadletters", "replay", "--stage", "decode")
    assert "not replayable" in skipped


def test_on_a_cluster_a_selection_goes_back_to_its_topic_as_it_was(
    cli: typer.Typer, kafka: KafkaSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCRP_KAFKA_BOOTSTRAP", kafka.bootstrap or "")
    topic = f"replay-{time.time_ns()}"  # a topic of its own: the module's broker is shared
    create_topics(kafka, [TopicSpec(topic, "source:item_id", RawReport)])
    bad = letter(7, "decode", "DecodeError", b"{not json", "bad-7")
    geocoder = letter(8, "enrich", "GeocoderError", call(8).model_dump_json().encode(), "dl-8")
    with Store.open(get_settings().database_url) as store:
        store.record_dead_letters([d.model_copy(update={"topic": topic}) for d in (bad, geocoder)])
    assert "1 selected" in invoke(cli, "deadletters", "replay", "--stage", "enrich", "--dry-run")
    out = invoke(cli, "deadletters", "replay", "--stage", "enrich")
    assert "1 messages sent back to their topics" in out
    [sent] = read_raw(kafka, topic)
    assert sent == (b"dl-8", geocoder.value), "the original key and bytes"
    assert "0 selected" in invoke(cli, "deadletters", "replay", "--stage", "enrich")
    with Store(get_settings().database_url) as store:
        assert [d.letter.key for d in store.find_dead_letters()] == ["bad-7"]


def read_raw(kafka: KafkaSettings, topic: str) -> list[tuple[bytes | None, bytes | None]]:
    """Every message of the topic, read from the beginning of each partition."""
    consumer = Consumer(client_config(kafka) | {"group.id": f"r-{time.time_ns()}"})
    partitions = range(kafka.partitions)
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    found: list[tuple[bytes | None, bytes | None]] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(found) < 2:
        msg = consumer.poll(0.5)
        if msg is not None and not msg.error():
            found.append((msg.key(), msg.value()))
        elif msg is None and found:
            break
    consumer.close()
    return found
