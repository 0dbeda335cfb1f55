"""The faust app: thin ``async for`` agents around the stage functions.

``raw -> enrich_reports -> incidents.reports.v1 -> resolve_incidents -> enriched + activations``;
every per-message failure becomes a dead letter and the stream goes on;
``ccr.referrals.v1 -> assess_referrals -> referral status + flagged events`` (``ccrp.referrals``).
A batch's offsets are committed only once its effects are durable (:mod:`ccrp.resilience`):
outputs acknowledged by the broker, then the store written. While either is down the agent
stops consuming and retries; dead letters are durable on their topic, and the store catches
up from it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import weakref
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import faust

from ccrp.correcting import apply_correction
from ccrp.effects import BatchEffects, dead_letter, resolution_key, resolve_batch
from ccrp.errors import TransportError
from ccrp.ops import DEAD_LETTERS, STAGE_REPORTS
from ccrp.pipeline import StageFailure, Stages
from ccrp.referrals import add_referral_agent
from ccrp.resilience import Health, hold, release, until_done
from ccrp.settings import KafkaSettings
from ccrp.transport import CLOUDEVENTS_JSON, decode, encode
from enrich.geo.errors import GeoConfigError
from schemas import ACTIVATIONS, DEADLETTER, ENRICHED, RAW, REPORTS, DeadLetter, RawReport
from schemas.corrections import IncidentCorrection
from schemas.topics import CORRECTIONS
from sinks.store import Store

log = logging.getLogger(__name__)
SEND_TIMEOUT_S = 30.0
# (topic, key, value, headers) of one message to produce.
Output = tuple[Any, bytes, bytes, list[tuple[str, bytes]] | None]
# Why an app's agents stopped taking messages (a configuration error), by app.
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
) -> faust.App:
    """A faust app wired to the given stages and store (one per worker process)."""
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
    raw_topic = app.topic(RAW.name, **raw_codec)
    reports_topic = app.topic(REPORTS.name, **raw_codec)
    enriched_topic = app.topic(ENRICHED.name, **raw_codec)
    activations_topic = app.topic(ACTIVATIONS.name, **raw_codec)
    deadletter_topic = app.topic(DEADLETTER.name, **raw_codec)
    cpu = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ccrp-stage")
    io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ccrp-store")
    health = health or Health("worker")
    app.ccrp_health = health  # type: ignore[attr-defined]  # read by the ops endpoints

    async def produce(outputs: list[Output]) -> None:
        """Send every output and wait until the broker acknowledged all of them."""
        try:
            pending = [
                await topic.send(key=key, value=value, headers=headers)
                for topic, key, value, headers in outputs
            ]
            await asyncio.wait_for(asyncio.gather(*pending), timeout=SEND_TIMEOUT_S)
        except Exception as exc:  # the broker's own error types vary by client version
            raise TransportError(f"producing {len(outputs)} messages failed: {exc!r}") from exc

    def dead(dl: DeadLetter) -> Output:
        DEAD_LETTERS.labels(dl.stage, dl.error_type).inc()
        return (deadletter_topic, (dl.key or "").encode(), encode(dl), None)

    async def in_thread(pool: ThreadPoolExecutor, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool, function, *args)

    @app.agent(raw_topic, name="enrich_reports")
    async def enrich_reports(stream: faust.StreamT) -> None:
        async for events in stream.take_events(batch_size, within=0.3):  # type: ignore[attr-defined]  # missing from faust's StreamT
            held = hold(events)
            reports: list[RawReport] = []
            origins: list[Any] = []
            outputs: list[Output] = []
            for event in events:
                try:
                    reports.append(decode(RawReport, event.value))
                    origins.append(event.message)
                except Exception as exc:  # terminal: the message itself is bad
                    outputs.append(dead(dead_letter(event.message, "decode", exc)))
            reason = halted(app)
            if reason is None:
                try:
                    results = await until_done(
                        partial(in_thread, cpu, stages.enrich_batch, reports), "stage 1", health
                    )
                except GeoConfigError as exc:  # no report can be placed: halt the pipeline
                    log.critical("stopping the pipeline: %s", exc)
                    _HALTS[app] = reason = exc
            if reason is not None:  # halted: what still arrives is dead-lettered, to replay
                results = [StageFailure(report, "enrich", reason) for report in reports]
            for result, msg in zip(results, origins, strict=True):
                if isinstance(result, StageFailure):
                    key = result.report.report_id
                    outputs.append(dead(dead_letter(msg, result.stage, result.error, key=key)))
                else:
                    key_bytes = resolution_key(result).encode()
                    outputs.append((reports_topic, key_bytes, encode(result), None))
            await until_done(partial(produce, outputs), "stage 1 output", health)
            release(held)
            STAGE_REPORTS.labels("enrich", "in").inc(len(held))
            STAGE_REPORTS.labels("enrich", "out").inc(len(outputs))

    @app.agent(reports_topic, name="resolve_incidents")
    async def resolve_incidents(stream: faust.StreamT) -> None:
        async for events in stream.take_events(256, within=0.2):  # type: ignore[attr-defined]
            held = hold(events)
            messages = [event.message for event in events]
            effects, failures = await until_done(
                partial(in_thread, cpu, resolve_batch, stages, messages), "stage 2", health
            )
            outputs = [dead(dl) for dl in failures]
            outputs += [
                (enriched_topic, i.incident_id.encode(), encode(i), None)
                for i in effects.incidents.values()
            ]
            outputs += [
                (activations_topic, e.subject.encode(), encode(e), CLOUDEVENTS_JSON)
                for e in effects.events
            ]
            await until_done(partial(produce, outputs), "stage 2 output", health)
            try:
                await until_done(
                    partial(in_thread, io, apply_to_store, store, effects), "store", health
                )
            except Exception as exc:  # a value the store refuses: the batch becomes dead letters
                log.exception("the store refused a batch of %d reports", len(messages))
                letters = [dead(dead_letter(m, "store", exc)) for m in messages]
                await until_done(partial(produce, letters), "stage 2 output", health)
            release(held)
            STAGE_REPORTS.labels("resolve", "in").inc(len(held))
            STAGE_REPORTS.labels("resolve", "out").inc(len(outputs))

    add_referral_agent(app, store, activations_topic, produce, dead, io, health)
    corrections_topic = app.topic(CORRECTIONS.name, **raw_codec)

    @app.agent(corrections_topic, name="apply_corrections")
    async def apply_corrections(stream: faust.StreamT) -> None:
        async for events in stream.take_events(16, within=0.5):  # type: ignore[attr-defined]
            held = hold(events)
            for event in events:
                outputs, effects = [], BatchEffects()
                try:
                    correction = decode(IncidentCorrection, event.value)
                    done = await until_done(
                        partial(in_thread, cpu, apply_correction, stages, correction),
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


def _correction_key(value: bytes | None) -> str | None:
    try:
        return decode(IncidentCorrection, value).correction_id
    except Exception:
        return None


def apply_to_store(store: Store, effects: BatchEffects) -> None:
    """Idempotent upserts by stable ids: replays change nothing."""
    store.upsert_incidents(effects.versions)
    store.upsert_reports(effects.reports)
    for event in effects.events:
        store.record_activation(event)
    store.record_corrections(effects.corrections)
