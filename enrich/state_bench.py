"""Bounded state: ``python -m enrich.state_bench`` streams synthetic reports over many
simulated days through one resolver with a 7-day window, and prints, per simulated day, the
resolution throughput, the incidents held and the process's peak memory that day.

The reports are generated day by day (a week of them is never held at once): police calls
across the City, stories about some violent calls hours later and follow-ups days later, as
in :mod:`enrich.resolve_bench`. Memory is the resident set sampled every few hundred
reports (``--tracemalloc``: the traced Python heap's peak instead, slower); once the window
is full it must stay flat.
"""

from __future__ import annotations

import argparse
import heapq
import random
import time
import tracemalloc
from collections import deque
from collections.abc import Iterator
from datetime import timedelta

from enrich.resolve import IncidentResolver
from enrich.resolve_bench import START, VIOLENT, _call, _story
from schemas import EnrichedReport

SAMPLE_EVERY = 500
PAGE_KB = 4


def rss_mb() -> float:
    """The process's resident set now, in MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_KB / 1024
    except OSError:
        return 0.0


def days_of_reports(total: int, days: int, seed: int) -> Iterator[list[EnrichedReport]]:
    """Each simulated day's reports in arrival order, generated as the days go by: stories
    about the day's violent calls hours later, follow-ups about those of 2 to 6 days ago."""
    rng = random.Random(seed)
    per_day = total // days
    violent_by_day: deque[list[EnrichedReport]] = deque(maxlen=7)
    pending: list[tuple[float, int, EnrichedReport]] = []  # stories not yet published
    n = 0
    for day in range(days):
        start = START + timedelta(days=day)
        calls = [
            _call(rng, n + i, start + timedelta(seconds=rng.uniform(0, 86_400)))
            for i in range(int(per_day * 0.88))
        ]
        n += len(calls)
        violent_by_day.append([c for c in calls if VIOLENT & set(c.classification.types)])
        older = [c for calls_of in list(violent_by_day)[:-2] for c in calls_of]
        for i in range(per_day - len(calls)):
            follow_up = i % 4 == 3 and bool(older)
            call = rng.choice(older if follow_up else violent_by_day[-1])
            assert call.report.occurred_at is not None
            if follow_up:
                published = start + timedelta(seconds=rng.uniform(0, 86_400))
                lag = published - call.report.occurred_at
            else:
                lag = timedelta(hours=rng.uniform(0.3, 10))
            story = _story(rng, n + i, call, lag, follow_up)
            heapq.heappush(pending, (story.report.collected_at.timestamp(), n + i, story))
        n += per_day
        end = (start + timedelta(days=1)).timestamp()
        todays: list[EnrichedReport] = list(calls)
        while pending and pending[0][0] < end:
            todays.append(heapq.heappop(pending)[2])
        yield sorted(todays, key=lambda er: er.report.collected_at)


def run(
    total: int, days: int, window_days: int, seed: int, traced: bool, echo: bool = False
) -> list[dict]:
    """Resolve the stream; one row of figures per simulated day (printed as it comes with
    ``echo``)."""
    resolver = IncidentResolver(follow_up_window=timedelta(days=window_days))
    if traced:
        tracemalloc.start()
    rows = []
    for day, reports in enumerate(days_of_reports(total, days, seed), 1):
        peak = rss_mb()
        if traced:
            tracemalloc.reset_peak()
        cpu = time.process_time()
        for i, er in enumerate(reports):
            resolver.resolve(er)
            resolver.take_merges()  # the stream hands every merge on, as the pipeline does
            if i % SAMPLE_EVERY == 0:
                peak = max(peak, rss_mb())
        cpu = time.process_time() - cpu
        peak = max(peak, rss_mb())
        traced_mb = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        rows.append(
            {
                "day": day,
                "reports": len(reports),
                "resolves_per_cpu_s": len(reports) / max(cpu, 1e-9),
                "incidents_held": len(resolver),
                "peak_rss_mb": peak,
                "peak_traced_mb": traced_mb,
            }
        )
        if echo:
            print(_row(rows[-1]), flush=True)
    return rows


def _row(r: dict) -> str:
    traced = "" if r["peak_traced_mb"] is None else f"{r['peak_traced_mb']:14.1f}"
    return (
        f"{r['day']:>3}  {r['reports']:>7}  {r['resolves_per_cpu_s']:>14.0f}  "
        f"{r['incidents_held']:>14}  {r['peak_rss_mb']:>11.1f}  {traced}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--window-days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args(argv)
    print(f"{args.reports} reports over {args.days} days, window {args.window_days} days")
    print("day  reports  resolves/CPU s  incidents held  peak RSS MB  peak traced MB")
    rows = run(args.reports, args.days, args.window_days, args.seed, args.tracemalloc, echo=True)
    settled = [r for r in rows if r["day"] > args.window_days + 1]
    if settled:
        key = "peak_traced_mb" if args.tracemalloc else "peak_rss_mb"
        first, last = settled[0][key], settled[-1][key]
        held = [r["incidents_held"] for r in settled]
        print(
            f"after the first window (days {settled[0]['day']}..{settled[-1]['day']}): "
            f"peak memory {first:.1f} -> {last:.1f} MB, "
            f"max {max(r[key] for r in settled):.1f} MB; incidents held "
            f"{min(held)}..{max(held)}"
        )


if __name__ == "__main__":
    main()
