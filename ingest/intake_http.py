"""The intake's request checks: rate limit, body size, JSON depth, per-field errors.

Each check answers with a JSON problem ``{"error": ..., ...}`` that names what is wrong,
so a partner's developer can fix a submission from the response alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

MAX_DEPTH = 32  # a report is a flat form; anything deeper is not one


class Problem(Exception):
    """A request the intake refuses, with the status and the JSON body to answer."""

    def __init__(
        self, status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status, self.headers, self.body = status, headers or {}, {"error": message, **extra}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body, status_code=self.status, headers=self.headers)


class TokenBucket:
    """``capacity`` requests at once, refilled at ``capacity`` per minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float]) -> None:
        self.capacity = float(max(per_minute, 1))
        self.rate = self.capacity / 60.0
        self.clock = clock
        self.tokens = self.capacity
        self.updated = clock()

    def take(self) -> float:
        """0 when a request may go ahead, else the seconds until one may."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


def rate_limited(per_minute: int, wait_s: float) -> Problem:
    """429 with the seconds to wait in ``Retry-After``."""
    return Problem(
        429,
        f"rate limit of {per_minute}/minute",
        headers={"Retry-After": str(max(1, math.ceil(wait_s)))},
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 past ``limit`` bytes whether or not a length was declared."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Problem(413, f"body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _depth(document: Any) -> int:
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_json(body: bytes) -> Any:
    """The JSON document, or a 422 naming the body; nesting is bounded."""
    try:
        document = json.loads(body)
    except RecursionError as exc:
        raise Problem(
            422, f"body: JSON nested deeper than {MAX_DEPTH} levels", fields=["body"]
        ) from exc
    except ValueError as exc:  # not UTF-8, not JSON, or a number of too many digits
        raise Problem(422, f"body: invalid JSON ({exc})", fields=["body"]) from exc
    if _depth(document) > MAX_DEPTH:
        raise Problem(422, f"body: JSON nested deeper than {MAX_DEPTH} levels", fields=["body"])
    if not isinstance(document, dict):
        raise Problem(422, "body: expected a JSON object", fields=["body"])
    try:  # "\ud800" is valid JSON, but no text: nothing could store or send it
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Problem(
            422, "body: a string holds a lone surrogate escape, not text", fields=["body"]
        ) from exc
    return document


def invalid_fields(exc: ValidationError) -> Problem:
    """422 listing each invalid field with its message."""
    problems = [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors()
    ]
    message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return Problem(422, message, fields=[p["field"] for p in problems], details=problems)
