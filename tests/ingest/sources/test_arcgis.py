"""ArcGIS query pages: any response gives reports or a collector error; valid pages round-trip."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from ingest.errors import CollectError
from ingest.sources.arcgis import parse_arcgis_json
from ingest.sources.tps_calls import TPSCallsCollector
from ingest.sources.tps_portal import TPSPortalCollector
from tests.ingest.strategies import (
    PROPERTY,
    collector,
    damaged,
    json_bytes,
    json_values,
    own_errors_only,
    served_file,
)

CALL_FIELDS = ("OBJECTID", "OCCURRENCE_TIME", "CALL_TYPE_CODE", "CALL_TYPE", "CROSS_STREETS")
PORTAL_FIELDS = ("EVENT_UNIQUE_ID", "OCC_DATE", "OCC_HOUR", "HOMICIDE_TYPE", "NEIGHBOURHOOD_158")
attributes = st.dictionaries(
    st.sampled_from(CALL_FIELDS + PORTAL_FIELDS + ("LATITUDE", "LONGITUDE", "DIVISION")),
    json_values,
    max_size=8,
)
features = st.lists(
    st.fixed_dictionaries({"attributes": attributes}, optional={"geometry": json_values})
    | json_values,
    max_size=6,
)
pages = st.fixed_dictionaries(
    {"features": features},
    optional={"exceededTransferLimit": json_values, "error": json_values, "count": json_values},
)
bodies = st.binary(max_size=1000) | json_bytes() | damaged(json_bytes(pages))


def collect(kind: type, body: bytes, **options: Any) -> Any:
    with served_file("query", body) as folder:
        source = collector(kind, folder + "query", since="2026-01-01", **options)
        return own_errors_only(lambda: [r for batch in source.collect({}) for r in batch.reports])


@PROPERTY
@given(body=bodies)
@example(body=b'{"features": [{"attributes": {"OBJECTID": ' + b"9" * 5000 + b"}}]}")
@example(body=b"[" * 100_000)
def test_any_response_gives_reports_or_a_collector_error(body: bytes) -> None:
    assert isinstance(own_errors_only(lambda: parse_arcgis_json(body, "p")), dict | CollectError)
    assert isinstance(collect(TPSCallsCollector, body), list | CollectError)
    portal = collect(TPSPortalCollector, body, layer="homicides")
    assert isinstance(portal, list | CollectError)


call_rows = st.lists(
    st.fixed_dictionaries(
        {
            "OBJECTID": st.integers(1, 10**6),
            "OCCURRENCE_TIME": st.integers(1_700_000_000_000, 1_900_000_000_000),
            "CALL_TYPE_CODE": st.sampled_from(["SHO", "STA", "UNKTR"]),
            "CALL_TYPE": st.sampled_from(["Shooting", "Stabbing", "Unknown Trouble"]),
            "CROSS_STREETS": st.text("ABCDEFGHIJ ", min_size=1, max_size=30),
            "DIVISION": st.sampled_from(["D11", "D52"]),
            "LATITUDE": st.floats(43.5, 43.9),
            "LONGITUDE": st.floats(-79.7, -79.1),
        }
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda row: (row["OCCURRENCE_TIME"], row["CROSS_STREETS"]),
)


@PROPERTY
@given(rows=call_rows)
def test_a_valid_page_round_trips(rows: list[dict[str, Any]]) -> None:
    page = {"features": [{"attributes": row} for row in rows], "exceededTransferLimit": False}
    reports = collect(TPSCallsCollector, json.dumps(page).encode())
    assert isinstance(reports, list) and len(reports) == len(rows)
    assert [(r.lat, r.lon) for r in reports] == [(x["LATITUDE"], x["LONGITUDE"]) for x in rows]
    assert [r.source_category for r in reports] == [x["CALL_TYPE_CODE"] for x in rows]
    assert [r.raw["OBJECTID"] for r in reports] == [x["OBJECTID"] for x in rows]
