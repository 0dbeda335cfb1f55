"""Polite fetching: timeouts, retries with backoff, conditional GET, size limit, ``file://``.

Every fetch runs under the source's ``Deadline``: request timeouts shrink to the time
left, a retry is not attempted when its wait would outlast the deadline, and the body
is read piece by piece with the deadline checked in between. Redirects are followed by
hand and only onto the source's own origin (scheme, host, port) or an allowed one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import httpx

from ingest.bodies import ACCEPT_ENCODING, read_body
from ingest.deadline import Deadline
from ingest.errors import FetchError, PayloadTooLarge, RedirectRefused, TransientFetchError

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class FetchPolicy:
    """How patiently and how much to fetch from one source."""

    timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    retries: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    user_agent: str = "ccrp-intake/0.1"
    max_redirects: int = 5
    allow_redirects_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchResult:
    """A fetched body with the validators needed for the next conditional GET."""

    url: str
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(
    client: httpx.Client,
    url: str,
    policy: FetchPolicy,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: Deadline | None = None,
) -> FetchResult:
    """GET ``url`` (or read a ``file://`` path), retrying transient failures with backoff.

    Raises ``TransientFetchError`` when the retries (or the deadline) are spent,
    ``FetchError`` for a permanent failure, ``RedirectRefused`` for a redirect off the
    source's origin, ``PayloadTooLarge`` when the body exceeds ``policy.max_bytes`` and
    ``DeadlineExceeded`` when the deadline passes while the body is read.
    """
    if url.lower().startswith("file:"):
        return read_file_url(url, policy.max_bytes)
    deadline = deadline or Deadline.unlimited()
    attempt = 0
    while True:
        deadline.check(url)
        try:
            return _get_following(client, url, policy, params, headers, deadline)
        except TransientFetchError as exc:
            delay = exc.retry_after
            if delay is None:
                delay = policy.backoff_s * (2**attempt)
            delay = min(max(delay, 0.0), policy.max_backoff_s)
            if attempt >= policy.retries or not deadline.allows_wait(delay):
                raise
            sleep(delay)
            attempt += 1


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of a URL, the port made explicit."""
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    try:
        port = parsed.port
    except ValueError:
        port = None
    return scheme, (parsed.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def check_redirect(source_url: str, target: str, allowed: tuple[str, ...]) -> None:
    """Raise ``RedirectRefused`` unless ``target`` stays on the source's or an allowed origin."""
    place = origin(target)
    if place[0] not in _DEFAULT_PORTS:
        raise RedirectRefused(f"{source_url}: redirect to {target} (only http and https)")
    if place == origin(source_url) or place in {origin(a) for a in allowed}:
        return
    raise RedirectRefused(
        f"{source_url}: redirect to {target} leaves the source's host; "
        "list its origin in the source's allow_redirects_to to follow it"
    )


def _get_following(
    client: httpx.Client,
    url: str,
    policy: FetchPolicy,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    deadline: Deadline,
) -> FetchResult:
    current, query = url, params
    for _hop in range(policy.max_redirects + 1):
        result = _get_once(client, current, query, policy, headers, deadline)
        if isinstance(result, FetchResult):
            return result
        check_redirect(url, result, policy.allow_redirects_to)
        current, query = result, None  # the Location carries its own query
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects")


def _get_once(
    client: httpx.Client,
    url: str,
    params: Mapping[str, Any] | None,
    policy: FetchPolicy,
    headers: Mapping[str, str] | None,
    deadline: Deadline,
) -> FetchResult | str:
    """The result, or the absolute URL a redirect points to."""
    request_headers = {
        "User-Agent": policy.user_agent,
        "Accept-Encoding": ACCEPT_ENCODING,
        **(headers or {}),
    }
    timeout = deadline.timeout(policy.timeout_s)
    try:
        with client.stream(
            "GET",
            url,
            params=params,
            headers=request_headers,
            timeout=timeout,
            follow_redirects=False,
        ) as response:
            status = response.status_code
            if response.has_redirect_location:
                return urljoin(str(response.url), response.headers["Location"])
            if status == 304:
                return FetchResult(url=str(response.url), status=304, body=b"")
            if status in RETRYABLE_STATUS:
                raise TransientFetchError(
                    f"{url}: HTTP {status}", retry_after=_retry_after(response.headers)
                )
            if status >= 400:
                raise FetchError(f"{url}: HTTP {status}")
            body = read_body(response, policy.max_bytes, url, deadline)
            return FetchResult(
                url=str(response.url),
                status=status,
                body=body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=response.headers.get("Content-Type"),
            )
    except httpx.TimeoutException as exc:
        raise TransientFetchError(f"{url}: timed out after {timeout:g}s") from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchError(f"{url}: {exc}") from exc
    except httpx.TransportError as exc:
        # Connection refused/reset, or a body cut short of its Content-Length.
        raise TransientFetchError(f"{url}: {type(exc).__name__}: {exc}") from exc


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def file_url_path(url: str) -> Path:
    """The local path a ``file://`` URL names."""
    parsed = urlparse(url)
    return Path(unquote(parsed.netloc + parsed.path if parsed.netloc else parsed.path))


def read_file_url(url: str, max_bytes: int) -> FetchResult:
    """Read a ``file://`` URL from disk under the same size limit as HTTP bodies."""
    path = file_url_path(url)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PayloadTooLarge(f"{path}: {size} bytes exceeds {max_bytes} bytes")
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise FetchError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise FetchError(f"{path}: is a folder, not a file") from exc
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"{path}: body exceeds {max_bytes} bytes")
    return FetchResult(url=url, status=200, body=body)
