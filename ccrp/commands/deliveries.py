"""Commands of webhook delivery: the delivery service, the delivery log, retries, secrets."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime

import typer
from rich.console import Console
from rich.table import Table

from ccrp.settings import Settings, get_settings

console = Console(stderr=True)


def _require_webhook(settings: Settings) -> None:
    if not settings.webhook.enabled:
        raise typer.BadParameter("set CCRP_WEBHOOK__URL and CCRP_WEBHOOK__SECRET first")


def deliver(verbose: bool = typer.Option(False, "--verbose", "-v")) -> None:
    """Deliver activation events to the case system's webhook (needs CCRP_KAFKA_BOOTSTRAP)."""
    from ccrp.delivery import DeliveryService
    from ccrp.ops import operator_endpoints
    from ccrp.resilience import Health
    from ccrp.runtime import open_store
    from ccrp.transport import create_topics

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING)
    settings = get_settings()
    kafka = settings.kafka_section
    if not kafka.bootstrap:
        raise typer.BadParameter(
            "set CCRP_KAFKA_BOOTSTRAP; on the embedded default `ccrp run` delivers itself"
        )
    _require_webhook(settings)
    store = open_store(settings)
    create_topics(kafka)
    health = Health("delivery")
    service = DeliveryService(kafka, store, settings.webhook, health=health)
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    service.start()
    console.print(f"delivering to {settings.webhook.url} (group {settings.webhook.group_id})")
    try:
        with operator_endpoints(settings, health, settings.ops.delivery_port):
            stopped.wait()
    finally:
        service.stop()
        store.close()


def list_deliveries(
    ctx: typer.Context,
    everything: bool = typer.Option(False, "--all", help="Also list delivered events."),
    limit: int = typer.Option(200, min=1),
) -> None:
    """List pending and failed deliveries (attempts, last status, next attempt)."""
    if ctx.invoked_subcommand is not None:
        return
    from ccrp.runtime import open_store
    from schemas.activations import EVENT_TYPE_PREFIX
    from sinks.delivery_store import DeliveryStatus

    store = open_store(get_settings())
    statuses = None if everything else [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    try:
        records = store.deliveries(statuses, limit=limit)
        counts = store.delivery_counts()
    finally:
        store.close()
    table = Table(title="deliveries")
    for column in ("event id", "type", "status", "attempts", "last status", "at"):
        table.add_column(column, overflow="fold")
    for r in records:
        at = r.delivered_at or (r.next_attempt_at if r.status == DeliveryStatus.PENDING else None)
        table.add_row(
            r.event_id,
            r.type.removeprefix(f"{EVENT_TYPE_PREFIX}."),
            r.status.value,
            str(r.attempts),
            r.last_status or "-",
            f"{at:%Y-%m-%d %H:%M:%S}"
            if at
            else f"{r.last_attempt_at or r.enqueued_at:%Y-%m-%d %H:%M:%S}",
        )
    Console().print(table)
    Console().print("at: delivered at, next attempt (pending), or last attempt (failed)")
    Console().print(", ".join(f"{n} {s.value}" for s, n in counts.items()))


def retry(
    event: list[str] = typer.Option(None, "--event", help="Only these event ids."),
) -> None:
    """Retry pending and failed deliveries now (one attempt each), and print the outcome."""
    from ccrp.delivery import TopicDeadLetters
    from ccrp.runtime import open_store
    from sinks.deliverer import Deliverer, PassResult

    settings = get_settings()
    _require_webhook(settings)
    store = open_store(settings)
    kafka = settings.kafka_section
    # Without a cluster the embedded broker is not up: dead letters go straight to the store.
    dead = TopicDeadLetters(kafka) if kafka.bootstrap else store.record_dead_letter
    deliverer = Deliverer(store, settings.webhook, dead)
    try:
        reset = store.reset_deliveries(datetime.now(UTC), event or None)
        totals = PassResult()
        while totals.attempted < reset:  # one attempt each, even with a tiny backoff
            result = deliverer.run_due(limit=reset - totals.attempted)
            if result.attempted == 0:
                break
            totals.attempted += result.attempted
            totals.delivered += result.delivered
            totals.retrying += result.retrying
            totals.failed += result.failed
    finally:
        deliverer.close()
        store.close()
    console.print(
        f"{reset} deliveries retried: {totals.delivered} delivered, "
        f"{totals.retrying} still pending, {totals.failed} failed"
    )


def new_secret() -> None:
    """Print a fresh webhook signing secret for CCRP_WEBHOOK__SECRET and the case system."""
    from sinks.webhook import new_secret as make

    print(make())


def register(app: typer.Typer) -> None:
    app.command()(deliver)
    deliveries = typer.Typer(help="The webhook delivery log.", invoke_without_command=True)
    deliveries.callback()(list_deliveries)
    deliveries.command("retry")(retry)
    deliveries.command("new-secret")(new_secret)
    app.add_typer(deliveries, name="deliveries")
