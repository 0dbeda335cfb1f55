"""The bounded runner: never more than its width at once; a stuck task is given up on time."""

from __future__ import annotations

import threading
import time

from ingest.deadline import Deadline
from ingest.pool import BoundedRunner


class Task:
    def __init__(self, name: str, seconds: float, give_up_s: float = 10.0) -> None:
        self.name = name
        self.seconds = seconds
        self.give_up_s = give_up_s
        self.release = threading.Event()

    def begin(self) -> float:
        return time.monotonic() + self.give_up_s


def test_width_bounds_how_many_run_at_once() -> None:
    lock = threading.Lock()
    running, most = 0, 0

    def work(task: Task) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(task.seconds)
        with lock:
            running -= 1
        return task.name

    tasks = [Task(f"t{n}", 0.05) for n in range(9)]
    results = BoundedRunner(work, lambda t: "abandoned", width=3).run(tasks)
    assert results == [t.name for t in tasks] and most == 3


def test_a_stuck_task_is_abandoned_and_the_rest_still_run() -> None:
    def work(task: Task) -> str:
        if task.name == "stuck":
            task.release.wait(30)  # blocked in a call no timeout covers
        return task.name

    stuck = Task("stuck", 0, give_up_s=0.3)
    tasks = [stuck] + [Task(f"t{n}", 0.01) for n in range(4)]
    started = time.monotonic()
    results = BoundedRunner(work, lambda t: f"{t.name} abandoned", width=1).run(tasks)
    stuck.release.set()
    assert results == ["stuck abandoned", "t0", "t1", "t2", "t3"]
    assert time.monotonic() - started < 2


def test_a_task_finishing_as_it_is_given_up_keeps_its_own_result() -> None:
    finishing = threading.Event()

    def work(task: Task) -> str:
        time.sleep(0.3)
        finishing.set()
        return "own result"

    def abandon(task: Task) -> str | None:
        finishing.wait(5)
        return None  # "it is finishing": its result is awaited

    results = BoundedRunner(work, abandon, width=1).run([Task("late", 0, give_up_s=0.1)])
    assert results == ["own result"]


def test_deadline_shortens_timeouts_and_cancels() -> None:
    deadline = Deadline(2.0)
    assert 1.5 < deadline.timeout(20) <= 2.0 and deadline.timeout(0.5) == 0.5
    assert deadline.allows_wait(1.0) and not deadline.allows_wait(3.0)
    deadline.cancel()
    assert deadline.cancelled and deadline.expired and not deadline.allows_wait(0.0)
    assert Deadline.unlimited().remaining() == float("inf")
