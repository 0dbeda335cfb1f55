"""End to end on real parts: the embedded broker, the faust agents, the collectors
against a loopback HTTP server, the SQLite store, and a separate activation consumer."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ccrp.app import build_app
from ccrp.example import serve_example
from ccrp.runjob import Collect, Confirm, Emit, JobSummary, collector_pass, drive_once
from ccrp.runtime import build_stages
from ccrp.settings import KafkaSettings, Settings
from ccrp.transport import KeyedProducer
from schemas import ACTIVATIONS, DEADLETTER, RAW, ActivationType, RawReport, SourceKind
from sinks.store import Store
from tests.ccrp.support import make_settings, read_topic

pytestmark = pytest.mark.broker


def one_pass(
    settings: Settings, kafka: KafkaSettings, store: Store, collect: Collect
) -> JobSummary:
    stages = build_stages(settings, store)
    app = build_app(kafka, stages, store, app_id="ccrp-test")
    return asyncio.run(drive_once(app, kafka, store, collect, timeout_s=120))


def test_collectors_to_activations_exactly_once(kafka: KafkaSettings, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    with serve_example(tmp_path / "example") as sources:
        first = one_pass(settings, kafka, store, collector_pass(settings, sources, store, True))
        assert first.produced >= 10 and first.processed == first.produced
        since = datetime(2000, 1, 1, tzinfo=UTC)
        eligible = {i.incident_id for i in store.recent_incidents(since) if i.ccrp_eligible}
        assert eligible, "the example day holds CCRP-eligible incidents"

        created = Counter(
            e["subject"]
            for e in read_topic(kafka, ACTIVATIONS.name)
            if e["type"] == ActivationType.CREATED
        )
        assert set(created) == eligible
        assert set(created.values()) == {1}

        # The same day again: the collectors see nothing new, nothing is activated twice.
        second = one_pass(settings, kafka, store, collector_pass(settings, sources, store, True))
        assert second.produced == 0
        # A redelivery of already-processed raw reports adds no activation either.
        replayed = [RawReport.model_validate(json.loads(r)) for r in _raw_values(kafka)]

        def redeliver(emit: Emit, confirm: Confirm) -> None:
            for report in replayed:
                emit(report)

        third = one_pass(settings, kafka, store, redeliver)
        assert third.produced == len(replayed)
    again = Counter(
        e["subject"]
        for e in read_topic(kafka, ACTIVATIONS.name)
        if e["type"] == ActivationType.CREATED
    )
    assert again == created
    store.close()


def _raw_values(kafka: KafkaSettings) -> list[bytes]:
    return [json.dumps(v).encode() for v in read_topic(kafka, RAW.name, idle_s=2.0)]


def test_malformed_message_goes_to_dead_letter_and_stream_continues(
    kafka: KafkaSettings, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'ccrp.db'}")
    good = RawReport(
        source="community-test",
        source_kind=SourceKind.COMMUNITY,
        item_id=f"after-poison-{time.time_ns()}",
        title="Residents report a fight between two groups at a park in Regent Park",
        collected_at=datetime.now(UTC),
    )
    poison_key = f"poison:{time.time_ns()}"

    def collect(emit, confirm):  # type: ignore[no-untyped-def]
        producer = KeyedProducer(kafka)
        producer.send_bytes(RAW.name, poison_key, b'{"source": "x", "title": ')
        producer.send_bytes(RAW.name, poison_key + "-2", "\u00e9t\u00e9".encode("latin-1"))
        producer.flush()
        emit(good)

    summary = one_pass(settings, kafka, store, collect)
    assert summary.processed == 1  # the good report, after the poison ones, reached the store
    letters = [d for d in read_topic(kafka, DEADLETTER.name) if d["key"].startswith(poison_key)]
    assert {d["stage"] for d in letters} == {"decode"}
    assert len(letters) == 2
    assert all("invalid RawReport" in d["error"] and d["offset"] is not None for d in letters)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        stored = [d for d in store.dead_letters(limit=100) if (d.key or "").startswith(poison_key)]
        if len(stored) == 2:
            break
        time.sleep(0.2)
    assert len(stored) == 2
    store.close()
