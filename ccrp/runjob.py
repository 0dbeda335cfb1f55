"""The main job: collect, drain the stream pipeline, write the store and the digest.

``run_once`` drives one pass; the scheduled ``run_forever`` keeps the agents up and runs
each source when its schedule says so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import faust

from ccrp.app import build_app, halted
from ccrp.broker import ensure_broker
from ccrp.delivery import DeliveryService
from ccrp.errors import DrainTimeout
from ccrp.runtime import build_stages, open_store
from ccrp.settings import KafkaSettings, Settings
from ccrp.stage_groups import app_lag_by_topic
from ccrp.transport import RawProducer, create_topics
from schemas import RawReport
from sinks.errors import DigestDeliveryError
from sinks.store import Store

log = logging.getLogger(__name__)
Emit = Callable[[RawReport], None]
Confirm = Callable[[], None]
# A collection pass: emits reports, calling confirm() before it marks a batch as seen.
Collect = Callable[[Emit, Confirm], Any]


@dataclass
class JobSummary:
    """What one pass did, printed at the end of ``ccrp run --once``."""

    produced: int = 0
    processed: int = 0
    seconds: float = 0.0
    incidents: int = 0
    activations: int = 0
    dead_letters: int = 0
    deliveries: dict[str, int] | None = None
    collect: Any = None
    digest: list[Path] = field(default_factory=list)
    digest_mail: str = ""


async def wait_drained(
    store: Store,
    ids: set[str],
    timeout_s: float,
    lag: Callable[[], int] | None = None,
    crashed: Callable[[], BaseException | None] | None = None,
    poll_s: float = 0.5,
) -> int:
    """Wait until every produced report is in the store (as a report or a dead letter)
    and, when ``lag`` is given, the agents have committed everything they consumed.

    ``crashed`` gives the reason the agents stopped, if they did: it is raised at once.
    """
    deadline = time.monotonic() + timeout_s
    loop = asyncio.get_running_loop()
    waiting = set(ids)
    while True:
        reason = crashed() if crashed is not None else None
        if reason is not None:
            raise reason
        if waiting:  # ask only about what has not been seen yet: the set shrinks
            waiting -= await loop.run_in_executor(None, store.processed_ids, waiting)
        if not waiting and (lag is None or await loop.run_in_executor(None, lag) == 0):
            return len(ids)
        if time.monotonic() > deadline:
            raise DrainTimeout(f"{len(waiting)} of {len(ids)} reports not processed in time")
        await asyncio.sleep(poll_s)


def pipeline_lag(app: faust.App, kafka: KafkaSettings) -> Callable[[], int]:
    """Uncommitted messages of the app's consumer groups on the topics they read."""
    return lambda: sum(app_lag_by_topic(kafka, app.conf.id).values())


async def drive_once(
    app: faust.App,
    kafka: KafkaSettings,
    store: Store,
    collect: Collect,
    timeout_s: float,
    delivery: DeliveryService | None = None,
) -> JobSummary:
    """Start the agents, run the collectors into the raw topic, wait for the drain.

    With ``delivery``, webhook delivery runs beside the agents; once the pipeline has
    drained it gets ``settle_s`` of its settings to deliver, and what is left stays pending.
    """
    summary = JobSummary()
    started = time.monotonic()
    # An event's time is its triggering report's own time, often before the pass began:
    # the pass's events are the ones recorded during it.
    recorded_before = store.activation_count()
    loop = asyncio.get_running_loop()
    if delivery is not None:
        delivery.start()  # its consumer group joins while the collectors run
    await app.start()
    try:
        producer = RawProducer(kafka)
        ids: set[str] = set()

        def emit(report: RawReport) -> None:
            producer.send_report(report)
            ids.add(report.report_id)

        summary.collect = await loop.run_in_executor(None, collect, emit, producer.flush)
        await loop.run_in_executor(None, producer.flush)
        summary.produced = len(ids)
        lag = pipeline_lag(app, kafka)
        summary.processed = await wait_drained(
            store, ids, timeout_s, lag, crashed=lambda: halted(app)
        )
        if delivery is not None:
            await loop.run_in_executor(None, delivery.settle, delivery.webhook.settle_s)
            await wait_drained(store, set(), timeout_s, lag)  # failed deliveries' dead letters
    finally:
        if delivery is not None:
            await loop.run_in_executor(None, delivery.stop)
        await app.stop()
    summary.seconds = time.monotonic() - started
    # Reports about no incident get no stored incident: count only the stored ones.
    summary.incidents = sum(store.get_incident(i) is not None for i in store.incidents_of(ids))
    summary.dead_letters = len(store.dead_letter_keys(ids))
    summary.activations = store.activation_count() - recorded_before
    if delivery is not None:
        summary.deliveries = {s.value: n for s, n in store.delivery_counts().items()}
    return summary


def collector_pass(
    settings: Settings, sources_path: Path, store: Store, force: bool, progress: bool = True
) -> Collect:
    """A function that runs the configured collectors once, emitting raw reports."""
    import httpx

    from ingest.runner import collect_sources
    from ingest.sources_file import load_sources

    sources = load_sources(sources_path)

    def collect(emit: Emit, confirm: Confirm) -> Any:
        headers = {"User-Agent": settings.collect.user_agent}
        with httpx.Client(headers=headers, follow_redirects=True) as client:
            return collect_sources(
                sources.sources,
                client,
                store,
                emit,
                settings=settings.collect,
                force=force,
                timezone=sources.timezone,
                progress=progress,
                confirm=confirm,
            )

    return collect


@dataclass(frozen=True)
class DigestOutcome:
    """The digest files of a pass and what became of the e-mail."""

    paths: list[Path]
    mail: str


def deliver(settings: Settings, store: Store, now: datetime) -> DigestOutcome:
    """Write the digest of the 24 hours ending ``now`` and, when mail is configured, mail
    it (once per local day: a rerun the same day sends nothing)."""
    from sinks.digest_send import deliver_digest

    boundaries = None
    try:
        from enrich.geo import load_boundaries_geojson

        boundaries = load_boundaries_geojson(settings.geo, settings.data_dir)
    except Exception as exc:  # the digest still renders, with a plain point map
        log.warning("neighbourhood boundaries unavailable for the digest map: %s", exc)
    day = now.astimezone(ZoneInfo(settings.timezone)).date()
    out_dir = settings.data_dir / "digest"
    result = deliver_digest(
        store, day, out_dir, settings.mail, boundaries, settings.timezone, until=now
    )
    paths = [Path(p) for p in (result.files.html, result.files.markdown, result.eml) if p]
    if result.sent:
        log.info("digest of %s mailed to %s", day, ", ".join(result.recipients))
    mail = f"sent to {len(result.recipients)} recipient(s)" if result.sent else result.reason
    return DigestOutcome(paths, mail)


def run_once(settings: Settings, sources_path: Path, timeout_s: float = 600.0) -> JobSummary:
    """One pass of the main job on the configured (or embedded) broker and store."""
    return run_pipeline_once(
        settings, lambda store: collector_pass(settings, sources_path, store, force=True), timeout_s
    )


def run_pipeline_once(
    settings: Settings,
    make_collect: Callable[[Store], Collect],
    timeout_s: float = 600.0,
    digest: bool = True,
) -> JobSummary:
    """Start the agents, run one collection through them, drain, write the digest."""
    store = open_store(settings)
    try:
        stages = build_stages(settings, store)
        with ensure_broker(settings.kafka_section) as kafka:
            create_topics(kafka)
            app = build_app(kafka, stages, store, batch_size=settings.classify.batch_size)
            collect = make_collect(store)
            delivery = (
                DeliveryService(kafka, store, settings.webhook)
                if settings.webhook.enabled
                else None
            )
            summary = asyncio.run(drive_once(app, kafka, store, collect, timeout_s, delivery))
        if digest:
            try:
                outcome = deliver(settings, store, datetime.now(UTC))
            except DigestDeliveryError as exc:  # the files are written; the next run mails them
                log.error("the digest could not be mailed: %s", exc)
                summary.digest_mail = f"FAILED, tried again on the next run: {exc}"
            else:
                summary.digest, summary.digest_mail = outcome.paths, outcome.mail
        return summary
    finally:
        store.close()
