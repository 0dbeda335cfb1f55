"""Community file drops: CSV and JSON exports read through ``file://``."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from ingest.errors import ParseError
from ingest.normalise import plain
from ingest.sources.community import (
    CommunityFileCollector,
    CommunitySubmission,
    normalise_row,
    to_raw_report,
)
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport, SourceKind
from tests.ingest.runs import run_once
from tests.ingest.strategies import PROPERTY, collector, damaged, ids, json_values, own_errors_only

CSV_EXPORT = """Submission ID,Subject,Details,Date,Address,Latitude,Longitude,Type,Reporter role
sub-1,Group fight outside community centre,Several youths involved,2026-11-03 21:40,\
Regent Park Blvd & Dundas St E,43.6597,-79.3625,community_conflict,outreach worker
sub-2,Gunshots heard near the park,,2026-11-04 01:10,Jane St & Finch Ave W,43.7735,-79.5197,,
sub-3,Bad row,,2026-11-04 02:00,,95,-79.5,,
"""


def drop_source(path: Path) -> SourceConfig:
    return SourceConfig(name="community-eastend", kind="community_file", url=path.as_uri())


def test_csv_export_rows_become_community_reports(
    tmp_path: Path, client: httpx.Client, store: MemoryStateStore
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(CSV_EXPORT, encoding="utf-8")
    emitted: list[RawReport] = []

    summary = run_once([drop_source(path)], client, store, emitted.append)

    run = summary.get("community-eastend")
    assert [r.item_id for r in emitted] == ["sub-1", "sub-2"]
    assert run.ok and any("row 3" in w and "lat" in w for w in run.warnings)
    first = emitted[0]
    assert first.source_kind is SourceKind.COMMUNITY
    assert first.location_text == "Regent Park Blvd & Dundas St E"
    assert first.occurred_at == datetime(2026, 11, 4, 2, 40, tzinfo=UTC)
    assert first.raw["extra"] == {"reporter_role": "outreach worker"}


def test_json_drop_without_ids_is_not_ingested_twice(
    tmp_path: Path, client: httpx.Client, store: MemoryStateStore
) -> None:
    path = tmp_path / "drop.json"
    reports = [{"title": "Swarming reported at a bus stop", "location": "Kipling Stn"}]
    path.write_text(json.dumps({"reports": reports}), encoding="utf-8")
    emitted: list[RawReport] = []
    source = drop_source(path)
    run_once([source], client, store, emitted.append)
    path.write_text(json.dumps(reports) + "\n", encoding="utf-8")

    run_once([source], client, store, emitted.append, force=True)

    assert len(emitted) == 1 and emitted[0].item_id.startswith("sha1:")


def test_column_aliases() -> None:
    fields = normalise_row({"Headline": "x", "LNG": "-79.4", "lat": "43.6", "other": ""})
    assert fields == {"title": "x", "lon": "-79.4", "lat": "43.6"}


def test_values_beyond_the_header_are_kept_and_named(
    tmp_path: Path, client: httpx.Client, store: MemoryStateStore
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "id,title,location,shift\n"
        "r-1,Fight near the library,Queen St W & Bathurst St,night,spare one,spare two\n"
        "r-2,Car break-ins,Dundas St W,day\n",
        encoding="utf-8",
    )
    emitted: list[RawReport] = []

    run = run_once([drop_source(path)], client, store, emitted.append).get("community-eastend")

    assert [r.item_id for r in emitted] == ["r-1", "r-2"]
    assert emitted[0].raw["extra"] == {
        "shift": "night",
        "_extra_values": ["spare one", "spare two"],
    }
    assert any("row 1: 2 values beyond the 4 header columns" in w for w in run.warnings)
    assert any("columns kept in raw.extra only: shift" in w for w in run.warnings)


def test_a_latin1_drop_keeps_its_accents_and_says_how_it_was_read(
    tmp_path: Path, client: httpx.Client, store: MemoryStateStore
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("id,title,location\nr-1,Bagarre près du café,Côte Ave\n".encode("latin-1"))
    emitted: list[RawReport] = []

    run = run_once([drop_source(path)], client, store, emitted.append).get("community-eastend")

    assert emitted[0].title == "Bagarre près du café" and emitted[0].location_text == "Côte Ave"
    assert "\ufffd" not in emitted[0].model_dump_json()
    assert any("not valid utf-8; decoded as cp1252" in w for w in run.warnings)


def test_boolean_coordinates_are_refused_naming_the_row(
    tmp_path: Path, client: httpx.Client, store: MemoryStateStore
) -> None:
    path = tmp_path / "drop.json"
    rows = [
        {"id": "a", "title": "Shots fired", "lat": True, "lon": -79.4},
        {"id": "b", "title": "Shots fired again", "lat": 43.7, "lon": -79.4},
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")
    emitted: list[RawReport] = []

    run = run_once([drop_source(path)], client, store, emitted.append).get("community-eastend")

    assert [r.item_id for r in emitted] == ["b"]
    assert any("row 1" in w and "boolean" in w for w in run.warnings)
    with pytest.raises(ValidationError, match="boolean"):
        CommunitySubmission(title="x", lon=False)


SUBMISSION_FIELDS = sorted(CommunitySubmission.model_fields)
OFFSETS = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
submission_like = st.dictionaries(
    st.sampled_from(SUBMISSION_FIELDS) | st.text(max_size=10), json_values, max_size=8
)
safe_text = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80).filter(
    lambda text: text.strip() != ""
)
valid_submissions = st.builds(
    CommunitySubmission,
    id=st.none() | ids,
    title=safe_text,
    description=st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    # As an ISO string in JSON carries it: whole-minute offsets (not the seconds of old LMT).
    occurred_at=st.none() | st.datetimes(timezones=st.none() | st.sampled_from(OFFSETS)),
    location=st.none() | safe_text,
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    category=st.none() | safe_text,
    extra=st.dictionaries(st.text(max_size=10), json_values, max_size=4),
)


@PROPERTY
@given(document=submission_like | json_values)
def test_any_submission_is_accepted_or_refused_by_validation(document: Any) -> None:
    try:
        submission = CommunitySubmission.model_validate(document)
    except ValidationError:
        return
    report = to_raw_report(submission, "community-x", datetime(2026, 1, 1, tzinfo=UTC), "UTC")
    assert RawReport.model_validate_json(report.model_dump_json()) == report


@PROPERTY
@given(submission=valid_submissions)
def test_valid_submissions_round_trip(submission: CommunitySubmission) -> None:
    assert CommunitySubmission.model_validate_json(submission.model_dump_json()) == submission
    report = to_raw_report(submission, "community-x", datetime(2026, 1, 1, tzinfo=UTC), "UTC")
    assert (report.title, report.lat, report.lon) == (  # text made printable, as collected
        plain(submission.title),
        submission.lat,
        submission.lon,
    )


def _csv(rows: list[CommunitySubmission]) -> bytes:
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(["id", "title", "details", "address", "latitude", "longitude"])
    for row in rows:
        writer.writerow([row.id, row.title, row.description, row.location, row.lat, row.lon])
    return handle.getvalue().encode("utf-8")


drops = st.lists(valid_submissions, min_size=1, max_size=5).map(
    lambda rows: [row.model_copy(update={"id": f"r{n}"}) for n, row in enumerate(rows)]
)


@PROPERTY
@given(body=st.binary(max_size=1500) | damaged(drops.map(_csv)))
@example(body=b'[{"title": "x", "lat": ' + b"9" * 5000 + b"}]")
@example(body=b"id,title\n" + b"r1,x" + b"," * 5000 + b"\n")
def test_any_drop_gives_rows_or_a_parse_error(body: bytes) -> None:
    source = collector(CommunityFileCollector)
    assert isinstance(own_errors_only(lambda: source.parse(body, {})), list | ParseError)


@PROPERTY
@given(rows=drops)
def test_a_valid_csv_drop_round_trips(rows: list[CommunitySubmission]) -> None:
    reports = collector(CommunityFileCollector).parse(_csv(rows), {})
    assert [r.item_id for r in reports] == [row.id for row in rows]
    assert [r.title for r in reports] == [plain(row.title) for row in rows]
    assert [(r.lat, r.lon) for r in reports] == [(row.lat, row.lon) for row in rows]
