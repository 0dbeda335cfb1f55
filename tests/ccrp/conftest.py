"""Fixtures of the wiring tests: an embedded broker per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ccrp.broker import EmbeddedBroker
from ccrp.settings import KafkaSettings
from ccrp.transport import create_topics


@pytest.fixture(scope="module")  # one broker per module: topics are shared state
def kafka() -> Iterator[KafkaSettings]:
    broker = EmbeddedBroker.start()
    settings = KafkaSettings(bootstrap=broker.bootstrap, partitions=2)
    create_topics(settings)
    yield settings
    broker.stop()
