"""Fetching: retries with backoff, Retry-After, size limits, file:// URLs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ingest.errors import FetchError, PayloadTooLarge, TransientFetchError
from ingest.http import FetchPolicy, fetch
from ingest.loopback import LoopbackServer, Reply, Request


def answers(*replies: Reply):  # type: ignore[no-untyped-def]
    """A route giving ``replies`` in order, then repeating the last one."""
    queue = list(replies)

    def route(_request: Request) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return route


def test_retry_after_is_honoured_then_the_body_returned(
    server: LoopbackServer, client: httpx.Client
) -> None:
    server.routes["/x"] = answers(
        Reply(status=429, headers={"Retry-After": "7"}), Reply(status=503), Reply(body=b"ok")
    )
    waits: list[float] = []
    policy = FetchPolicy(retries=3, backoff_s=0.5)

    result = fetch(client, server.url("/x"), policy, sleep=waits.append)

    assert result.body == b"ok" and waits == [7.0, 1.0]  # Retry-After, then 0.5 * 2**1


def test_retries_are_bounded(server: LoopbackServer, client: httpx.Client) -> None:
    server.routes["/x"] = answers(Reply(status=502))
    waits: list[float] = []

    with pytest.raises(TransientFetchError, match="HTTP 502"):
        fetch(client, server.url("/x"), FetchPolicy(retries=2, backoff_s=1), sleep=waits.append)

    assert waits == [1.0, 2.0] and len(server.requests) == 3


def test_client_errors_are_not_retried(server: LoopbackServer, client: httpx.Client) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        fetch(client, server.url("/missing"), FetchPolicy(retries=3), sleep=lambda _s: None)
    assert not isinstance(caught.value, TransientFetchError) and len(server.requests) == 1


def test_body_over_the_limit_is_refused(server: LoopbackServer, client: httpx.Client) -> None:
    server.routes["/big"] = answers(Reply(body=b"x" * 5000))
    with pytest.raises(PayloadTooLarge):
        fetch(client, server.url("/big"), FetchPolicy(max_bytes=4096))


def test_conditional_headers_and_validators(server: LoopbackServer, client: httpx.Client) -> None:
    server.routes["/x"] = answers(
        Reply(body=b"v1", headers={"ETag": '"a"', "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"})
    )
    result = fetch(client, server.url("/x"), FetchPolicy(), headers={"If-None-Match": '"z"'})
    assert result.etag == '"a"' and result.last_modified == "Mon, 02 Nov 2026 10:00:00 GMT"
    assert server.requests[0].headers["if-none-match"] == '"z"'
    assert server.requests[0].headers["user-agent"].startswith("ccrp-intake")


def test_file_urls_are_read_under_the_same_limit(tmp_path: Path, client: httpx.Client) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss/>")
    assert fetch(client, path.as_uri(), FetchPolicy()).body == b"<rss/>"
    with pytest.raises(PayloadTooLarge):
        fetch(client, path.as_uri(), FetchPolicy(max_bytes=3))
    with pytest.raises(FetchError, match="no such file"):
        fetch(client, (tmp_path / "absent.xml").as_uri(), FetchPolicy())
