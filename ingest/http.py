"""Polite fetching: timeouts, retries with backoff, conditional GET, a size limit, ``file://``."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import httpx

from ingest.errors import FetchError, PayloadTooLarge, TransientFetchError

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """How patiently and how much to fetch from one source."""

    timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    retries: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    user_agent: str = "ccrp-intake/0.1"


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
) -> FetchResult:
    """GET ``url`` (or read a ``file://`` path), retrying transient failures with backoff.

    Raises ``TransientFetchError`` when the retries are spent, ``FetchError`` for a
    permanent failure and ``PayloadTooLarge`` when the body exceeds ``policy.max_bytes``.
    """
    if url.lower().startswith("file:"):
        return read_file_url(url, policy.max_bytes)
    attempt = 0
    while True:
        try:
            return _get_once(client, url, policy, params, headers)
        except TransientFetchError as exc:
            if attempt >= policy.retries:
                raise
            delay = exc.retry_after
            if delay is None:
                delay = policy.backoff_s * (2**attempt)
            sleep(min(max(delay, 0.0), policy.max_backoff_s))
            attempt += 1


def _get_once(
    client: httpx.Client,
    url: str,
    policy: FetchPolicy,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
) -> FetchResult:
    request_headers = {"User-Agent": policy.user_agent, **(headers or {})}
    try:
        with client.stream(
            "GET", url, params=params, headers=request_headers, timeout=policy.timeout_s
        ) as response:
            status = response.status_code
            if status == 304:
                return FetchResult(url=str(response.url), status=304, body=b"")
            if status in RETRYABLE_STATUS:
                raise TransientFetchError(
                    f"{url}: HTTP {status}", retry_after=_retry_after(response.headers)
                )
            if status >= 400:
                raise FetchError(f"{url}: HTTP {status}")
            body = _read_limited(response, policy.max_bytes, url)
            return FetchResult(
                url=str(response.url),
                status=status,
                body=body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=response.headers.get("Content-Type"),
            )
    except httpx.TimeoutException as exc:
        raise TransientFetchError(f"{url}: timed out after {policy.timeout_s}s") from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchError(f"{url}: {exc}") from exc
    except httpx.TransportError as exc:
        # Connection refused/reset, or a body cut short of its Content-Length.
        raise TransientFetchError(f"{url}: {type(exc).__name__}: {exc}") from exc


def _read_limited(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"{url}: Content-Length {declared} exceeds {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"{url}: body exceeds {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


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
