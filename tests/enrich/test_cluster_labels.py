"""The hand-made incident clusters: label file shape, and agreement with the shared reports."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from schemas.taxonomy import ALL_TYPES
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = ROOT / "enrich" / "data" / "labels" / "clusters-2026-07-09_17.jsonl"
NEWS_LABELS = ROOT / "classify" / "data" / "labels" / "news-2026-07-09_17.jsonl"
REQUIRED = {"cluster", "day", "members", "links", "types", "in_area", "why", "confidence"}
OPTIONAL = {"occurred"}
STRUCTURED = ("tps-calls:", "tfs:")
LOCAL = ZoneInfo("America/Toronto")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def news_members(row: dict) -> list[str]:
    return [m for m in row["members"] if not m.startswith(STRUCTURED)]


def test_cluster_file_shape() -> None:
    rows = read_jsonl(CLUSTERS)
    assert [r["cluster"] for r in rows] == [f"c{i:03d}" for i in range(1, len(rows) + 1)]
    for row in rows:
        assert REQUIRED <= set(row) <= REQUIRED | OPTIONAL, row["cluster"]
        assert re.fullmatch(r"2026-07-(09|1[0-7])", row["day"]), row["cluster"]
        assert row["confidence"] in {"certain", "likely"}
        assert row["types"] and set(row["types"]) <= set(ALL_TYPES) - {"not_incident"}
        assert isinstance(row["in_area"], bool) and row["why"].strip()
        assert news_members(row), f"{row['cluster']} has no news item"
        linked = [link["report_id"] for link in row["links"]]
        assert all(link["confidence"] in {"certain", "likely"} for link in row["links"])
        assert all(link["why"].strip() for link in row["links"])
        assert row["members"] == news_members(row) + linked, row["cluster"]
        assert row["in_area"] or not linked, f"{row['cluster']} links a Toronto call out of area"
    every = [m for row in rows for m in row["members"]]
    assert len(every) == len(set(every)), "a report sits in two clusters"


def test_every_incident_story_is_in_exactly_one_cluster() -> None:
    news_file = shared_path("news/toronto-news-2026-07-09_17.jsonl")
    items = {}
    for line in news_file.open(encoding="utf-8"):
        item = json.loads(line)
        items[item["guid"]] = f"{item['source']}:{item['guid']}"
    labels = {row["guid"]: row for row in read_jsonl(NEWS_LABELS)}
    incident = {items[g] for g, row in labels.items() if row["types"] != ["not_incident"]}
    clustered = [m for row in read_jsonl(CLUSTERS) for m in news_members(row)]
    assert sorted(clustered) == sorted(incident)
    by_report = {items[g]: row for g, row in labels.items()}
    for row in read_jsonl(CLUSTERS):
        assert {by_report[m]["in_area"] for m in news_members(row)} == {row["in_area"]}


def structured_times() -> dict[str, datetime]:
    times = {}
    calls = shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl")
    for line in calls.open(encoding="utf-8"):
        call = json.loads(line)
        times[f"tps-calls:{call['event_id']}"] = datetime.fromisoformat(call["occurred_at"])
    fires = shared_path("feeds/tfs-incidents-2026-07-11_17.jsonl")
    for line in fires.open(encoding="utf-8"):
        fire = json.loads(line)
        times[f"tfs:{fire['event_num']}"] = datetime.fromisoformat(fire["dispatch_time"])
    return times


def test_linked_calls_exist_and_fall_on_the_incident_day() -> None:
    times = structured_times()
    for row in read_jsonl(CLUSTERS):
        start = datetime.fromisoformat(row["day"]).replace(tzinfo=LOCAL)
        for link in row["links"]:
            at = times[link["report_id"]]
            assert start <= at < start + timedelta(days=1, hours=6), link["report_id"]


WORDS = re.compile(r"[a-z0-9']+")


def five_word_runs(text: str) -> set[tuple[str, ...]]:
    tokens = WORDS.findall(text.lower())
    return {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}


def test_notes_copy_no_publisher_text() -> None:
    news_file = shared_path("news/toronto-news-2026-07-09_17.jsonl")
    published: set[tuple[str, ...]] = set()
    for line in news_file.open(encoding="utf-8"):
        item = json.loads(line)
        published |= five_word_runs(f"{item['title']} {item['summary']}")
    for row in read_jsonl(CLUSTERS):
        for note in [row["why"], *(link["why"] for link in row["links"])]:
            copied = five_word_runs(note) & published
            assert not copied, f"{row['cluster']} repeats publisher wording: {sorted(copied)[0]}"
