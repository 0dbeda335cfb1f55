"""Helpers shared by the wiring tests: settings on the shared data, a topic reader."""

from __future__ import annotations

import json
import time
from pathlib import Path

from confluent_kafka import Consumer

from ccrp.settings import GeoSettings, KafkaSettings, Settings
from ccrp.transport import client_config
from tests.conftest import SHARED_DATA


def make_settings(data_dir: Path) -> Settings:
    boundaries = SHARED_DATA / "toronto" / "neighbourhoods-158.geojson"
    signals = SHARED_DATA / "toronto" / "traffic-signal-intersections.geojson"
    geo = GeoSettings(
        neighbourhoods_158=str(boundaries) if boundaries.exists() else None,
        intersections=str(signals) if signals.exists() else None,
    )
    return Settings(data_dir=data_dir, geo=geo)


def read_topic(kafka: KafkaSettings, topic: str, idle_s: float = 4.0) -> list[dict]:
    """Everything on a topic, read by a consumer of its own (not the pipeline's group)."""
    consumer = Consumer(
        client_config(kafka)
        | {
            "group.id": f"reader-{time.time_ns()}",
            "auto.offset.reset": "earliest",
            "session.timeout.ms": 6000,
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([topic])
    values, last = [], time.monotonic()
    deadline = time.monotonic() + 60
    while time.monotonic() - last < idle_s and time.monotonic() < deadline:
        msg = consumer.poll(0.2)
        if msg is None or msg.error():
            continue
        values.append(json.loads(msg.value() or b"null"))
        last = time.monotonic()
    consumer.close()
    return values
