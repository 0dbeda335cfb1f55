"""Delivery with idempotency keys: a partner hears 2xx only for a message the broker has.

The key's state lives in the store. A first request claims the key as *pending* with
the message it became; the message is sent and, once the broker acknowledged it, the key
becomes *delivered*. A retry of a delivered key is answered ``200 duplicate``; a retry
of a pending key waits for the attempt in flight in this process, or else (the first
attempt failed, or the intake restarted) sends the first request's message again. The
pipeline is idempotent by message id, so sending twice never yields a second report.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ingest.state import CollectorStateStore

log = logging.getLogger(__name__)
Sender = Callable[[Any], None]


@dataclass(frozen=True)
class Message:
    """One message the intake sends: its kind, its id (the Kafka key) and the model."""

    kind: str
    message_id: str
    model: BaseModel


@dataclass(frozen=True)
class Delivered:
    """A message the broker has; ``duplicate`` when an earlier request delivered it."""

    message_id: str
    duplicate: bool


class NotDelivered(Exception):
    """The broker did not acknowledge the message: the partner should retry."""


class KeyReused(Exception):
    """The idempotency key was first used for a different request."""


def fingerprint(kind: str, document: Any) -> str:
    """A digest of the request as submitted, to tell a retry from a different request."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{kind}\n{canonical}".encode()).hexdigest()


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking call (a store query, a producer waiting for its ack) off the loop."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


class Deliveries:
    """Sends intake messages, at most one attempt at a time per (partner, key) here."""

    def __init__(
        self,
        store: CollectorStateStore,
        senders: dict[str, Sender],
        models: dict[str, type[BaseModel]],
    ) -> None:
        self.store, self.senders, self.models = store, senders, models
        self.in_flight: dict[tuple[str, str], asyncio.Future[None]] = {}
        self.failing: tuple[float, str] | None = None  # since when, and why, nothing delivers

    def not_delivering(self) -> str | None:
        """Why the latest attempt failed, while no attempt has succeeded since (readiness)."""
        if self.failing is None:
            return None
        since, reason = self.failing
        return f"the broker has not acknowledged since {time.ctime(since)}: {reason}"

    async def _send(self, kind: str, model: BaseModel) -> None:
        try:
            await in_thread(self.senders[kind], model)
        except Exception as exc:
            log.warning("intake %s not delivered: %s", kind, exc)
            reason = f"{type(exc).__name__}: {exc}"
            since = self.failing[0] if self.failing is not None else time.time()
            self.failing = (since, reason[:300])
            raise NotDelivered(reason) from exc
        self.failing = None

    async def deliver(
        self, partner: str, key: str | None, message: Message, print_: str
    ) -> Delivered:
        """Send ``message``; with a key, once per key. Raises NotDelivered or KeyReused."""
        if key is None:
            await self._send(message.kind, message.model)
            return Delivered(message.message_id, duplicate=False)
        payload = message.model.model_dump(mode="json")
        claimed = await in_thread(
            self.store.claim_intake_key,
            partner,
            key,
            message.message_id,
            message.kind,
            print_,
            payload,
        )
        if claimed.fingerprint is not None and claimed.fingerprint != print_:
            raise KeyReused(key)
        if claimed.delivered:
            return Delivered(claimed.message_id, duplicate=True)
        slot = (partner, key)
        running = self.in_flight.get(slot)
        if running is not None:  # the same submission is being sent: its outcome is ours
            await asyncio.shield(running)
            return Delivered(claimed.message_id, duplicate=True)
        first = message.model
        if claimed.payload is not None and claimed.kind in self.models:
            first = self.models[claimed.kind].model_validate(claimed.payload)
        attempt = asyncio.ensure_future(self._attempt(partner, key, claimed.kind, first))
        self.in_flight[slot] = attempt
        attempt.add_done_callback(lambda done: self._finished(slot, done))
        await asyncio.shield(attempt)  # a client that hangs up does not stop the attempt
        return Delivered(claimed.message_id, duplicate=False)

    def _finished(self, slot: tuple[str, str], done: asyncio.Future[None]) -> None:
        self.in_flight.pop(slot, None)
        if not done.cancelled():
            done.exception()  # retrieved: every waiter has already seen it

    async def _attempt(self, partner: str, key: str, kind: str, model: BaseModel) -> None:
        await self._send(kind, model)
        try:
            await in_thread(self.store.mark_intake_key_delivered, partner, key)
        except Exception:  # delivered all the same; a retry would only send it again
            log.exception("delivered, but key %r of %s not marked delivered", key, partner)
