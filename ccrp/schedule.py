"""``ccrp run``: the agents stay up; each source is collected when its schedule is due,
and the digest is written once a day at ``CCRP_DIGEST_AT`` local time."""

from __future__ import annotations

import asyncio
import logging
import time as _time
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import faust
from aiohttp import web

from ccrp.app import build_app, halted
from ccrp.broker import ensure_broker
from ccrp.runjob import collector_pass, write_digest
from ccrp.runtime import build_stages, open_store
from ccrp.settings import KafkaSettings, Settings
from ccrp.transport import RawProducer, create_topics
from sinks.store import Store

log = logging.getLogger(__name__)


def digest_due(now: datetime, digest_at: time, tz: str, last_day: object) -> bool:
    """True once per local day, at or after the digest time."""
    local = now.astimezone(ZoneInfo(tz))
    return local.time() >= digest_at and local.date() != last_day


async def start_intake(store: Store, settings: Settings, kafka: KafkaSettings) -> web.AppRunner:
    """Serve the partner intake on this loop; accepted reports go to the raw topic.

    A partner gets its answer only once its own report is acknowledged by the broker.
    """
    from ingest.intake import make_intake_app

    producer = RawProducer(kafka)  # its own: collector flushes never see intake deliveries
    app = make_intake_app(store, producer.deliver_report, settings.intake, settings.timezone)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, settings.intake.host, settings.intake.port).start()
    log.info("intake listening on %s:%s", settings.intake.host, settings.intake.port)
    return runner


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
    runner = await start_intake(store, settings, kafka) if intake else None
    loop = asyncio.get_running_loop()
    digest_at = time.fromisoformat(settings.digest_at)
    last_digest_day = None
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
            if digest_due(now, digest_at, settings.timezone, last_digest_day):
                try:
                    paths = await loop.run_in_executor(None, write_digest, settings, store, now)
                    log.info("digest written: %s", ", ".join(map(str, paths)))
                except Exception:  # the stream and the collectors go on; retried next tick
                    log.exception("digest failed; retrying at the next tick")
                else:
                    last_digest_day = now.astimezone(ZoneInfo(settings.timezone)).date()
            await asyncio.sleep(settings.tick_s)
    finally:
        if runner is not None:
            await runner.cleanup()
        await app.stop()


def run_forever(settings: Settings, sources: Path, intake: bool = False) -> None:
    store = open_store(settings)
    try:
        stages = build_stages(settings, store)
        with ensure_broker(settings.kafka_section) as kafka:
            create_topics(kafka)
            app = build_app(kafka, stages, store, batch_size=settings.classify.batch_size)
            asyncio.run(scheduled_loop(app, kafka, store, settings, sources, intake))
    finally:
        store.close()


def collect_forever(settings: Settings, sources: Path, once: bool = False) -> Any:
    """The collector service: run due sources into ``incidents.raw.v1`` on a shared cluster.

    With ``once``, returns the pass's summary (None when the pass itself failed).
    """
    kafka = settings.kafka_section
    store = open_store(settings)
    producer = RawProducer(kafka)
    create_topics(kafka)
    try:
        while True:
            collect = collector_pass(settings, sources, store, force=once)
            summary = None
            try:
                summary = collect(producer.send_report, producer.flush)
                producer.flush()
                log.info("collector pass: %s", summary)
            except Exception:
                if once:
                    raise
                log.exception("collector pass failed; retrying at the next tick")
            if once:
                return summary
            _time.sleep(settings.tick_s)
    finally:
        store.close()
