"""Render rows (shared data or invented) into the live formats the collectors read."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

TORONTO = ZoneInfo("America/Toronto")
DISTRICT_CODES = {"North York": "NY", "Scarborough": "SC", "Etobicoke": "ET", "East York": "EY"}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def epoch_ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def call_features(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """TPS calls (shared JSONL shape) as features of the live calls-for-service layer."""
    return [
        {
            "attributes": {
                "OBJECTID": index,
                "OCCURRENCE_TIME": epoch_ms(row["occurred_at"]),
                "DIVISION": row["division"],
                "LATITUDE": row["lat"],
                "LONGITUDE": row["lng"],
                "CALL_TYPE_CODE": row["call_type_code"],
                "CALL_TYPE": row["call_type"],
                "CROSS_STREETS": row["location"],
            },
            "geometry": {"x": row["lng"], "y": row["lat"]},
        }
        for index, row in enumerate(rows, start=1)
    ]


def portal_features(csv_path: Path, last: int) -> list[dict[str, Any]]:
    """The last ``last`` rows of a portal CSV as layer features (dates as epoch ms)."""
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[-last:]
    features = []
    for row in rows:
        attrs: dict[str, Any] = dict(row)
        attrs["OBJECTID"] = int(row["OBJECTID"])
        occurred = datetime.strptime(row["OCC_DATE"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        attrs["OCC_DATE"] = int(occurred.timestamp() * 1000)
        for name in ("OCC_HOUR", "DEATH", "INJURIES"):
            if name in row:
                attrs[name] = int(row[name])
        attrs["LAT_WGS84"], attrs["LONG_WGS84"] = float(row["LAT_WGS84"]), float(row["LONG_WGS84"])
        geometry = {"x": attrs["LONG_WGS84"], "y": attrs["LAT_WGS84"]}
        features.append({"attributes": attrs, "geometry": geometry})
    return features


def rss(items: list[dict[str, Any]], title: str = "Toronto news") -> bytes:
    """RSS 2.0 from items with guid, title, summary, link, published (ISO)."""
    entries = "".join(
        "<item>"
        f"<title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
        f'<guid isPermaLink="false">{escape(item["guid"])}</guid>'
        f"<description>{escape(item['summary'])}</description>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(item['published']))}</pubDate>"
        f"<category>{escape(item.get('category', 'News'))}</category>"
        "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://example.org/</link>{entries}</channel></rss>"
    ).encode()


def atom(items: list[dict[str, Any]], title: str = "Toronto news") -> bytes:
    """Atom 1.0 from the same item shape."""
    entries = "".join(
        "<entry>"
        f"<id>{escape(item['guid'])}</id><title>{escape(item['title'])}</title>"
        f'<link href="{escape(item["link"])}"/>'
        f"<summary>{escape(item['summary'])}</summary>"
        f"<published>{item['published']}</published><updated>{item['published']}</updated>"
        "</entry>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:feed</id><updated>2026-07-17T00:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def livecad(rows: list[dict[str, Any]]) -> bytes:
    """TFS incidents (shared JSONL shape) as ``livecad.xml``, times in Toronto wall-clock."""
    events = []
    for row in rows:
        district, _, place = row["location"].partition(" - ")
        prime, _, cross = place.partition(" & ")
        code = DISTRICT_CODES.get(district)
        prime = f"{prime}, {code}" if code else prime
        local = datetime.fromisoformat(row["dispatch_time"]).astimezone(TORONTO)
        units = row["units"].replace(" ", "")
        events.append(
            f"<event><prime_street>{escape(prime)}</prime_street>"
            f"<cross_streets>{escape(cross)}</cross_streets>"
            f"<dispatch_time>{local:%Y-%m-%d %H:%M:%S}</dispatch_time>"
            f"<event_num>{row['event_num']}</event_num>"
            f"<event_type>{escape(row['event_type'])}</event_type>"
            f"<alarm_lev>0</alarm_lev><beat>{row['beat']}</beat>"
            f"<units_disp>{units}</units_disp></event>"
        )
    return (
        "<tfs_active_incidents><update_from_db_time>2026-07-17 23:59:00</update_from_db_time>"
        + "".join(events)
        + "</tfs_active_incidents>"
    ).encode()


def ckan(result: Any, success: bool = True) -> bytes:
    payload: dict[str, Any] = {"help": "https://example.org/help", "success": success}
    payload["result" if success else "error"] = result
    return json.dumps(payload).encode()
