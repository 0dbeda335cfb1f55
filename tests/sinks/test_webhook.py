"""Signed structured CloudEvents over real HTTP: signature, forgery, replay, status codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from schemas import ActivationEvent
from sinks.errors import DeliveryError, WebhookSignatureError
from sinks.settings import WebhookSettings
from sinks.webhook import (
    AttemptOutcome,
    WebhookClient,
    classify_response,
    new_secret,
    retry_after,
    sign,
    structured_message,
    verify_webhook,
)
from tests.sinks.factories import activation, incident
from tests.webhook_receiver import Receiver, closed_port_url, serve

SECRET = new_secret()


def now() -> datetime:
    """The signing time: taken when a test runs (a signature is valid for minutes only)."""
    return datetime.now(UTC)


def event_json() -> tuple[ActivationEvent, str]:
    event = activation(incident("inc-1"), time=now())
    return event, event.model_dump_json()


def signed() -> tuple[dict[str, str], bytes]:
    event, text = event_json()
    message = structured_message(text)
    return message.headers | sign(SECRET, event.id, now(), message.body), message.body


def test_structured_mode_keeps_the_event_whole() -> None:
    event, text = event_json()
    message = structured_message(text)
    assert message.headers["content-type"] == "application/cloudevents+json"
    assert ActivationEvent.model_validate_json(message.body) == event


def test_signature_round_trip_and_forgeries() -> None:
    headers, body = signed()
    event = verify_webhook(SECRET, headers, body)
    assert event.get_id() == headers["webhook-id"]
    with pytest.raises(WebhookSignatureError):
        verify_webhook(SECRET, headers, body.replace(b"inc-1", b"inc-2"))
    with pytest.raises(WebhookSignatureError):
        verify_webhook(new_secret(), headers, body)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(SECRET, headers | {"webhook-signature": "v1"}, body)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(SECRET, {"content-type": headers["content-type"]}, body)
    with pytest.raises(WebhookSignatureError, match="webhook-id"):
        other = sign(SECRET, "another-id", now(), body)
        verify_webhook(SECRET, headers | other, body)


def test_an_old_request_cannot_be_replayed() -> None:
    event, text = event_json()
    message = structured_message(text)
    old = message.headers | sign(SECRET, event.id, now() - timedelta(minutes=6), message.body)
    with pytest.raises(WebhookSignatureError, match="too old"):
        verify_webhook(SECRET, old, message.body)


@pytest.mark.parametrize(
    ("status", "headers", "delivered", "retryable", "wait"),
    [
        (200, {}, True, False, None),
        (204, {}, True, False, None),
        (503, {}, False, True, None),
        (500, {}, False, True, None),
        (429, {"Retry-After": "120"}, False, True, 120.0),
        (408, {}, False, True, None),
        (400, {}, False, False, None),
        (401, {}, False, False, None),
        (410, {}, False, False, None),
    ],
)
def test_status_codes(
    status: int, headers: dict[str, str], delivered: bool, retryable: bool, wait: float | None
) -> None:
    outcome = classify_response(httpx.Response(status, headers=headers), now())
    assert (outcome.delivered, outcome.retryable, outcome.retry_after_s) == (
        delivered,
        retryable,
        wait,
    )
    assert outcome.status == str(status)


def test_retry_after_as_an_http_date() -> None:
    later = "Wed, 21 Oct 2026 07:28:00 GMT"
    now = datetime(2026, 10, 21, 7, 26, tzinfo=UTC)
    assert retry_after(later, now) == 120.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None


def send_twice(receiver: Receiver, timeout_s: float) -> tuple[str, AttemptOutcome, AttemptOutcome]:
    """One event POSTed twice by the client to ``receiver`` on loopback."""
    event, text = event_json()
    with serve(receiver):
        client = WebhookClient(
            WebhookSettings(url=receiver.url, secret=SECRET, timeout_s=timeout_s)
        )
        first, second = client.send(event.id, text), client.send(event.id, text)
        client.close()
    return event.id, first, second


def test_client_posts_signed_events_to_a_real_receiver() -> None:
    receiver = Receiver(SECRET, fail_first=1)
    event_id, first, second = send_twice(receiver, timeout_s=5)
    assert (first.delivered, first.retryable, first.status) == (False, True, "503")
    assert second.delivered and receiver.accepted == {event_id: 1}
    assert receiver.content_types == {"application/cloudevents+json"}
    assert receiver.events[event_id]["data"]["incident_id"] == "inc-1"
    assert receiver.refused_signatures == 0


def test_a_receiver_down_is_a_retryable_connection_error() -> None:
    event, text = event_json()
    client = WebhookClient(WebhookSettings(url=closed_port_url(), secret=SECRET, timeout_s=2))
    outcome = client.send(event.id, text)
    client.close()
    assert (outcome.delivered, outcome.retryable, outcome.status) == (
        False,
        True,
        "connection error",
    )


def test_a_receiver_too_slow_to_answer_is_a_retryable_timeout() -> None:
    receiver = Receiver(SECRET, fail_first=1, stall_s=2.0)
    event_id, first, second = send_twice(receiver, timeout_s=0.5)
    assert (first.delivered, first.retryable, first.status) == (False, True, "timeout")
    assert second.delivered and receiver.accepted == {event_id: 1}
    assert receiver.attempts == {event_id: 2}


def test_configuration_errors_are_clear() -> None:
    with pytest.raises(DeliveryError, match="CCRP_WEBHOOK__URL"):
        WebhookClient(WebhookSettings())
    with pytest.raises(DeliveryError, match="CCRP_WEBHOOK__SECRET"):
        WebhookClient(WebhookSettings(url="http://127.0.0.1:1/"))
    with pytest.raises(DeliveryError, match="not a CloudEvent"):
        structured_message(json.dumps({"id": "x"}))
