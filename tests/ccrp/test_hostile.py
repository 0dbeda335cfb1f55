"""Hostile feeds, one source each, in one real ``ccrp sources run`` beside a good feed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ccrp.hostile import PeakMemory, print_hostile, run_hostile
from ingest.hostile import FORBIDDEN_ITEM, GOOD_ITEMS
from ingest.settings import CollectSettings

DEADLINE_S = 4.0
STARTUP_SLACK_S = 12.0  # interpreter and imports of a fresh process on a shared machine


def test_hostile_sources_fail_alone_within_their_deadlines(tmp_path: Path) -> None:
    run = run_hostile(tmp_path, deadline_s=DEADLINE_S)
    print_hostile(run)  # the figures: run time, peak memory, exit code

    assert run.exit_code == 3, run.output  # the pass finished, some sources failed
    assert sorted(r["item_id"] for r in run.reports_of("good")) == sorted(GOOD_ITEMS)
    assert "good: 3 new, 0 already seen, ok" in run.output
    expected = {
        "slow-drip": "FAILED DeadlineExceeded",
        "endless-paging": "FAILED PageLimitExceeded: endless-paging: stopped after 100 pages",
        "nested-bomb": "FAILED PayloadTooLarge",
        "gzip-bomb": "FAILED PayloadTooLarge",
        "redirect-off-host": "FAILED RedirectRefused",
        "oversized-item": "2 new, 0 already seen, ok",
    }
    for source, words in expected.items():
        assert words in run.lines_of(source), run.output
    assert "once decompressed" in run.lines_of("nested-bomb")

    oversized = run.reports_of("oversized-item")
    assert [r["item_id"] for r in oversized] == ["oversized-1", "after-oversized"]
    budget = CollectSettings().report_max_bytes
    assert all(len(json.dumps(r).encode()) <= budget for r in run.reports)
    assert oversized[0]["raw"]["_truncated"]
    assert not [r for r in run.reports if r["item_id"] == FORBIDDEN_ITEM]

    assert run.seconds < DEADLINE_S + 2.0 + STARTUP_SLACK_S  # deadline, one drip, start-up
    assert run.peak_rss_mb < 500


def test_peak_memory_counts_the_child_alone_not_its_large_parent() -> None:
    ballast = bytearray(400 * 1024 * 1024)  # the parent is large (a long test run)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so resident
    script = "b = bytearray(120 * 1024 * 1024); b[::4096] = b'y' * len(b[::4096])"
    child = subprocess.Popen([sys.executable, "-c", script])
    with PeakMemory(child.pid) as peak:
        child.wait()
    del ballast
    assert 120 * 1024 <= peak.kilobytes < 300 * 1024, peak.kilobytes
