"""Infrastructure failures stop a stage, never a message: hold, retry, report, resume.

An agent *holds* the events of a batch (an extra reference on each message, so faust
cannot commit their offsets) until the batch's effects are durable: outputs acknowledged
by the broker and the store written. While the store or the broker is down, the step is
retried with capped exponential backoff and jitter, and the process reports itself not
ready. If the process dies or stops meanwhile, the held offsets were never committed, and
the batch is consumed again after the restart.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ccrp.errors import is_infrastructure

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Blocked:
    """A component waiting for infrastructure to come back."""

    reason: str
    since: float
    attempts: int


class Health:
    """What a process says about itself on ``/healthz`` and ``/readyz``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = time.time()
        self._blocked: dict[str, Blocked] = {}
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def block(self, component: str, reason: str) -> Blocked:
        with self._lock:
            self._seen.add(component)
            earlier = self._blocked.get(component)
            since = earlier.since if earlier else time.time()
            attempts = earlier.attempts + 1 if earlier else 1
            self._blocked[component] = Blocked(reason[:500], since, attempts)
            return self._blocked[component]

    def clear(self, component: str) -> None:
        with self._lock:
            self._blocked.pop(component, None)

    def components(self) -> list[str]:
        """Every component that was ever blocked (their gauges go back to 0 when clear)."""
        with self._lock:
            return sorted(self._seen)

    @property
    def ready(self) -> bool:
        with self._lock:
            return not self._blocked

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            blocked = {
                c: {"reason": b.reason, "since": b.since, "attempts": b.attempts}
                for c, b in self._blocked.items()
            }
        return {
            "process": self.name,
            "ready": not blocked,
            "uptime_s": round(time.time() - self.started, 1),
            "blocked": blocked,
        }


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full jitter."""

    base_s: float = 0.5
    cap_s: float = 30.0

    def delay(self, attempt: int) -> float:
        return random.uniform(0.5, 1.0) * min(self.cap_s, self.base_s * 2**attempt)


async def until_done(
    step: Callable[[], Awaitable[T]],
    component: str,
    health: Health,
    backoff: Backoff = Backoff(),
) -> T:
    """Run ``step`` until it succeeds; only infrastructure errors are retried."""
    attempt = 0
    while True:
        try:
            result = await step()
        except Exception as exc:
            if not is_infrastructure(exc):
                raise
            blocked = health.block(component, f"{type(exc).__name__}: {exc}")
            delay = backoff.delay(attempt)
            log.warning(
                "%s blocked (attempt %d, %.0f s): %s; retrying in %.1f s",
                component,
                blocked.attempts,
                time.time() - blocked.since,
                blocked.reason,
                delay,
            )
            attempt += 1
            await asyncio.sleep(delay)
            continue
        health.clear(component)
        return result


def hold(events: Iterable[Any]) -> list[Any]:
    """Keep the offsets of these events from being committed until :func:`release`."""
    held = list(events)
    for event in held:
        event.message.incref()
    return held


def release(events: Sequence[Any]) -> None:
    """The batch's effects are durable: let faust commit its offsets."""
    for event in events:
        event.message.decref()
