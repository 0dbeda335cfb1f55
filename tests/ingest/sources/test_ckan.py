"""The CKAN datastore poller against invented CKAN JSON (package_show, datastore_search)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.errors import CollectError, FetchError
from ingest.loopback import LoopbackServer, Reply, Request
from ingest.sources.ckan import CKANCollector, ckan_result
from ingest.sources_file import SourceConfig
from ingest.state import MemoryStateStore
from schemas import RawReport
from tests.ingest.render import ckan
from tests.ingest.runs import run_once
from tests.ingest.strategies import (
    PROPERTY,
    collector,
    damaged,
    json_bytes,
    json_values,
    own_errors_only,
    served_file,
)

RECORDS: list[dict[str, Any]] = [
    {
        "_id": index,
        "Incident_Number": f"F2610{index:04d}",
        "TFS_Alarm_Time": f"2026-11-{10 + index:02d}T2{index % 4}:15:00",
        "Final_Incident_Type": "01 - Fire" if index % 2 else "03 - NO LOSS OUTDOOR fire",
        "Intersection": f"QUEEN ST W / BATHURST ST #{index}",
        "Latitude": 43.6477 + index / 10_000,
        "Longitude": -79.4034,
    }
    for index in range(1, 6)
]


def datastore(records: list[dict[str, Any]]) -> Any:
    def search(request: Request) -> Reply:
        ordered = sorted(records, key=lambda r: r["TFS_Alarm_Time"], reverse=True)
        offset, limit = int(request.params["offset"]), int(request.params["limit"])
        page = ordered[offset : offset + limit]
        return Reply(body=ckan({"records": page, "total": len(records), "limit": limit}))

    return search


def ckan_source(server: LoopbackServer) -> SourceConfig:
    return SourceConfig(
        name="tfs-fire-incidents",
        kind="ckan",
        url=server.url("/api/3/action/"),
        options={
            "package": "fire-incidents",
            "id_field": "Incident_Number",
            "title_field": "Final_Incident_Type",
            "time_field": "TFS_Alarm_Time",
            "location_field": "Intersection",
            "lat_field": "Latitude",
            "lon_field": "Longitude",
            "category_field": "Final_Incident_Type",
            "page_size": 2,
        },
    )


def test_pages_the_datastore_and_stops_at_the_last_run(
    server: LoopbackServer, client: httpx.Client, store: MemoryStateStore
) -> None:
    package = {
        "resources": [
            {"id": "csv-1", "datastore_active": False},
            {"id": "res-42", "datastore_active": True},
        ]
    }
    server.routes["/api/3/action/package_show"] = lambda _r: Reply(body=ckan(package))
    server.routes["/api/3/action/datastore_search"] = datastore(RECORDS)
    emitted: list[RawReport] = []
    run_once([ckan_source(server)], client, store, emitted.append)
    searches = [r for r in server.requests if r.path.endswith("datastore_search")]
    assert [r.params["offset"] for r in searches] == ["0", "2", "4"]
    assert {r.params["resource_id"] for r in searches} == {"res-42"}
    server.requests.clear()
    newer = {
        **RECORDS[0],
        "_id": 9,
        "Incident_Number": "F26109999",
        "TFS_Alarm_Time": "2026-11-30T08:00:00",
    }
    server.routes["/api/3/action/datastore_search"] = datastore([*RECORDS, newer])

    run_once([ckan_source(server)], client, store, emitted.append, force=True)

    assert [r.item_id for r in emitted][-1] == "F26109999" and len(emitted) == 6
    # The second page reaches rows older than the last run's newest: paging stops there.
    assert len([r for r in server.requests if r.path.endswith("datastore_search")]) == 2
    report = emitted[0]
    assert report.location_text and report.lat and report.occurred_at is not None
    assert json.dumps(report.raw)


def test_ckan_success_false_is_an_error(server: LoopbackServer, client: httpx.Client) -> None:
    error = {"__type": "Not Found Error", "message": "Not found"}
    server.routes["/api/3/action/package_show"] = lambda _r: Reply(body=ckan(error, False))

    with pytest.raises(FetchError, match="Not Found"):
        list(CKANCollector(ckan_source(server), client).collect({}))


OPTIONS = {
    "resource_id": "r1",
    "id_field": "Incident_Number",
    "title_fields": ["Final_Incident_Type", "Intersection"],
    "body_fields": ["Final_Incident_Type"],
    "time_field": "TFS_Alarm_Time",
    "location_field": "Intersection",
    "lat_field": "Latitude",
    "lon_field": "Longitude",
    "category_field": "Final_Incident_Type",
}
records = st.lists(
    st.dictionaries(st.sampled_from(sorted(RECORDS[0])), json_values, max_size=7) | json_values,
    max_size=6,
)
responses = st.fixed_dictionaries(
    {"success": json_values, "result": json_values | st.fixed_dictionaries({"records": records})},
    optional={"error": json_values, "help": json_values},
)


def collect_body(body: bytes) -> Any:
    with served_file("datastore_search", body) as folder:
        source = collector(CKANCollector, folder, **OPTIONS)
        return own_errors_only(lambda: [r for batch in source.collect({}) for r in batch.reports])


@PROPERTY
@given(body=st.binary(max_size=1000) | json_bytes() | damaged(json_bytes(responses)))
def test_any_response_gives_records_or_a_collector_error(body: bytes) -> None:
    assert isinstance(own_errors_only(lambda: ckan_result(body, "p")), dict | CollectError)
    assert isinstance(collect_body(body), list | CollectError)


@PROPERTY
@given(
    picked=st.lists(st.sampled_from(RECORDS), min_size=1, max_size=5, unique_by=lambda r: r["_id"])
)
def test_valid_records_round_trip(picked: list[dict[str, Any]]) -> None:
    body = ckan({"records": picked, "total": len(picked)})
    reports = collect_body(body)
    assert isinstance(reports, list)
    assert [r.item_id for r in reports] == [r["Incident_Number"] for r in picked]
    assert [r.location_text for r in reports] == [r["Intersection"] for r in picked]
    assert [r.lat for r in reports] == [r["Latitude"] for r in picked]
