"""Fetching: retries with backoff, Retry-After, size limits, file:// URLs."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from ingest.deadline import Deadline
from ingest.errors import (
    DeadlineExceeded,
    FetchError,
    PayloadTooLarge,
    RedirectRefused,
    TransientFetchError,
)
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


def test_redirects_stay_on_the_source_origin(client: httpx.Client) -> None:
    with LoopbackServer() as main, LoopbackServer() as other:
        other.routes["/feed"] = answers(Reply(body=b"internal"))
        main.routes["/moved"] = answers(Reply(status=301, headers={"Location": "/here?x=1"}))
        main.routes["/here"] = answers(Reply(body=b"ok"))
        main.routes["/away"] = answers(Reply(status=302, headers={"Location": other.url("/feed")}))
        main.routes["/file"] = answers(
            Reply(status=302, headers={"Location": "file:///etc/passwd"})
        )
        main.routes["/loop"] = answers(Reply(status=302, headers={"Location": "/loop"}))

        moved = fetch(client, main.url("/moved"), FetchPolicy())
        assert moved.body == b"ok" and moved.url.endswith("/here?x=1")
        with pytest.raises(RedirectRefused, match="leaves the source's host"):
            fetch(client, main.url("/away"), FetchPolicy())
        with pytest.raises(RedirectRefused, match="only http and https"):
            fetch(client, main.url("/file"), FetchPolicy())
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetch(client, main.url("/loop"), FetchPolicy())
        assert not other.requests  # nothing off-host was requested
        allowed = FetchPolicy(allow_redirects_to=(other.url(""),))
        assert fetch(client, main.url("/away"), allowed).body == b"internal"


def test_a_trickling_body_ends_with_the_deadline(
    server: LoopbackServer, client: httpx.Client
) -> None:
    server.routes["/drip"] = answers(Reply(body=b"x" * 1000, drip_s=0.2))
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="deadline of 1s"):
        fetch(client, server.url("/drip"), FetchPolicy(timeout_s=20), deadline=Deadline(1.0))
    assert time.monotonic() - started < 1.6  # one pause between bytes at most


def test_no_retry_is_started_that_the_deadline_cannot_wait_for(
    server: LoopbackServer, client: httpx.Client
) -> None:
    server.routes["/x"] = answers(Reply(status=503, headers={"Retry-After": "30"}))
    waits: list[float] = []
    with pytest.raises(TransientFetchError, match="HTTP 503"):
        fetch(
            client,
            server.url("/x"),
            FetchPolicy(retries=3),
            sleep=waits.append,
            deadline=Deadline(5.0),
        )
    assert waits == [] and len(server.requests) == 1


def test_request_timeouts_shrink_to_what_the_deadline_leaves(
    server: LoopbackServer, client: httpx.Client
) -> None:
    server.routes["/stall"] = answers(Reply(body=b"late", delay_s=5))
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match="timed out"):
        fetch(
            client,
            server.url("/stall"),
            FetchPolicy(timeout_s=20, retries=0),
            deadline=Deadline(0.5),
        )
    assert time.monotonic() - started < 1.5
