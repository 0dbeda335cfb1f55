"""Toronto Fire livecad.xml: the raw capture and the shared incidents rendered as livecad."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.errors import ParseError
from ingest.loopback import LoopbackServer, Reply
from ingest.sources.tfs_livecad import LivecadCollector, livecad_location
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport, SourceKind
from tests.conftest import shared_path
from tests.ingest.render import livecad, read_jsonl
from tests.ingest.runs import run_once
from tests.ingest.strategies import PROPERTY, collector, damaged, ids, own_errors_only, xml_text


def tfs_source(server: LoopbackServer) -> SourceConfig:
    return SourceConfig(name="tfs", kind="tfs_livecad", url=server.url("/data/fire/livecad.xml"))


def test_raw_capture_is_parsed_with_local_times(
    server: LoopbackServer, client: httpx.Client
) -> None:
    body = shared_path("feeds/tfs-livecad-2018-10-03.xml").read_bytes()
    server.routes["/data/fire/livecad.xml"] = lambda _r: Reply(body=body)

    batches = LivecadCollector(tfs_source(server), client).collect({})
    reports = [r for batch in batches for r in batch.reports]

    assert len(reports) == 5
    alarm = next(r for r in reports if r.item_id == "F18106188")
    assert alarm.location_text == "CHESSWOOD DR & STEEPROCK DR"
    assert alarm.raw["district"] == "North York"
    assert alarm.occurred_at == datetime(2018, 10, 3, 14, 51, 18, tzinfo=UTC)
    assert alarm.source_kind is SourceKind.MUNICIPAL
    assert alarm.source_category == "Alarm Commercial/Industrial"
    medical = next(r for r in reports if r.item_id == "F18106185")
    assert medical.location_text == "M3J" and medical.lat is None


def test_shared_incidents_rendered_as_livecad_then_no_duplicates(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    rows = read_jsonl(shared_path("feeds/tfs-incidents-2026-07-11_17.jsonl"))
    server.routes["/data/fire/livecad.xml"] = lambda _r: Reply(body=livecad(rows))
    emitted: list[RawReport] = []
    run_once([tfs_source(server)], client, store, emitted.append)

    run_once([tfs_source(server)], client, store, emitted.append, force=True)

    assert len(emitted) == len({r["event_num"] for r in rows})
    row = rows[0]
    report = next(r for r in emitted if r.item_id == row["event_num"])
    assert report.occurred_at == datetime.fromisoformat(row["dispatch_time"])
    assert report.location_text == row["location"].partition(" - ")[2]
    assert report.source_category == row["event_type"]


def test_truncated_xml_is_a_parse_error(server: LoopbackServer, client: httpx.Client) -> None:
    body = shared_path("feeds/tfs-livecad-2018-10-03.xml").read_bytes()[:700]
    server.routes["/data/fire/livecad.xml"] = lambda _r: Reply(body=body)

    with pytest.raises(ParseError, match="truncated"):
        list(LivecadCollector(tfs_source(server), client).collect({}))


def test_location_from_prime_and_cross_streets() -> None:
    location = livecad_location("PAPE AVE", "LIPTON AVE / DANFORTH AVE")
    assert location == ("PAPE AVE & LIPTON AVE", None)
    assert livecad_location("KENNEDY RD, SC", "") == ("KENNEDY RD", "Scarborough")
    assert livecad_location("", "") == (None, None)


def test_undeclared_latin1_xml_is_read_with_a_warning(
    server: LoopbackServer, client: httpx.Client
) -> None:
    body = (
        "<tfs_active_incidents><event><prime_street>RUE SAINT-ANDRÉ</prime_street>"
        "<cross_streets>CÔTE ST</cross_streets><dispatch_time>2026-11-02 10:00:00</dispatch_time>"
        "<event_num>F26000001</event_num><event_type>Fire - Residential</event_type>"
        "</event></tfs_active_incidents>"
    ).encode("latin-1")
    server.routes["/data/fire/livecad.xml"] = lambda _r: Reply(body=body)
    collector = LivecadCollector(tfs_source(server), client)

    reports = [r for batch in collector.collect({}) for r in batch.reports]

    assert reports[0].location_text == "RUE SAINT-ANDRÉ & CÔTE ST"
    assert any("decoded as cp1252" in w for w in collector.warnings)


livecad_events = st.lists(
    st.fixed_dictionaries(
        {"event_num": ids, "event_type": xml_text, "prime_street": xml_text, "cross": xml_text}
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda event: event["event_num"],
)


def _livecad(events: list[dict[str, str]]) -> bytes:
    return (
        "<tfs_active_incidents><update_from_db_time>2026-11-02 10:00:00</update_from_db_time>"
        + "".join(
            f"<event><prime_street>{e['prime_street']}</prime_street>"
            f"<cross_streets>{e['cross']}</cross_streets>"
            "<dispatch_time>2026-11-02 09:58:00</dispatch_time>"
            f"<event_num>{e['event_num']}</event_num><event_type>{e['event_type']}</event_type>"
            "<alarm_lev>0</alarm_lev><beat>11</beat><units_disp>P1</units_disp></event>"
            for e in events
        )
        + "</tfs_active_incidents>"
    ).encode()


@PROPERTY
@given(body=st.binary(max_size=2000) | damaged(livecad_events.map(_livecad)))
def test_any_bytes_give_events_or_a_parse_error(body: bytes) -> None:
    result = own_errors_only(lambda: collector(LivecadCollector).parse(body, {}))
    assert isinstance(result, ParseError | list)


@PROPERTY
@given(events=livecad_events)
def test_valid_livecad_round_trips(events: list[dict[str, str]]) -> None:
    reports = collector(LivecadCollector).parse(_livecad(events), {})
    assert [r.item_id for r in reports] == [e["event_num"] for e in events]
    assert [r.source_category for r in reports] == [e["event_type"].strip() for e in events]
    assert all(r.occurred_at == datetime(2026, 11, 2, 14, 58, tzinfo=UTC) for r in reports)
