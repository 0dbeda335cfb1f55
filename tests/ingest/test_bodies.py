"""Bodies are decompressed step by step: bombs stop at the limit, honest bodies come back whole."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import httpx
import pytest

from ingest.bodies import STEP, Inflater, decoder_chain
from ingest.errors import FetchError, PayloadTooLarge
from ingest.hostile import gzip_bomb, nested_bomb
from ingest.http import FetchPolicy, fetch
from ingest.loopback import LoopbackServer, Reply

LIMIT = 2_000_000


def served(server: LoopbackServer, body: bytes, encoding: str) -> str:
    server.routes["/x"] = lambda _r: Reply(body=body, headers={"Content-Encoding": encoding})
    return server.url("/x")


@pytest.mark.parametrize(
    ("name", "encoding"), [("nested", "gzip, gzip"), ("single", "gzip")], ids=["nested", "single"]
)
def test_bombs_stop_at_the_limit_without_inflating(
    server: LoopbackServer, client: httpx.Client, name: str, encoding: str
) -> None:
    bomb = nested_bomb() if name == "nested" else gzip_bomb()
    url = served(server, bomb, encoding)
    tracemalloc.start()
    try:
        with pytest.raises(PayloadTooLarge, match="once decompressed"):
            fetch(client, url, FetchPolicy(max_bytes=LIMIT, retries=0))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * LIMIT, f"{peak} bytes allocated for a {LIMIT}-byte limit"


def test_honest_encoded_bodies_come_back_whole(
    server: LoopbackServer, client: httpx.Client
) -> None:
    text = b"<rss>" + b"an honest body " * 50_000 + b"</rss>"
    twice = gzip.compress(gzip.compress(text))
    assert fetch(client, served(server, twice, "gzip, gzip"), FetchPolicy()).body == text
    members = gzip.compress(text[:1000]) + gzip.compress(text[1000:])
    assert fetch(client, served(server, members, "gzip"), FetchPolicy()).body == text
    assert fetch(client, served(server, zlib.compress(text), "deflate"), FetchPolicy()).body == text
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = raw.compress(text) + raw.flush()
    assert fetch(client, served(server, raw_deflate, "deflate"), FetchPolicy()).body == text
    identity = served(server, text, "identity")
    assert fetch(client, identity, FetchPolicy()).body == text


def test_every_step_hands_on_at_most_one_piece(server: LoopbackServer) -> None:
    inflater = Inflater("gzip", "x")
    pieces = list(inflater.feed(gzip.compress(bytes(10 * STEP + 17))))
    assert all(len(piece) <= STEP for piece in pieces)
    assert sum(map(len, pieces)) == 10 * STEP + 17
    inflater.finish()


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ("br", b"x", "unsupported Content-Encoding 'br'"),
        ("gzip, gzip, gzip, gzip", b"x", "4 content encodings stacked"),
        ("gzip", b"not gzip at all", "corrupt gzip body"),
        ("gzip", gzip.compress(b"a" * 10_000)[:-30], "ends early"),
    ],
)
def test_bad_encodings_are_named(
    server: LoopbackServer, client: httpx.Client, header: str, body: bytes, message: str
) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(client, served(server, body, header), FetchPolicy(retries=0))


def test_decoders_undo_the_last_coding_first() -> None:
    chain = decoder_chain("deflate, gzip", "x")
    assert [d.encoding for d in chain] == ["gzip", "deflate"]
    assert decoder_chain(None, "x") == [] and decoder_chain("identity", "x") == []
