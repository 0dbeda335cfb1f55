"""The CCR referral agent: ``ccr.referrals.v1`` -> referral status in the store, and the
``ccr.referral.flagged`` event, once, on ``ccrp.activations.v1``.

Each submission is judged by the plain rule (``enrich.ccr.assess_referral``). A flagged
referral's event is produced (and acknowledged) before the store records it, so a crash in
between repeats the same event id, never loses it; an event the store already holds is
not produced again. Referral contents are never logged, and a submission that does not
parse is dead-lettered with the form's own fields only: a field the form refuses (a
name, say) never reaches the dead letters either.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from datetime import UTC, datetime
from functools import partial
from typing import Any

import faust

from ccrp.effects import dead_letter
from ccrp.resilience import Health, hold, release, until_done
from ccrp.transport import CLOUDEVENTS_JSON, decode, encode
from enrich.ccr import assess_referral, flagged_event
from schemas import REFERRALS, CcrReferral, DeadLetter, ReferralStatus
from sinks.store import Store

log = logging.getLogger(__name__)
Produce = Callable[[list[Any]], Awaitable[None]]


def form_fields_only(value: bytes | None) -> bytes:
    """The submission with every field the form does not define removed."""
    try:
        submitted = json.loads(value or b"")
    except ValueError:
        return b""
    if not isinstance(submitted, dict):
        return b""
    known = {k: v for k, v in submitted.items() if k in CcrReferral.model_fields}
    return json.dumps(known).encode()


def add_referral_agent(
    app: faust.App,
    store: Store,
    activations_topic: Any,
    produce: Produce,
    dead: Callable[[DeadLetter], Any],
    io: Executor,
    health: Health,
) -> None:
    """Add the ``assess_referrals`` agent to the app (same holding discipline as the stages:
    offsets are committed once the status is recorded and any event acknowledged)."""
    referrals_topic = app.topic(REFERRALS.name, key_serializer="raw", value_serializer="raw")

    async def in_thread(function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(io, function, *args)

    async def handle(referral: CcrReferral) -> ReferralStatus:
        assessment = assess_referral(referral)
        event = None
        if assessment.status == ReferralStatus.FLAGGED:
            event = flagged_event(referral, assessment)
            if not await in_thread(store.recorded_event_ids, [event.id]):
                key = event.subject.encode()
                await produce([(activations_topic, key, encode(event), CLOUDEVENTS_JSON)])
                await in_thread(store.record_activation, event)
        now = datetime.now(UTC)
        event_id = event.id if event else None
        status, reason = assessment.status, assessment.reason
        await in_thread(store.record_referral, referral, status, reason, now, event_id)
        return assessment.status

    @app.agent(referrals_topic, name="assess_referrals")
    async def assess_referrals(stream: faust.StreamT) -> None:
        async for events in stream.take_events(64, within=0.5):  # type: ignore[attr-defined]
            held = hold(events)
            letters = []
            for event in events:
                msg = event.message
                try:
                    referral = decode(CcrReferral, event.value)
                except Exception as exc:  # terminal: the submission itself is bad
                    dl = dead_letter(msg, "decode", exc)
                    kept = DeadLetter.encode(form_fields_only(msg.value))
                    letters.append(dead(dl.model_copy(update={"value_b64": kept})))
                    continue
                try:
                    status = await until_done(partial(handle, referral), "referrals", health)
                    log.info("referral at offset %s: %s", msg.offset, status.value)
                except Exception as exc:
                    log.exception("referral at offset %s failed", msg.offset)
                    letters.append(dead(dead_letter(msg, "ccr", exc, key=referral.key)))
            if letters:
                await until_done(partial(produce, letters), "referrals output", health)
            release(held)
