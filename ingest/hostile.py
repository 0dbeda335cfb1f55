"""Hostile feeds on loopback, one source each, beside a good feed: the collectors' proving ground.

``HostileFeeds`` serves, on one loopback server (plus a second one on another port as the
target of an off-host redirect):

- ``slow-drip``: a feed sent one byte every 2 s, so no single read ever times out;
- ``endless-paging``: an ArcGIS layer that always answers ``exceededTransferLimit: true``;
- ``nested-bomb``: ``Content-Encoding: gzip, gzip``, about 10 KB inflating to 4.5 GB;
- ``gzip-bomb``: one gzip stream of 1 GiB of zeros, about 1 MB on the wire;
- ``oversized-item``: an RSS item with a 3 MB summary, followed by an ordinary item;
- ``redirect-off-host``: a redirect to another port of the same host;
- ``good``: an ordinary RSS feed.

``sources_toml`` writes the sources file that points at them.
"""

from __future__ import annotations

import gzip
import json
import zlib
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from ingest.loopback import LoopbackServer, Reply, Request

MIB = 1 << 20
GOOD_ITEMS = ("good-1", "good-2", "good-3")
FORBIDDEN_ITEM = "must-not-be-collected"


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of ``(guid, title, summary)`` items."""
    entries = "".join(
        f"<item><guid>{escape(guid)}</guid><title>{escape(title)}</title>"
        f"<link>https://news.example.org/{escape(guid)}</link>"
        f"<description>{escape(summary)}</description>"
        "<pubDate>Mon, 02 Nov 2026 12:00:00 GMT</pubDate></item>"
        for guid, title, summary in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Hostile test feed</title><link>https://example.org/</link>{entries}"
        "</channel></rss>"
    ).encode()


@cache
def nested_bomb(members: int = 4300) -> bytes:
    """``gzip, gzip``: gzip members of 1 MiB of zeros each, concatenated, gzipped again."""
    member = gzip.compress(bytes(MIB), 9)
    return gzip.compress(member * members, 9)


@cache
def gzip_bomb(mebibytes: int = 1024) -> bytes:
    """One valid gzip stream of ``mebibytes`` MiB of zeros.

    After a full flush the compressor starts afresh, so every further MiB of zeros
    compresses to the same bytes: one block is computed and repeated, and the trailer
    carries the true CRC-32 and length.
    """
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)  # with header
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    last_block = compressor.flush(zlib.Z_FINISH)[:-8]  # without the 8-byte trailer
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    size = (mebibytes * MIB) & 0xFFFFFFFF
    trailer = crc.to_bytes(4, "little") + size.to_bytes(4, "little")
    return first + block * (mebibytes - 1) + last_block + trailer


def endless_layer(request: Request) -> Reply:
    """An ArcGIS layer that always has more: ten new features per page, forever."""
    if request.params.get("returnCountOnly") == "true":
        return Reply(body=b'{"count": 1000000000}')
    offset = int(request.params.get("resultOffset", 0))
    features = [
        {
            "attributes": {
                "OBJECTID": offset + n,
                "OCCURRENCE_TIME": 1_793_620_800_000,
                "CALL_TYPE_CODE": "UNKTR",
                "CALL_TYPE": "Unknown Trouble",
                "CROSS_STREETS": f"STREET {offset + n} - AVENUE",
                "DIVISION": "D52",
            }
        }
        for n in range(10)
    ]
    payload = {"features": features, "exceededTransferLimit": True}
    return Reply(body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


class HostileFeeds:
    """The hostile routes on ``main``, and the off-host redirect's target on ``other``."""

    def __init__(self, main: LoopbackServer, other: LoopbackServer, drip_s: float = 2.0) -> None:
        self.main = main
        self.other = other
        good = rss([(guid, f"Ordinary report {guid}", "An ordinary item.") for guid in GOOD_ITEMS])
        huge = "A summary far too long for one message. " * (3 * MIB // 40)
        oversized = rss(
            [("oversized-1", "An item with a 3 MB summary", huge)]
            + [("after-oversized", "The ordinary item after it", "Still collected.")]
        )
        gz = {"Content-Type": "application/rss+xml"}
        other.routes["/feed"] = lambda _r: Reply(body=rss([(FORBIDDEN_ITEM, "Internal", "x")]))
        target = other.url("/feed")
        main.routes.update(
            {
                "/good": lambda _r: Reply(body=good, headers=gz),
                "/slow-drip": lambda _r: Reply(body=good, headers=gz, drip_s=drip_s),
                "/layer/query": endless_layer,
                "/nested-bomb": lambda _r: Reply(
                    body=nested_bomb(), headers={**gz, "Content-Encoding": "gzip, gzip"}
                ),
                "/gzip-bomb": lambda _r: Reply(
                    body=gzip_bomb(), headers={**gz, "Content-Encoding": "gzip"}
                ),
                "/oversized": lambda _r: Reply(body=oversized, headers=gz),
                "/redirect": lambda _r: Reply(status=302, headers={"Location": target}),
            }
        )

    def sources(self, deadline_s: float) -> list[dict[str, Any]]:
        """One source per route, each with ``deadline_s``."""
        url = self.main.url
        entries = [
            ("slow-drip", "news_rss", url("/slow-drip")),
            ("endless-paging", "tps_calls", url("/layer")),
            ("nested-bomb", "news_rss", url("/nested-bomb")),
            ("gzip-bomb", "news_rss", url("/gzip-bomb")),
            ("oversized-item", "news_rss", url("/oversized")),
            ("redirect-off-host", "news_rss", url("/redirect")),
            ("good", "news_rss", url("/good")),
        ]
        return [
            {"name": name, "kind": kind, "url": link, "deadline_s": deadline_s}
            for name, kind, link in entries
        ]

    def sources_toml(self, deadline_s: float) -> str:
        """The sources file for ``sources(deadline_s)``."""
        blocks = [
            "\n".join(
                [
                    "[[source]]",
                    *(f"{key} = {json.dumps(value)}" for key, value in entry.items()),
                    'schedule = "every 15m"',
                    "",
                    "[source.options]",
                    'lookback = "3650d"' if entry["kind"] == "tps_calls" else "",
                ]
            )
            for entry in self.sources(deadline_s)
        ]
        return 'timezone = "America/Toronto"\n\n' + "\n\n".join(blocks) + "\n"
