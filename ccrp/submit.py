"""Hand an operator's corrections to the stream, which applies them in order.

On a cluster the corrections go to ``incidents.corrections.v1`` and a worker applies
them. With the embedded default there is no running worker, so the stream app is started
for the corrections alone, and stopped once the store shows each one applied (or refused,
as a dead letter with the reason).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ccrp.app import build_app
from ccrp.broker import ensure_broker
from ccrp.errors import DrainTimeout
from ccrp.runtime import build_stages, open_store
from ccrp.settings import Settings
from ccrp.transport import KeyedProducer, create_topics
from schemas.corrections import IncidentCorrection
from schemas.topics import CORRECTIONS
from sinks.store import Store

ROUTE_KEY = "toronto"  # one owner applies corrections in order with the City's reports


@dataclass
class Submitted:
    """What became of the submitted corrections."""

    applied: set[str]
    refused: set[str]
    queued: bool  # sent to a cluster: a worker applies them


def send(settings: Settings, corrections: Sequence[IncidentCorrection]) -> None:
    producer = KeyedProducer(settings.kafka_section)
    for correction in corrections:
        producer.send(CORRECTIONS, ROUTE_KEY, correction)
    producer.flush()


def submit(
    settings: Settings, corrections: Sequence[IncidentCorrection], timeout_s: float = 180.0
) -> Submitted:
    """Apply (or queue) the corrections; the ids of those applied and refused."""
    if settings.kafka_section.bootstrap:
        send(settings, corrections)
        return Submitted(set(), set(), queued=True)
    store = open_store(settings)
    try:
        stages = build_stages(settings, store)
        with ensure_broker(settings.kafka_section) as kafka:
            create_topics(kafka)
            app = build_app(kafka, stages, store)
            local = settings.model_copy(update={"kafka": kafka})
            return asyncio.run(_drive(app, local, store, corrections, timeout_s))
    finally:
        store.close()


async def _drive(
    app: object,
    settings: Settings,
    store: Store,
    corrections: Sequence[IncidentCorrection],
    timeout_s: float,
) -> Submitted:
    ids = {c.correction_id for c in corrections}
    loop = asyncio.get_running_loop()
    await app.start()  # type: ignore[attr-defined]
    try:
        await loop.run_in_executor(None, send, settings, corrections)
        deadline = time.monotonic() + timeout_s
        while True:
            applied = await loop.run_in_executor(None, store.recorded_corrections, ids)
            refused = await loop.run_in_executor(None, store.dead_letter_keys, ids - applied)
            if applied | refused == ids:
                return Submitted(applied, refused, queued=False)
            if time.monotonic() > deadline:
                raise DrainTimeout(
                    f"{len(ids - applied - refused)} corrections not applied in time"
                )
            await asyncio.sleep(0.5)
    finally:
        await app.stop()  # type: ignore[attr-defined]
