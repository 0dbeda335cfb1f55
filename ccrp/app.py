"""The stream app: the stage loops and faust agents around the stage functions.

``raw -> stage 1 -> incidents.reports.v1 -> stage 2 -> enriched + activations`` run as
batch loops on confluent-kafka consumers (:mod:`ccrp.stage_loop`), started and stopped
with the faust app; every per-message failure becomes a dead letter and the stream goes
on. faust agents carry the low-volume streams: ``ccr.referrals.v1 -> assess_referrals``
(``ccrp.referrals``), operator corrections, and recording dead letters in the store.
A batch's offsets are committed only once its effects are durable (:mod:`ccrp.resilience`):
outputs acknowledged by the broker, then the store written. While either is down the stage
stops consuming and retries; dead letters are durable on their topic, and the store catches
up from it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import weakref
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import faust
import mode

from ccrp.correcting import CorrectionOutcome, apply_correction
from ccrp.effects import BatchEffects, dead_letter
from ccrp.errors import TransportError
from ccrp.ops import DEAD_LETTERS
from ccrp.pipeline import Stages
from ccrp.referrals import add_referral_agent
from ccrp.resilience import Health, hold, release, until_done
from ccrp.settings import KafkaSettings
from ccrp.stage_loop import StageLoop
from ccrp.stage_steps import stage_loops
from ccrp.transport import CLOUDEVENTS_JSON, Headers, decode, encode
from schemas import ACTIVATIONS, DEADLETTER, ENRICHED, DeadLetter
from schemas.corrections import IncidentCorrection
from schemas.topics import CORRECTIONS
from sinks.store import Store

log = logging.getLogger(__name__)
SEND_TIMEOUT_S = 30.0
# (faust topic, key, value, headers) of one message a faust agent produces.
FaustOutput = tuple[Any, bytes, bytes, Headers | None]
# Why an app's agents stopped taking messages (a configuration error), by app.
STAGES = ("enrich", "resolve")
_HALTS: weakref.WeakKeyDictionary[faust.App, Exception] = weakref.WeakKeyDictionary()


def halted(app: faust.App) -> Exception | None:
    """The configuration error that halted the app's agents, if one did.

    From then on the agent dead-letters what it receives (with this error as the reason,
    so it can be replayed once the settings are fixed); the job driving the app raises
    the error and stops the app in the ordinary way.
    """
    return _HALTS.get(app)


def faust_credentials(kafka: KafkaSettings) -> Any:
    """The same SASL/SSL options the confluent-kafka clients get, in faust's form."""
    ssl_context = None
    if "SSL" in kafka.security_protocol.upper():
        ssl_context = ssl.create_default_context(cafile=kafka.ssl_cafile)
    if kafka.sasl_mechanism and kafka.sasl_username:
        return faust.SASLCredentials(
            username=kafka.sasl_username,
            password=kafka.sasl_password or "",
            mechanism=kafka.sasl_mechanism,
            ssl_context=ssl_context,
        )
    return faust.SSLCredentials(ssl_context) if ssl_context else None


def build_app(
    kafka: KafkaSettings,
    stages: Stages,
    store: Store,
    *,
    app_id: str | None = None,
    batch_size: int = 64,
    health: Health | None = None,
    run_stages: Collection[str] = STAGES,
) -> faust.App:
    """A faust app wired to the given stages and store (one per worker process).

    ``run_stages``: which of the two high-volume stages this process runs (``enrich``,
    ``resolve``); a process can scale stage 1 alone.
    """
    app = faust.App(
        app_id or kafka.app_id,
        broker=f"kafka://{kafka.bootstrap}",
        broker_credentials=faust_credentials(kafka),
        store="memory://",
        topic_partitions=kafka.partitions,
        topic_replication_factor=kafka.replication_factor,
        broker_session_timeout=kafka.session_timeout_ms / 1000,
        broker_heartbeat_interval=1.0,
        consumer_auto_offset_reset="earliest",
        web_enabled=False,
        producer_acks=-1,
    )
    raw_codec: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
    enriched_topic = app.topic(ENRICHED.name, **raw_codec)
    activations_topic = app.topic(ACTIVATIONS.name, **raw_codec)
    deadletter_topic = app.topic(DEADLETTER.name, **raw_codec)
    cpu = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ccrp-stage")
    io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ccrp-store")
    health = health or Health("worker")
    app.ccrp_health = health  # type: ignore[attr-defined]  # read by the ops endpoints

    async def produce(outputs: list[FaustOutput]) -> None:
        """Send every output and wait until the broker acknowledged all of them."""
        try:
            pending = [
                await topic.send(key=key, value=value, headers=headers)
                for topic, key, value, headers in outputs
            ]
            await asyncio.wait_for(asyncio.gather(*pending), timeout=SEND_TIMEOUT_S)
        except Exception as exc:  # the broker's own error types vary by client version
            raise TransportError(f"producing {len(outputs)} messages failed: {exc!r}") from exc

    def dead(dl: DeadLetter) -> FaustOutput:
        DEAD_LETTERS.labels(dl.stage, dl.error_type).inc()
        return (deadletter_topic, (dl.key or "").encode(), encode(dl), None)

    async def in_thread(pool: ThreadPoolExecutor, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool, function, *args)

    def halt(exc: Exception) -> None:
        _HALTS[app] = exc

    loops = stage_loops(
        kafka, app.conf.id, stages, store, health, batch_size, run_stages,
        lambda: halted(app), halt, apply_to_store,
    )  # fmt: skip
    app.service(stage_loops_service(loops))
    app.ccrp_loops = loops  # type: ignore[attr-defined]  # their load, for the benchmark

    add_referral_agent(app, store, activations_topic, produce, dead, io, health)
    corrections_topic = app.topic(CORRECTIONS.name, **raw_codec)

    @app.agent(corrections_topic, name="apply_corrections")
    async def apply_corrections(stream: faust.StreamT) -> None:
        async for events in stream.take_events(16, within=0.5):  # type: ignore[attr-defined]
            held = hold(events)
            for event in events:
                outputs: list[FaustOutput] = []
                effects = BatchEffects()
                try:
                    correction = decode(IncidentCorrection, event.value)
                    done = await until_done(
                        partial(in_thread, cpu, locked_correction, stages, correction),
                        "corrections",
                        health,
                    )
                except Exception as exc:  # a correction that cannot be applied: dead letter
                    log.warning("correction at offset %s refused: %s", event.message.offset, exc)
                    key = _correction_key(event.value)
                    outputs.append(dead(dead_letter(event.message, "correct", exc, key=key)))
                else:
                    effects.incidents = {i.incident_id: i for i in done.incidents}
                    effects.versions = list(done.incidents)
                    effects.events = list(done.events)
                    effects.corrections = [done.correction]
                    outputs += [
                        (enriched_topic, i.incident_id.encode(), encode(i), None)
                        for i in done.incidents
                    ]
                    outputs += [
                        (activations_topic, e.subject.encode(), encode(e), CLOUDEVENTS_JSON)
                        for e in done.events
                    ]
                await until_done(partial(produce, outputs), "corrections output", health)
                await until_done(
                    partial(in_thread, io, apply_to_store, store, effects), "store", health
                )
            release(held)

    @app.agent(deadletter_topic, name="record_dead_letters")
    async def record_dead_letters(stream: faust.StreamT) -> None:
        async for events in stream.take_events(256, within=0.5):  # type: ignore[attr-defined]
            held = hold(events)
            letters = []
            for event in events:
                try:
                    letters.append(decode(DeadLetter, event.value))
                except Exception:  # not a dead letter at all: nothing to record
                    log.exception("unreadable dead letter at offset %s", event.message.offset)
            await until_done(
                partial(in_thread, io, store.record_dead_letters, letters), "dead letters", health
            )
            release(held)

    return app


def locked_correction(stages: Stages, correction: IncidentCorrection) -> CorrectionOutcome:
    """Apply a correction while stage 2 is between batches (they share the resolver)."""
    with stages.lock:
        return apply_correction(stages, correction)


def stage_loops_service(loops: list[StageLoop]) -> type[mode.Service]:
    """A service of the faust app that starts the stage loops with it and stops them."""

    class StageLoops(mode.Service):
        async def on_start(self) -> None:
            for loop in loops:
                loop.start()

        async def on_stop(self) -> None:
            running = asyncio.get_running_loop()
            await asyncio.gather(*(running.run_in_executor(None, s.stop) for s in loops))

    return StageLoops


def _correction_key(value: bytes | None) -> str | None:
    try:
        return decode(IncidentCorrection, value).correction_id
    except Exception:
        return None


def apply_to_store(store: Store, effects: BatchEffects) -> None:
    """Idempotent upserts by stable ids, in one transaction: replays change nothing."""
    store.write_batch(effects.reports, effects.versions, effects.events, effects.corrections)
