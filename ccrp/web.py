"""Hosting the HTTP surfaces with uvicorn: the partner intake and the analysts' API.

``ccrp intake serve`` and ``ccrp serve`` run a server until interrupted; ``ccrp run
--intake`` serves the intake as a task on the faust app's own event loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from prometheus_client import make_asgi_app
from pydantic import BaseModel
from sqlalchemy import text

from ccrp.settings import KafkaSettings, Settings
from ccrp.transport import IntakeProducer, create_topics
from ingest.intake import make_intake_app
from ingest.state import CollectorStateStore
from schemas import CcrReferral, RawReport

log = logging.getLogger(__name__)
Senders = tuple[Callable[[RawReport], None], Callable[[CcrReferral], None]]


def http_server(app: FastAPI, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for ``app``; ``run()`` blocks, ``serve()`` is a coroutine."""
    config = uvicorn.Config(
        app, host=host, port=port, lifespan="off", log_level="info", server_header=False
    )
    return uvicorn.Server(config)


def intake_app(store: CollectorStateStore, settings: Settings, senders: Senders) -> FastAPI:
    """The partner intake: reports and referrals go to ``senders`` once acknowledged."""
    emit, emit_referral = senders
    app = make_intake_app(
        store, emit, settings.intake, settings.timezone, emit_referral=emit_referral
    )
    return with_operator_paths(app, store, app.state.deliveries.not_delivering)


def with_operator_paths(
    app: FastAPI, store: object, blocked: Callable[[], str | None] = lambda: None
) -> FastAPI:
    """Add Prometheus ``/metrics``, and ``/readyz`` unless the app has its own, to a web app
    hosted by this package: 503 while the store does not answer, or ``blocked`` says why
    the app cannot do its work (the intake: the broker acknowledges nothing)."""
    app.mount("/metrics", make_asgi_app())
    if any(getattr(route, "path", None) == "/readyz" for route in app.routes):
        return app

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        engine = getattr(store, "engine", None)
        if engine is not None:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
            except Exception as exc:
                return JSONResponse({"detail": f"store unreachable: {type(exc).__name__}"}, 503)
        reason = blocked()
        if reason is not None:
            return JSONResponse({"detail": reason}, 503)
        return JSONResponse({"ready": True})

    return app


def broker_senders(kafka: KafkaSettings, settings: Settings) -> Senders:
    """Senders that wait for the broker's acknowledgement of each message."""
    producer = IntakeProducer(kafka, timeout_s=settings.intake.delivery_timeout_s)
    return producer.deliver_intake_report, producer.deliver_referral


@contextmanager
def file_senders(reports: Path, referrals: Path) -> Iterator[Senders]:
    """Senders appending JSON lines to two files, each line flushed before the answer."""
    lock = threading.Lock()
    with reports.open("a", encoding="utf-8") as out, referrals.open("a", encoding="utf-8") as refs:

        def writer(handle: Any) -> Callable[[BaseModel], None]:
            def write(model: BaseModel) -> None:
                with lock:  # requests are handled on several threads at once
                    handle.write(model.model_dump_json() + "\n")
                    handle.flush()

            return write

        yield writer(out), writer(refs)


@contextmanager
def cluster_senders(settings: Settings) -> Iterator[Senders]:
    """Senders to the configured cluster's topics (created when missing).

    A broker that is down at start does not stop the intake: it serves, and answers 503
    (retry with the same key) until the broker acknowledges again."""
    kafka = settings.kafka_section
    try:
        create_topics(kafka)
    except Exception as exc:  # the client's error types vary; the broker answers nothing
        log.warning("broker unreachable at start (%s); answering 503 until it is back", exc)
    yield broker_senders(kafka, settings)


async def serve_intake_on_loop(
    store: CollectorStateStore, settings: Settings, kafka: KafkaSettings
) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    """Start the intake on the running loop; stop it with :func:`stop_server`."""
    app = intake_app(store, settings, broker_senders(kafka, settings))
    server = http_server(app, settings.intake.host, settings.intake.port)
    task = asyncio.create_task(server.serve(), name="intake")
    log.info("intake listening on %s:%s", settings.intake.host, settings.intake.port)
    return server, task


async def stop_server(server: uvicorn.Server, task: asyncio.Task[None]) -> None:
    """Ask the server to finish its requests and wait until it has."""
    server.should_exit = True
    await task
