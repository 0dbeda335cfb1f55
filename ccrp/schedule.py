"""``ccrp run``: the agents stay up; each source is collected when its schedule is due,
and the digest is written (and mailed, when ``CCRP_MAIL__*`` is set) once a day at
``CCRP_DIGEST_AT`` local time."""

from __future__ import annotations

import asyncio
import logging
import time as _time
from contextlib import nullcontext
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import faust

from ccrp.app import build_app, halted
from ccrp.broker import ensure_broker
from ccrp.delivery import DeliveryService
from ccrp.ops import count_source_runs, operator_endpoints
from ccrp.resilience import Health
from ccrp.runjob import collector_pass, deliver
from ccrp.runtime import build_stages, open_store
from ccrp.settings import KafkaSettings, Settings
from ccrp.transport import RawProducer, create_topics
from ccrp.web import serve_intake_on_loop, stop_server
from sinks.store import Store

log = logging.getLogger(__name__)
# A digest that failed (an SMTP server down or refusing) is tried again this much later,
# not at every tick.
DIGEST_RETRY_S = 300.0


def digest_due(now: datetime, digest_at: time, tz: str, last_day: object) -> bool:
    """True once per local day, at or after the digest time."""
    local = now.astimezone(ZoneInfo(tz))
    return local.time() >= digest_at and local.date() != last_day


async def scheduled_loop(
    app: faust.App,
    kafka: KafkaSettings,
    store: Store,
    settings: Settings,
    sources: Path,
    intake: bool = False,
) -> None:
    await app.start()
    producer = RawProducer(kafka)
    # The intake has its own producer: collector flushes never wait on partner deliveries.
    served = await serve_intake_on_loop(store, settings, kafka) if intake else None
    loop = asyncio.get_running_loop()
    digest_at = time.fromisoformat(settings.digest_at)
    last_digest_day = None
    retry_digest_at = 0.0  # monotonic time before which a failed digest is not retried
    try:
        while True:
            reason = halted(app)
            if reason is not None:  # e.g. a geocoder refusing its credentials
                raise reason
            try:
                collect = collector_pass(settings, sources, store, force=False)
                await loop.run_in_executor(None, collect, producer.send_report, producer.flush)
                await loop.run_in_executor(None, producer.flush)
            except Exception:  # one bad pass (e.g. an edited sources file) must not stop the job
                log.exception("collector pass failed; retrying at the next tick")
            now = datetime.now(UTC)
            due = digest_due(now, digest_at, settings.timezone, last_digest_day)
            if due and _time.monotonic() >= retry_digest_at:
                try:
                    outcome = await loop.run_in_executor(None, deliver, settings, store, now)
                    paths = ", ".join(map(str, outcome.paths))
                    log.info("digest written: %s; e-mail: %s", paths, outcome.mail)
                except Exception:  # the stream and the collectors go on; retried later
                    log.exception("digest failed; retrying in %.0f s", DIGEST_RETRY_S)
                    retry_digest_at = _time.monotonic() + DIGEST_RETRY_S
                else:
                    last_digest_day = now.astimezone(ZoneInfo(settings.timezone)).date()
            await asyncio.sleep(settings.tick_s)
    finally:
        if served is not None:
            await stop_server(*served)
        await app.stop()


def run_forever(settings: Settings, sources: Path, intake: bool = False) -> None:
    store = open_store(settings)
    try:
        stages = build_stages(settings, store)
        with ensure_broker(settings.kafka_section) as kafka:
            create_topics(kafka)
            health = Health("job")
            app = build_app(
                kafka, stages, store, batch_size=settings.classify.batch_size, health=health
            )
            delivery = None
            if settings.webhook.enabled:  # embedded: delivery beside the agents
                delivery = DeliveryService(kafka, store, settings.webhook, health=health)
                delivery.start()
            port = settings.ops.job_port
            try:
                with operator_endpoints(settings, health, port, lag=True, kafka=kafka):
                    asyncio.run(scheduled_loop(app, kafka, store, settings, sources, intake))
            finally:
                if delivery is not None:
                    delivery.stop()
    finally:
        store.close()


def collect_forever(settings: Settings, sources: Path, once: bool = False) -> Any:
    """The collector service: run due sources into ``incidents.raw.v1`` on a shared cluster.

    With ``once``, one pass over every source; returns its summary (None if the pass
    itself failed)."""
    kafka = settings.kafka_section
    store = open_store(settings)
    producer = RawProducer(kafka)
    create_topics(kafka)
    health = Health("collector")
    port = settings.ops.collector_port
    try:
        with operator_endpoints(settings, health, port) if not once else nullcontext():
            while True:
                summary = collect_pass(settings, sources, store, producer, health, force=once)
                if once:
                    return summary
                _time.sleep(settings.tick_s)
    finally:
        store.close()


def collect_pass(
    settings: Settings,
    sources: Path,
    store: Store,
    producer: RawProducer,
    health: Health,
    force: bool,
) -> Any:
    """One collector pass; a pass that fails as a whole (the broker or the store down) marks
    the collector not ready until one succeeds."""
    collect = collector_pass(settings, sources, store, force=force)
    try:
        summary = collect(producer.send_report, producer.flush)
        producer.flush()
    except Exception as exc:
        health.block("collector pass", f"{type(exc).__name__}: {exc}")
        log.exception("collector pass failed; retrying at the next tick")
        return None
    health.clear("collector pass")
    count_source_runs(getattr(summary, "runs", []))
    log.info("collector pass: %s", summary)
    return summary
