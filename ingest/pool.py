"""Running tasks side by side on a bounded number of threads, each with a time to give up.

A task that overruns its give-up time is abandoned: its result comes from ``abandon``,
a fresh thread takes its place, and the stuck thread (a daemon) is left to end on its
own. So one source blocked in a call no timeout covers (a DNS lookup, say) delays
neither the other sources nor the end of the run, nor the exit of the process.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

R = TypeVar("R")


class Timed(Protocol):
    """A task that starts its own clock and says when to give up on it."""

    def begin(self) -> float: ...


T = TypeVar("T", bound=Timed)


class BoundedRunner(Generic[T, R]):
    """Run ``work(task)`` for every task on at most ``width`` threads at once.

    ``abandon`` gives the result of an overdue task, or None when the task was just
    finishing (its own result is then awaited). ``work`` must not raise; if it does
    anyway, ``abandon`` supplies that task's result too.
    """

    def __init__(
        self,
        work: Callable[[T], R],
        abandon: Callable[[T], R | None],
        width: int,
        clock: Callable[[], float] = time.monotonic,
        name: str = "collect",
    ) -> None:
        self.work = work
        self.abandon = abandon
        self.width = max(1, width)
        self.clock = clock
        self.name = name
        self._changed = threading.Condition()

    def run(self, tasks: Sequence[T]) -> list[R]:
        """Results in the order of ``tasks``, once each finished or was abandoned."""
        results: dict[int, R] = {}
        waiting = deque(range(len(tasks)))
        running: dict[int, float] = {}  # index -> give-up time
        abandoning: set[int] = set()
        late: dict[int, R] = {}  # results that arrived while their task was being given up
        threads = 0

        def worker() -> None:
            while True:
                with self._changed:
                    if not waiting:
                        return
                    index = waiting.popleft()
                    running[index] = tasks[index].begin()
                try:
                    result: R | None = self.work(tasks[index])
                except Exception:
                    result = self.abandon(tasks[index])
                with self._changed:
                    if index in abandoning and result is not None:
                        late[index] = result  # the coordinator decides; this thread goes on
                        continue
                    if index not in running:
                        return  # given up: a replacement thread took this one's place
                    del running[index]
                    if result is not None:
                        results[index] = result
                    self._changed.notify_all()

        def spawn() -> None:
            nonlocal threads
            threads += 1
            name = f"{self.name}-{threads}"
            threading.Thread(target=worker, name=name, daemon=True).start()

        for _ in range(min(self.width, len(tasks))):
            spawn()
        with self._changed:
            while waiting or running:
                now = self.clock()
                overdue = [i for i, at in running.items() if at <= now and i not in abandoning]
                if overdue:
                    abandoning.update(overdue)
                    self._changed.release()  # abandon() writes state: not under the lock
                    try:
                        given_up = {index: self.abandon(tasks[index]) for index in overdue}
                    finally:
                        self._changed.acquire()
                    for index, result in given_up.items():
                        abandoning.discard(index)
                        finished = index in late
                        own = late.pop(index, None)
                        if result is None and not finished:
                            running[index] = float("inf")  # finishing: await its result
                            continue
                        del running[index]
                        results[index] = result if result is not None else own  # type: ignore[assignment]
                        if not finished:
                            spawn()  # its thread is stuck: replace it
                    continue
                soonest = min(running.values(), default=now + 0.5)
                self._changed.wait(timeout=min(max(soonest - now, 0.01), 0.5))
        return [results[index] for index in range(len(tasks))]
