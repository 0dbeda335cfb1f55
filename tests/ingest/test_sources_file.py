"""Sources files: parsing, relative file:// URLs, clear errors; the shipped files load."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ingest.errors import SourceConfigError, UnknownSourceKind
from ingest.registry import collector_class
from ingest.runner import collect_sources
from ingest.sources_file import load_sources
from ingest.state import MemoryStateStore
from schemas import RawReport

PROJECT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_file_url_resolves_against_the_sources_folder(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[source]]
name = "demo"
kind = "news_rss"
url = "file://feeds/demo.xml"
schedule = "every 2h"
[source.options]
timezone = "America/Toronto"
""",
    )
    [source] = load_sources(path).sources
    assert source.url == (tmp_path / "feeds" / "demo.xml").as_uri()
    assert source.schedule == "every 2h" and source.option("timezone") == "America/Toronto"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('name = "x"\nkind = "news_rss"\nurl = "ftp://example.org/x"', "only http"),
        ('name = "x"\nkind = "news_rss"\nurl = "https://e.org"\nschedule = "weekly"', "schedule"),
        ('name = "Bad Name"\nkind = "news_rss"\nurl = "https://e.org"', "name"),
        ('kind = "news_rss"\nurl = "https://e.org"', "name"),
    ],
)
def test_invalid_entries_name_the_problem(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(SourceConfigError, match=message):
        load_sources(write(tmp_path, f"[[source]]\n{entry}\n"))


def test_duplicate_names_and_unknown_kinds(tmp_path: Path) -> None:
    entry = '[[source]]\nname = "x"\nkind = "news_rss"\nurl = "https://e.org"\n'
    with pytest.raises(SourceConfigError, match="duplicate"):
        load_sources(write(tmp_path, entry * 2))
    with pytest.raises(UnknownSourceKind, match="known kinds"):
        collector_class("telepathy")


def test_shipped_sources_files_name_registered_kinds() -> None:
    for name in ("toronto.toml", "example.toml"):
        config = load_sources(PROJECT / "sources" / name)
        assert config.sources
        for source in config.sources:
            collector_class(source.kind)


def test_offline_example_collects_without_network(client: httpx.Client) -> None:
    config = load_sources(PROJECT / "sources" / "example.toml")
    emitted: list[RawReport] = []

    summary = collect_sources(config, client, MemoryStateStore(), emitted.append, False)

    assert not summary.failed, [run.error for run in summary.failed]
    assert {r.source_kind for r in emitted} == {"police", "news", "municipal", "community"}
