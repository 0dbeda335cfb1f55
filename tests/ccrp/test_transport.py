"""The topic codec: round trips, and clear reasons for bad bytes."""

from __future__ import annotations

import pytest

from ccrp.errors import DecodeError
from ccrp.transport import decode, encode
from schemas import RawReport, SourceKind


def make_report(**overrides: object) -> RawReport:
    fields: dict[str, object] = {
        "source": "tps-calls",
        "source_kind": SourceKind.POLICE,
        "item_id": "E1",
        "title": "Shooting at JANE ST - FINCH AVE W",
        "collected_at": "2026-07-12T03:00:00+00:00",
    }
    fields.update(overrides)
    return RawReport.model_validate(fields)


def test_round_trip_keeps_every_field() -> None:
    report = make_report(lat=43.75, lon=-79.52, raw={"call_type_code": "SHO"})
    assert decode(RawReport, encode(report)) == report


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{not json", "invalid RawReport"),
        (b'{"source": "x"}', "source_kind"),
        (b"\xff\xfe\x00garbage", "invalid RawReport"),
        (None, "empty message value"),
    ],
)
def test_bad_bytes_name_the_problem(payload: bytes | None, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(RawReport, payload)


def test_absurd_coordinates_are_rejected_with_the_field_named() -> None:
    bad = encode(make_report()).replace(b'"lat":null', b'"lat":4375.0')
    with pytest.raises(DecodeError, match="lat"):
        decode(RawReport, bad)


def test_source_ids_are_normalised() -> None:
    assert make_report(source="CityNews").report_id == "citynews:E1"
