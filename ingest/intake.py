"""The partner intake: community reports and CCR referral forms over HTTP (FastAPI).

``POST /v1/reports`` (a ``CommunitySubmission``) and ``POST /v1/referrals`` (a CCR
referral form) with ``Authorization: Bearer <token>``. 401 missing or unknown token, 429
over the partner's rate (``Retry-After``), 413 over ``max_body_bytes``, 422 invalid JSON
or fields (each field named), 201 delivered, 200 when the ``Idempotency-Key`` was
delivered before (same id, nothing sent twice), 503 when the broker did not acknowledge
(retry with the same key). The contract for partners is ``docs/intake.md``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError

from ingest.errors import IntakeError
from ingest.intake_delivery import (
    Deliveries,
    KeyReused,
    Message,
    NotDelivered,
    fingerprint,
    in_thread,
)
from ingest.intake_docs import describe_bodies, document_bodies
from ingest.intake_http import (
    Problem,
    TokenBucket,
    invalid_fields,
    parse_json,
    rate_limited,
    read_body,
)
from ingest.normalise import utc_now
from ingest.settings import IntakeSettings
from ingest.sources.community import CommunitySubmission, to_raw_report
from ingest.state import CollectorStateStore
from schemas import RawReport
from schemas.referrals import CcrReferral

PARTNER_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,60}$")
MAX_IDEMPOTENCY_KEY = 200
RETRY_AFTER_S = 5
BEARER = HTTPBearer(auto_error=False, description="the partner's token")
MODELS: dict[str, type[BaseModel]] = {"report": RawReport, "referral": CcrReferral}
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


def unavailable(exc: Exception) -> Problem:
    """503: not delivered; the partner retries with the same key after ``Retry-After``."""
    reason = str(exc) if isinstance(exc, NotDelivered) else f"{type(exc).__name__}: {exc}"
    return Problem(
        503,
        f"not delivered, retry later with the same Idempotency-Key ({reason})",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


class IntakeHandler:
    """Request handling for one intake app: auth, rate limit, size, validation, delivery."""

    def __init__(
        self,
        store: CollectorStateStore,
        deliveries: Deliveries,
        settings: IntakeSettings,
        timezone: str,
        clock: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        self.store, self.deliveries, self.settings = store, deliveries, settings
        self.timezone, self.clock, self.now = timezone, clock, now
        self.buckets: dict[str, TokenBucket] = {}

    async def admit(
        self, request: Request, credentials: HTTPAuthorizationCredentials | None, key: str | None
    ) -> tuple[str, dict[str, Any], str | None]:
        """The partner, the JSON document and the stripped key, or a :class:`Problem`."""
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or not credentials.credentials.strip():
            raise Problem(
                401, "missing bearer token", challenge, hint="Authorization: Bearer <token>"
            )
        partner = await in_thread(self.store.partner_for_token, credentials.credentials.strip())
        if partner is None:
            raise Problem(401, "unknown token", challenge)
        bucket = self.buckets.setdefault(
            partner, TokenBucket(self.settings.rate_per_minute, self.clock)
        )
        wait = bucket.take()
        if wait > 0:
            raise rate_limited(self.settings.rate_per_minute, wait)
        document = parse_json(await read_body(request, self.settings.max_body_bytes))
        if key is not None and not 0 < len(key.strip()) <= MAX_IDEMPOTENCY_KEY:
            raise Problem(422, "Idempotency-Key: 1 to 200 characters", fields=["Idempotency-Key"])
        return partner, document, None if key is None else key.strip()

    def report(self, partner: str, document: dict[str, Any], key: str | None) -> Message:
        try:
            submission = CommunitySubmission.model_validate(document)
        except ValidationError as exc:
            raise invalid_fields(exc) from exc
        item_id = None
        if key is not None:
            item_id = "key-" + hashlib.sha256(f"{partner}\n{key}".encode()).hexdigest()[:24]
        elif submission.id is None:
            item_id = "sub-" + secrets.token_hex(12)
        report = to_raw_report(
            submission, f"community-{partner}", self.now(), self.timezone, item_id=item_id
        )
        return Message("report", report.report_id, report)

    def referral(self, partner: str, document: dict[str, Any]) -> Message:
        if "partner" in document:
            raise Problem(422, "partner: set from your token; leave it out", fields=["partner"])
        try:
            referral = CcrReferral.model_validate({**document, "partner": partner})
        except ValidationError as exc:
            raise invalid_fields(exc) from exc
        return Message("referral", referral.key, referral)

    async def handle(
        self,
        kind: str,
        request: Request,
        credentials: HTTPAuthorizationCredentials | None,
        key: str | None,
    ) -> Response:
        """Answer one submission of ``kind`` (``report`` or ``referral``)."""
        try:
            partner, document, key = await self.admit(request, credentials, key)
            if kind == "report":
                message = self.report(partner, document, key)
            else:
                message = self.referral(partner, document)
            return await self.send(partner, key, kind, document, message)
        except Problem as problem:
            return problem.response()
        except Exception as exc:  # e.g. the store is down: nothing was delivered, retry is safe
            log.exception("intake %s failed", kind)
            return unavailable(exc).response()

    async def send(
        self, partner: str, key: str | None, kind: str, document: dict[str, Any], message: Message
    ) -> Response:
        try:
            outcome = await self.deliveries.deliver(
                partner, key, message, fingerprint(kind, document)
            )
        except KeyReused:
            raise Problem(
                422,
                "Idempotency-Key: already used for a different request",
                fields=["Idempotency-Key"],
            ) from None
        except NotDelivered as exc:
            raise unavailable(exc) from exc
        body: dict[str, Any] = {"duplicate": outcome.duplicate}
        if kind == "report":
            body["report_id"] = outcome.message_id
        else:
            body["referral_id"] = outcome.message_id.split(":", 1)[1]
            body["key"] = outcome.message_id
        return JSONResponse(body, status_code=200 if outcome.duplicate else 201)


def make_intake_app(
    state_store: CollectorStateStore,
    emit: Callable[[RawReport], None],
    settings: IntakeSettings,
    timezone: str = "America/Toronto",
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_now,
    emit_referral: Callable[[CcrReferral], None] | None = None,
) -> FastAPI:
    """The intake web application; reports go to ``emit``, referrals to ``emit_referral``.

    Both callables block until the broker acknowledged the message and raise if it did not.
    """
    senders: dict[str, Callable[[Any], None]] = {"report": emit}
    if emit_referral is not None:
        senders["referral"] = emit_referral
    deliveries = Deliveries(state_store, senders, MODELS)
    handler = IntakeHandler(state_store, deliveries, settings, timezone, clock, now)
    app = FastAPI(title="ccrp partner intake", version="1", docs_url=None, redoc_url=None)
    app.state.deliveries = deliveries  # its delivery state, for readiness
    idempotency = Header(
        default=None, alias="Idempotency-Key", description="your id for this submission"
    )

    def route(kind: str, path: str, summary: str) -> None:
        async def post(
            request: Request,
            credentials: HTTPAuthorizationCredentials | None = Depends(BEARER),
            idempotency_key: str | None = idempotency,
        ) -> Response:
            return await handler.handle(kind, request, credentials, idempotency_key)

        extra = document_bodies[kind]
        app.post(path, summary=summary, operation_id=f"submit_{kind}", openapi_extra=extra)(post)

    route("report", "/v1/reports", "Submit one community report")
    if emit_referral is not None:
        route("referral", "/v1/referrals", "Submit one CCR referral form (no names)")

    @app.get("/healthz")
    async def healthz() -> dict[str, bool]:
        """Liveness: the intake answers."""
        return {"ok": True}

    describe_bodies(app)
    return app
