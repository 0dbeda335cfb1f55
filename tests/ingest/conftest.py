"""Fixtures of the collector tests: a loopback server, an HTTP client, quick retry settings."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from ccrp.settings import CollectSettings
from ingest.loopback import LoopbackServer
from ingest.state import MemoryStateStore


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as http:
        yield http


@pytest.fixture
def settings() -> CollectSettings:
    """Two retries without waiting: backoff is exercised by the fetch tests' recorded sleeps."""
    return CollectSettings(timeout_s=2.0, retries=2, backoff_s=0.0)


@pytest.fixture
def store() -> MemoryStateStore:
    return MemoryStateStore()
