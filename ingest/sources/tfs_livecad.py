"""Toronto Fire Services active incidents: ``livecad.xml``.

``<tfs_active_incidents><update_from_db_time/><event><prime_street/><cross_streets/>
<dispatch_time/><event_num/><event_type/><alarm_lev/><beat/><units_disp/></event>...``.
Times are America/Toronto wall-clock; there are no coordinates (the geocoder places
``prime_street`` / ``cross_streets``). Medical calls give only a postal area (``M3J``).
A document without an XML encoding declaration is decoded like any text body (HTTP
charset, else UTF-8, else Windows-1252 with a warning) before it is parsed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from typing import Any

from ingest.base import DocumentCollector
from ingest.errors import ParseError
from ingest.normalise import looks_like_html, parse_time
from ingest.textcodec import xml_declared_encoding
from schemas import RawReport, SourceKind
from schemas.geography import DISTRICT_CODES

FIELDS = (
    "prime_street",
    "cross_streets",
    "dispatch_time",
    "event_num",
    "event_type",
    "alarm_lev",
    "beat",
    "units_disp",
)
# Former-municipality suffixes on prime_street ("CHESSWOOD DR, NY").
DISTRICTS = DISTRICT_CODES


def split_prime_street(value: str) -> tuple[str, str | None]:
    """``"CHESSWOOD DR, NY"`` -> ``("CHESSWOOD DR", "North York")``."""
    street, _, suffix = value.rpartition(",")
    if street and suffix.strip().upper() in DISTRICTS:
        return street.strip(), DISTRICTS[suffix.strip().upper()]
    return value.strip(), None


def livecad_location(prime: str, cross: str) -> tuple[str | None, str | None]:
    """Location text ``"PAPE AVE & LIPTON AVE"`` (first cross street) and the district."""
    street, district = split_prime_street(prime) if prime else ("", None)
    first_cross = cross.split("/")[0].strip() if cross else ""
    if street and first_cross:
        return f"{street} & {first_cross}", district
    return (street or first_cross or None), district


class LivecadCollector(DocumentCollector):
    """TFS active incidents (``kind = "tfs_livecad"``): one report per ``<event>``."""

    kind = "tfs_livecad"
    source_kind = SourceKind.MUNICIPAL

    def parse(self, body: bytes, state: Mapping[str, Any]) -> list[RawReport]:
        if looks_like_html(body):
            raise ParseError(f"{self.source}: got an HTML page instead of livecad XML")
        if xml_declared_encoding(body) is None:
            body = self.decode(body).encode("utf-8")  # undeclared XML is read as UTF-8
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as exc:
            raise ParseError(f"{self.source}: not well-formed XML (truncated?): {exc}") from exc
        if root.tag != "tfs_active_incidents":
            raise ParseError(f"{self.source}: expected <tfs_active_incidents>, got <{root.tag}>")
        events = [
            {name: (event.findtext(name) or "").strip() for name in FIELDS}
            for event in root.iter("event")
        ]
        return self.keep_valid(events, self.event_report)

    def event_report(self, event: dict[str, str]) -> RawReport | None:
        if not event["event_num"]:
            raise ParseError(f"{self.source}: an <event> has no event_num")
        location, district = livecad_location(event["prime_street"], event["cross_streets"])
        event_type = event["event_type"] or "Fire services incident"
        details = [f"Toronto Fire Services: {event_type}"]
        if district:
            details.append(district)
        if event["alarm_lev"] not in ("", "0"):
            details.append(f"alarm level {event['alarm_lev']}")
        if event["units_disp"]:
            units = [unit for unit in event["units_disp"].replace(" ", "").split(",") if unit]
            details.append(f"{len(units)} units dispatched")
        raw: dict[str, Any] = dict(event)
        if district:
            raw["district"] = district
        return self.make_report(
            item_id=event["event_num"],
            title=f"{event_type} at {location}" if location else event_type,
            body=", ".join(details) + ".",
            occurred_at=parse_time(event["dispatch_time"], self.timezone),
            location_text=location,
            source_category=event["event_type"] or None,
            raw=raw,
        )
