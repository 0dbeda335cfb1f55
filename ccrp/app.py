"""The faust app: thin ``async for`` agents around the stage functions.

``raw -> enrich_reports -> incidents.reports.v1 -> resolve_incidents -> enriched + activations``;
every per-message failure becomes a dead letter and the stream goes on.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust

from ccrp.effects import BatchEffects, dead_letter, resolution_key, resolve_batch
from ccrp.pipeline import StageFailure, Stages
from ccrp.settings import KafkaSettings
from ccrp.transport import decode, encode
from enrich.geo.errors import GeoConfigError
from schemas import ACTIVATIONS, DEADLETTER, ENRICHED, RAW, REPORTS, DeadLetter, RawReport
from sinks.store import Store

log = logging.getLogger(__name__)
CLOUDEVENTS_JSON = [("content-type", b"application/cloudevents+json; charset=utf-8")]
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
    app_id: str = "ccrp-intake",
    batch_size: int = 64,
) -> faust.App:
    """A faust app wired to the given stages and store (one per worker process)."""
    app = faust.App(
        app_id,
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

    async def send_dead(dl: Any) -> None:
        await (await deadletter_topic.send(key=(dl.key or "").encode(), value=encode(dl)))

    @app.agent(raw_topic, name="enrich_reports")
    async def enrich_reports(stream: faust.StreamT) -> None:
        loop = asyncio.get_running_loop()
        async for events in stream.take_events(batch_size, within=0.3):  # type: ignore[attr-defined]  # missing from faust's StreamT
            reports: list[RawReport] = []
            origins: list[Any] = []
            for event in events:
                msg = event.message
                try:
                    reports.append(decode(RawReport, event.value))
                    origins.append(msg)
                except Exception as exc:  # terminal: the message itself is bad
                    await send_dead(dead_letter(msg, "decode", exc))
            if not reports:
                continue
            started = time.perf_counter()
            reason = halted(app)
            if reason is None:
                try:
                    results = await loop.run_in_executor(cpu, stages.enrich_batch, reports)
                except GeoConfigError as exc:  # no report can be placed: halt the pipeline
                    log.critical("stopping the pipeline: %s", exc)
                    _HALTS[app] = reason = exc
            if reason is not None:  # halted: what still arrives is dead-lettered, to replay
                results = [StageFailure(report, "enrich", reason) for report in reports]
            log.debug("stage 1: %d reports in %.3fs", len(reports), time.perf_counter() - started)
            for result, msg in zip(results, origins, strict=True):
                if isinstance(result, StageFailure):
                    dl = dead_letter(msg, result.stage, result.error, key=result.report.report_id)
                    await send_dead(dl)
                    continue
                await reports_topic.send(key=resolution_key(result).encode(), value=encode(result))

    @app.agent(reports_topic, name="resolve_incidents")
    async def resolve_incidents(stream: faust.StreamT) -> None:
        loop = asyncio.get_running_loop()
        async for events in stream.take_events(256, within=0.2):  # type: ignore[attr-defined]
            messages = [event.message for event in events]
            started = time.perf_counter()
            effects, failures = await loop.run_in_executor(cpu, resolve_batch, stages, messages)
            log.debug("stage 2: %d reports in %.3fs", len(messages), time.perf_counter() - started)
            for dl in failures:
                await send_dead(dl)
            pending = [
                await enriched_topic.send(key=i.incident_id.encode(), value=encode(i))
                for i in effects.incidents.values()
            ]
            pending += [
                await activations_topic.send(
                    key=e.subject.encode(), value=encode(e), headers=CLOUDEVENTS_JSON
                )
                for e in effects.events
            ]
            await asyncio.gather(*pending)
            started = time.perf_counter()
            await loop.run_in_executor(io, apply_to_store, store, effects)
            log.debug("store: %d reports in %.3fs", len(messages), time.perf_counter() - started)

    @app.agent(deadletter_topic, name="record_dead_letters")
    async def record_dead_letters(stream: faust.StreamT) -> None:
        loop = asyncio.get_running_loop()
        async for event in stream.events():
            try:
                dl = decode(DeadLetter, event.value)
                await loop.run_in_executor(io, store.record_dead_letter, dl)
            except Exception:
                log.exception("could not record a dead letter at offset %s", event.message.offset)

    return app


def apply_to_store(store: Store, effects: BatchEffects) -> None:
    """Idempotent upserts by stable ids: replays change nothing."""
    store.upsert_incidents(effects.incidents.values())
    store.upsert_reports(effects.reports)
    for event in effects.events:
        store.record_activation(event)
