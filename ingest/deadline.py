"""A source's wall-clock budget, shared by every request, retry wait and page of one run."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ingest.errors import DeadlineExceeded

# Never hand a zero or negative timeout to the HTTP client: it would mean "no limit".
_SMALLEST_TIMEOUT_S = 0.05


class Deadline:
    """The moment a source's run must end, and a flag to cancel the run before that.

    ``check`` raises ``DeadlineExceeded`` once the moment has passed or the run was
    cancelled; ``timeout`` shortens a per-request timeout to what is left, so no single
    read can outlast the run by more than one short wait.
    """

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self.at = None if seconds is None else clock() + seconds
        self._cancelled = threading.Event()

    @classmethod
    def unlimited(cls) -> Deadline:
        return cls(None)

    def remaining(self) -> float:
        """Seconds left (infinite without a deadline, 0 once cancelled)."""
        if self._cancelled.is_set():
            return 0.0
        if self.at is None:
            return float("inf")
        return max(0.0, self.at - self._clock())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Make every later ``check`` fail: the run was abandoned by its runner."""
        self._cancelled.set()

    def check(self, what: str) -> None:
        """Raise ``DeadlineExceeded`` naming ``what`` was under way when time ran out."""
        if self._cancelled.is_set():
            raise DeadlineExceeded(f"{what}: the run was abandoned after its deadline")
        if self.expired:
            raise DeadlineExceeded(f"{what}: deadline of {self.seconds:g}s reached")

    def timeout(self, limit: float) -> float:
        """``limit`` shortened to the time left."""
        return max(_SMALLEST_TIMEOUT_S, min(limit, self.remaining()))

    def allows_wait(self, seconds: float) -> bool:
        """True when waiting ``seconds`` still leaves time for another attempt."""
        return seconds < self.remaining()
