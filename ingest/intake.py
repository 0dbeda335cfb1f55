"""The community intake: partner agencies POST reports over HTTP.

``POST /v1/reports`` with ``Authorization: Bearer <token>`` and a JSON ``CommunitySubmission``.
401 missing/unknown token, 429 over the partner's rate (with ``Retry-After``), 413 over
``max_body_bytes``, 422 invalid JSON or fields (each field named), 201 accepted, 200 when the
``Idempotency-Key`` was already used (same report id, no second report), 503 if emit failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from ingest.errors import IntakeError
from ingest.normalise import utc_now
from ingest.settings import IntakeSettings
from ingest.sources.community import CommunitySubmission, to_raw_report
from ingest.state import CollectorStateStore
from schemas import RawReport

PARTNER_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,60}$")
MAX_IDEMPOTENCY_KEY = 200

log = logging.getLogger(__name__)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def register_partner(store: CollectorStateStore, name: str) -> str:
    """Create a partner and return its new token (shown once; the store keeps its digest)."""
    if not PARTNER_NAME.match(name):
        raise IntakeError(f"partner name {name!r}: use lowercase letters, digits, '.', '_', '-'")
    token = new_token()
    store.add_partner(name, token)
    return token


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


def _problem(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


class IntakeHandler:
    """Request handling for one intake app: auth, rate limit, size, validation, idempotency."""

    def __init__(
        self,
        store: CollectorStateStore,
        emit: Callable[[RawReport], None],
        settings: IntakeSettings,
        timezone: str,
        clock: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        self.store, self.emit, self.settings = store, emit, settings
        self.timezone, self.clock, self.now = timezone, clock, now
        self.buckets: dict[str, TokenBucket] = {}
        self.unemitted: set[str] = set()

    async def _call(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, function, *args)

    async def post_report(self, request: web.Request) -> web.Response:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _problem(401, "missing bearer token", hint="Authorization: Bearer <token>")
        partner = await self._call(self.store.partner_for_token, token.strip())
        if partner is None:
            return _problem(401, "unknown token")
        bucket = self.buckets.setdefault(
            partner, TokenBucket(self.settings.rate_per_minute, self.clock)
        )
        wait = bucket.take()
        if wait > 0:
            response = _problem(429, f"rate limit of {self.settings.rate_per_minute}/minute")
            response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            return response
        limit = self.settings.max_body_bytes
        if request.content_length is not None and request.content_length > limit:
            return _problem(413, f"body over {limit} bytes")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _problem(413, f"body over {limit} bytes")
        return await self._accept(partner, body, request.headers.get("Idempotency-Key"))

    async def _accept(self, partner: str, body: bytes, key: str | None) -> web.Response:
        try:
            document = json.loads(body)
        except (ValueError, RecursionError) as exc:  # includes numbers of too many digits
            return _problem(422, f"body: invalid JSON ({exc})", fields=["body"])
        if key is not None and not 0 < len(key.strip()) <= MAX_IDEMPOTENCY_KEY:
            return _problem(422, "Idempotency-Key: 1 to 200 characters", fields=["Idempotency-Key"])
        try:
            submission = CommunitySubmission.model_validate(document)
        except ValidationError as exc:
            problems = [
                {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
                for e in exc.errors()
            ]
            message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
            return _problem(422, message, fields=[p["field"] for p in problems], details=problems)
        item_id = None
        if key is not None:
            item_id = "key-" + hashlib.sha256(f"{partner}\n{key.strip()}".encode()).hexdigest()[:24]
        elif submission.id is None:
            item_id = "sub-" + secrets.token_hex(12)
        report = to_raw_report(
            submission, f"community-{partner}", self.now(), self.timezone, item_id=item_id
        )
        if key is not None:
            earlier = await self._call(
                self.store.claim_intake_key, partner, key.strip(), report.report_id
            )
            if earlier is not None and earlier not in self.unemitted:
                return web.json_response({"report_id": earlier, "duplicate": True}, status=200)
        try:
            await self._call(self.emit, report)
        except Exception as exc:  # keep the key retryable: the report was not delivered
            log.exception("intake report %s not delivered", report.report_id)
            self.unemitted.add(report.report_id)
            return _problem(503, f"report not delivered, retry later ({type(exc).__name__})")
        self.unemitted.discard(report.report_id)
        return web.json_response({"report_id": report.report_id, "duplicate": False}, status=201)


def make_intake_app(
    state_store: CollectorStateStore,
    emit: Callable[[RawReport], None],
    settings: IntakeSettings,
    timezone: str = "America/Toronto",
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_now,
) -> web.Application:
    """The intake web application; accepted reports go to ``emit``."""
    handler = IntakeHandler(state_store, emit, settings, timezone, clock, now)
    app = web.Application(client_max_size=settings.max_body_bytes)
    app.router.add_post("/v1/reports", handler.post_report)
    app.router.add_get("/healthz", lambda _request: _healthz())
    return app


async def _healthz() -> web.Response:
    return web.json_response({"ok": True})
