"""The case system's webhook: signed CloudEvents POSTs in structured mode.

The body is the event in the CloudEvents JSON format (``application/cloudevents+json``,
written by the CloudEvents SDK's HTTP binding). It is signed the Standard Webhooks way,
HMAC-SHA256 over ``{webhook-id}.{webhook-timestamp}.{body}``:

- ``webhook-id``: the event id (the same on every attempt, so receivers de-duplicate);
- ``webhook-timestamp``: Unix seconds of this attempt;
- ``webhook-signature``: ``v1,`` and the base64 signature.

A receiver calls :func:`verify_webhook` with the secret, the headers and the raw body; it
refuses a wrong signature and a timestamp more than five minutes from its clock, so a
captured request cannot be replayed later.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from cloudevents.core.bindings.http import HTTPMessage, from_http_event, to_structured_event
from cloudevents.core.v1.event import CloudEvent
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from sinks.errors import DeliveryError, WebhookSignatureError
from sinks.settings import WebhookSettings

SECRET_PREFIX = "whsec_"
RETRYABLE_STATUS = frozenset({408, 425, 429})


def new_secret() -> str:
    """A fresh 32-byte signing secret in the Standard Webhooks form (``whsec_...``)."""
    return SECRET_PREFIX + base64.b64encode(os.urandom(32)).decode("ascii")


def structured_message(event_json: str) -> HTTPMessage:
    """Headers and body of one event in CloudEvents structured mode."""
    try:
        attributes: dict[str, Any] = json.loads(event_json)
        data = attributes.pop("data", None)
        attributes["time"] = datetime.fromisoformat(attributes["time"])
        return to_structured_event(CloudEvent(attributes=attributes, data=data))
    except Exception as exc:  # the SDK raises its own exception family on bad attributes
        raise DeliveryError(f"not a CloudEvent: {exc}") from exc


def sign(secret: str, event_id: str, at: datetime, body: bytes) -> dict[str, str]:
    """The three signature headers of one attempt."""
    signature = Webhook(secret).sign(event_id, at.astimezone(UTC), body.decode("utf-8"))
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def verify_webhook(secret: str, headers: Mapping[str, str], body: bytes) -> CloudEvent:
    """The CloudEvent of a request whose signature checks; ``WebhookSignatureError`` else."""
    try:
        Webhook(secret).verify(body, dict(headers), json_parse=False)
    except (WebhookVerificationError, ValueError, TypeError) as exc:
        raise WebhookSignatureError(f"signature refused: {exc}") from exc
    event = from_http_event(HTTPMessage(headers=dict(headers), body=body))
    if not isinstance(event, CloudEvent):
        raise WebhookSignatureError("not a CloudEvents 1.0 event")
    if event.get_id() != {k.lower(): v for k, v in headers.items()}.get("webhook-id"):
        raise WebhookSignatureError("webhook-id does not name the event in the body")
    return event


@dataclass(frozen=True)
class AttemptOutcome:
    """What one POST achieved: delivered, worth retrying, or refused for good."""

    delivered: bool
    retryable: bool
    status: str
    error: str | None = None
    retry_after_s: float | None = None


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def classify_response(response: httpx.Response, now: datetime) -> AttemptOutcome:
    """2xx delivered; 408, 425, 429 and 5xx retried; any other status refused for good."""
    code = response.status_code
    if 200 <= code < 300:
        return AttemptOutcome(True, False, str(code))
    error = f"HTTP {code}: {response.text[:200]}"
    wait = retry_after(response.headers.get("retry-after"), now)
    if code in RETRYABLE_STATUS or code >= 500:
        return AttemptOutcome(False, True, str(code), error, wait)
    return AttemptOutcome(False, False, str(code), error)


class WebhookClient:
    """POSTs signed events to the configured URL, one attempt per call."""

    def __init__(self, settings: WebhookSettings, client: httpx.Client | None = None) -> None:
        if not settings.url:
            raise DeliveryError("no webhook URL configured (CCRP_WEBHOOK__URL)")
        self.url = settings.url
        try:
            self._secret = settings.secret_value()
            Webhook(self._secret)  # a malformed secret fails here, not at the first event
        except ValueError as exc:
            raise DeliveryError(str(exc)) from exc
        self._client = client or httpx.Client(timeout=settings.timeout_s)

    def send(self, event_id: str, event_json: str, now: datetime | None = None) -> AttemptOutcome:
        """One signed POST; never raises for what the network or the receiver did."""
        at = now or datetime.now(UTC)
        message = structured_message(event_json)
        headers = message.headers | sign(self._secret, event_id, at, message.body)
        try:
            response = self._client.post(self.url, content=message.body, headers=headers)
        except httpx.TimeoutException as exc:
            return AttemptOutcome(False, True, "timeout", f"{type(exc).__name__}: {exc}")
        except httpx.TransportError as exc:
            return AttemptOutcome(False, True, "connection error", f"{type(exc).__name__}: {exc}")
        return classify_response(response, at)

    def close(self) -> None:
        self._client.close()
