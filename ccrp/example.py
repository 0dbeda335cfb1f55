"""An offline example day: recorded payloads in the live formats, timed relative to now.

The items are written for this project (not copied from any feed) in the styles of the
real sources: a news RSS 2.0 feed, the TPS calls-for-service ArcGIS layer, and the TFS
``livecad.xml``. ``serve_example`` puts them on a loopback HTTP server; the integration
tests and ``ccrp run --once --example`` collect from it with the real collectors.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

# (minutes before now, guid, title, summary)
NEWS = [
    (
        200,
        "ex-101",
        "Man critically injured in shooting near Jane and Finch",
        "A man in his 20s was rushed to hospital with life-threatening injuries after a shooting "
        "near Jane Street and Finch Avenue West, Toronto police say.",
    ),
    (
        150,
        "ex-102",
        "Teen stabbed near Dundas and Sherbourne",
        "A 17-year-old boy was taken to hospital after he was stabbed near Dundas Street East and "
        "Sherbourne Street, police said.",
    ),
    (
        90,
        "ex-103",
        "Man seriously hurt in North York shooting, police say",
        "Police say a man was found with gunshot wounds in the Jane and Finch area. No arrests.",
    ),
    (
        300,
        "ex-104",
        "City council approves new bike lanes on Bloor Street",
        "Council voted 19-6 to make the Bloor Street West bike lanes permanent.",
    ),
    (
        240,
        "ex-105",
        "Man shot in Brampton plaza, Peel police say",
        "Peel Regional Police say a man was shot in a plaza parking lot in Brampton.",
    ),
    (
        360,
        "ex-106",
        "Suspect charged in connection with March shooting in Scarborough",
        "Toronto police have charged a 22-year-old man with attempted murder in connection with "
        "a shooting on March 3.",
    ),
    (
        480,
        "ex-107",
        "Raptors guard shot 40 per cent from three in win over Boston",
        "The Raptors shot the lights out on Friday night at Scotiabank Arena.",
    ),
]
# (minutes before now, code, call type, cross streets, division, lat, lon)
CALLS = [
    (210, "SHO", "Shooting", "JANE ST - FINCH AVE W", "D31", 43.7587, -79.5197),
    (160, "STA", "Stabbing", "DUNDAS ST E - SHERBOURNE ST", "D51", 43.6581, -79.3719),
    (420, "SOUGU", "Sound of Gunshots", "KEELE ST - WILSON AVE", "D32", 43.7245, -79.4817),
    (60, "PIACC", "Personal Injury Accident", "KINGSTON RD - MCCOWAN RD", "D43", 43.7322, -79.2325),
    (30, "UNKTR", "Unknown Trouble", "QUEENS QUAY W - BAY ST", "D52", 43.6413, -79.3770),
    (45, "EDP", "Person in Crisis", "BLOOR ST W - SPADINA AVE", "D14", 43.6664, -79.4036),
]
# (minutes before now, event number, type, prime street, cross streets, alarm level)
FIRES = [
    (100, "F26900001", "Fire - Residential", "PAPE AVE, EY", "LIPTON AVE / DANFORTH AVE", "1"),
]


def _news_rss(now: datetime) -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>https://news.example.org/{guid}</link>"
        f'<guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>{format_datetime(now - timedelta(minutes=m))}</pubDate>"
        f"<description>{escape(summary)}</description></item>"
        for m, guid, title, summary in NEWS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Example Toronto news</title><link>https://news.example.org/</link>"
        f"<description>Example feed</description>{items}</channel></rss>"
    ).encode()


def _call_features(now: datetime) -> list[dict[str, object]]:
    return [
        {
            "attributes": {
                "OBJECTID": n + 1,
                "OCCURRENCE_TIME": int((now - timedelta(minutes=m)).timestamp() * 1000),
                "DIVISION": division,
                "LATITUDE": lat,
                "LONGITUDE": lon,
                "CALL_TYPE_CODE": code,
                "CALL_TYPE": call_type,
                "CROSS_STREETS": streets,
            },
            "geometry": {"x": lon, "y": lat},
        }
        for n, (m, code, call_type, streets, division, lat, lon) in enumerate(CALLS)
    ]


def _livecad(now: datetime) -> bytes:
    local = now.astimezone(ZoneInfo("America/Toronto"))
    events = "".join(
        f"<event><prime_street>{escape(prime)}</prime_street>"
        f"<cross_streets>{escape(cross)}</cross_streets>"
        f"<dispatch_time>{(local - timedelta(minutes=m)):%Y-%m-%d %H:%M:%S}</dispatch_time>"
        f"<event_num>{num}</event_num><event_type>{escape(kind)}</event_type>"
        f"<alarm_lev>{alarm}</alarm_lev><beat>231</beat><units_disp>P231,R231</units_disp></event>"
        for m, num, kind, prime, cross, alarm in FIRES
    )
    return (
        f"<tfs_active_incidents><update_from_db_time>{local:%Y-%m-%d %H:%M:%S}"
        f"</update_from_db_time>{events}</tfs_active_incidents>"
    ).encode()


def arcgis_response(features: list[dict[str, object]], query: dict[str, list[str]]) -> bytes:
    """A FeatureServer ``query`` answer: the count, or one page of features."""
    if query.get("returnCountOnly", ["false"])[0] == "true":
        return json.dumps({"count": len(features)}).encode()
    offset = int(query.get("resultOffset", ["0"])[0])
    size = int(query.get("resultRecordCount", ["1000"])[0])
    page = features[offset : offset + size]
    more = offset + size < len(features)
    return json.dumps({"features": page, "exceededTransferLimit": more}).encode()


class _ExampleHandler(BaseHTTPRequestHandler):
    now: datetime

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        url = urlparse(self.path)
        if url.path == "/news/rss.xml":
            body, kind = _news_rss(self.now), "application/rss+xml"
        elif url.path == "/tps/FeatureServer/0/query":
            body = arcgis_response(_call_features(self.now), parse_qs(url.query))
            kind = "application/json"
        elif url.path == "/fire/livecad.xml":
            body, kind = _livecad(self.now), "text/xml"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


def sources_toml(base_url: str) -> str:
    return f"""timezone = "America/Toronto"

[[source]]
name = "example-news"
kind = "news_rss"
url = "{base_url}/news/rss.xml"

[[source]]
name = "tps-calls"
kind = "tps_calls"
url = "{base_url}/tps/FeatureServer/0"
options = {{ lookback = "24h" }}

[[source]]
name = "tfs"
kind = "tfs_livecad"
url = "{base_url}/fire/livecad.xml"
"""


@contextlib.contextmanager
def serve_example(directory: Path, now: datetime | None = None) -> Iterator[Path]:
    """Serve the example on a loopback port; yield a sources file that points at it."""
    handler = type("Handler", (_ExampleHandler,), {"now": now or datetime.now(UTC)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "example-sources.toml"
        path.write_text(sources_toml(f"http://127.0.0.1:{server.server_address[1]}"))
        yield path
    finally:
        server.shutdown()
        server.server_close()
