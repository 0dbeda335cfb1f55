"""Database URLs, error translation and URL normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from sinks import Store
from sinks.engine import parse_database_url
from sinks.errors import StoreConfigError, StoreError, StoreUnavailableError
from sinks.urls import normalize_url


def test_bad_urls_are_config_errors() -> None:
    with pytest.raises(StoreConfigError):
        Store("not a url")
    with pytest.raises(StoreConfigError):
        Store("mysql://localhost/db")


def test_bare_postgres_url_uses_psycopg() -> None:
    assert parse_database_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


def test_unmigrated_database_gives_a_store_error(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(StoreError, match="migrated"):
        store.get_incident("x")
    store.close()


def test_unreachable_server_is_unavailable() -> None:
    store = Store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StoreUnavailableError):
        store.get_incident("x")
    store.close()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://WWW.CBC.ca/news/a/?utm_source=rss&b=2&a=1#top", "https://cbc.ca/news/a?a=1&b=2"),
        (
            "https://toronto.citynews.ca:443/2026/07/15/x/",
            "https://toronto.citynews.ca/2026/07/15/x",
        ),
        ("https://example.org:8443/", "https://example.org:8443/"),
        ("  ", None),
        (None, None),
        ("urn:guid:ABC", "urn:guid:abc"),
    ],
)
def test_normalize_url(raw: str | None, expected: str | None) -> None:
    assert normalize_url(raw) == expected
    assert normalize_url(expected) == expected
