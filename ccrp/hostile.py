"""The hostile-feeds run: ``ccrp sources run`` as a real process against hostile loopback feeds.

Prints (``ccrp bench hostile``) and returns the exit code, the wall-clock time from
start to exit and the child process's peak memory: the kernel's high-water mark of its
resident set (``VmHWM``), read while it runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.hostile import HostileFeeds, gzip_bomb, nested_bomb
from ingest.loopback import LoopbackServer


@dataclass
class HostileRun:
    """What the run did."""

    exit_code: int
    seconds: float
    peak_rss_mb: float
    deadline_s: float
    output: str
    reports: list[dict[str, Any]]
    sources: list[str]

    def lines_of(self, source: str) -> str:
        """The run's output line for ``source``."""
        return next((line for line in self.output.splitlines() if line.startswith(source)), "")

    def reports_of(self, source: str) -> list[dict[str, Any]]:
        return [report for report in self.reports if report["source"] == source]


class PeakMemory:
    """The high-water mark of a running child's resident set, from ``/proc/PID/status``.

    ``os.wait4``'s ``ru_maxrss`` will not do: a child forked from a large process (a test
    runner) starts its count from the parent's size at the fork. ``VmHWM`` counts the
    child's own memory since its ``exec``; it only grows, so polling misses no more than
    what grows in the last poll interval before the exit.
    """

    def __init__(self, pid: int, interval_s: float = 0.01) -> None:
        self.pid, self.interval_s = pid, interval_s
        self.kilobytes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="peak-memory", daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _poll(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while not self._done.is_set():
            try:
                text = status.read_text()
            except OSError:  # gone
                return
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
            if found is None:  # a zombie has no memory left to count
                return
            self.kilobytes = max(self.kilobytes, int(found.group(1)))
            self._done.wait(self.interval_s)


def run_hostile(workdir: Path, deadline_s: float = 5.0, drip_s: float = 2.0) -> HostileRun:
    """Serve the hostile feeds, run one collection of all of them in a child process."""
    workdir.mkdir(parents=True, exist_ok=True)
    nested_bomb(), gzip_bomb()  # built before the clock starts
    with LoopbackServer() as main, LoopbackServer() as other:
        feeds = HostileFeeds(main, other, drip_s=drip_s)
        sources = workdir / "hostile-sources.toml"
        sources.write_text(feeds.sources_toml(deadline_s), encoding="utf-8")
        out = workdir / "reports.jsonl"
        out.unlink(missing_ok=True)
        env = {**os.environ, "CCRP_DATA_DIR": str(workdir / "var"), "COLUMNS": "400"}
        for name in ("CCRP_DB_URL", "CCRP_KAFKA_BOOTSTRAP"):
            env.pop(name, None)
        command = [sys.executable, "-m", "ccrp", "sources", "run", "--sources", str(sources)]
        command += ["--force", "--out", str(out)]
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        with PeakMemory(child.pid) as peak:
            output = child.communicate()[0].decode("utf-8", "backslashreplace")
        seconds = time.monotonic() - started
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return HostileRun(
        exit_code=child.returncode,
        seconds=seconds,
        peak_rss_mb=peak.kilobytes / 1024,
        deadline_s=deadline_s,
        output=output,
        reports=[json.loads(line) for line in lines],
        sources=[entry["name"] for entry in feeds.sources(deadline_s)],
    )


def print_hostile(run: HostileRun) -> None:
    """The figures and each source's outcome."""
    print(f"sources: {len(run.sources)} in one run, deadline {run.deadline_s:g}s each")
    print(f"exit code: {run.exit_code} (3 = the pass finished, some sources failed)")
    print(f"run time: {run.seconds:.1f} s (child process, start to exit)")
    print(f"peak memory: {run.peak_rss_mb:.0f} MB (child process, peak resident set, VmHWM)")
    for source in run.sources:
        reports = run.reports_of(source)
        largest = max((len(json.dumps(r).encode()) for r in reports), default=0)
        print(f"  {source}: {len(reports)} reports written, largest {largest} bytes")
    print("output of `ccrp sources run`:")
    for line in run.output.splitlines():
        print(f"  {line}")
