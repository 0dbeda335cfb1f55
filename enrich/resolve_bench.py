"""Benchmark of incident resolution over synthetic reports: ``python -m enrich.resolve_bench``.

A week of synthetic police calls across the City (the bulk of the stream), news stories
about some of the violent calls (a nearby point, no stated time, published hours
later) and follow-up stories days later. Prints resolves per second and, because the
generator knows which call each story is about, how often stories joined their call.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from enrich.resolve import IncidentResolver
from schemas import (
    Classification,
    EnrichedReport,
    Location,
    Neighbourhood,
    Precision,
    RawReport,
    SourceKind,
)

START = datetime(2026, 7, 10, tzinfo=UTC)
CALL_TYPES = (  # rough shares of a day of calls for service, by resolved label
    ("other", 30),
    ("assault", 14),
    ("collision", 12),
    ("property_crime", 12),
    ("mental_health_crisis", 6),
    ("robbery", 3),
    ("fire", 3),
    ("missing_person", 3),
    ("community_conflict", 2),
    ("stabbing", 1),
    ("shots_fired", 1),
    ("shooting", 1),
)
VIOLENT = frozenset({"stabbing", "shots_fired", "shooting", "community_conflict"})


@dataclass
class Workload:
    """Reports in arrival order, and for each story the call it is about."""

    reports: list[EnrichedReport]
    story_of: dict[str, str]
    follow_up_of: dict[str, str]


def _hood(lat: float, lon: float) -> Neighbourhood:
    code = int((lat - 43.58) / 0.02) * 30 + int((lon + 79.64) / 0.02)  # ~2 km grid cells
    return Neighbourhood(code=str(code), name=f"Cell {code}")


def _enriched(
    report: RawReport, types: list[str], loc: Location, follow_up: bool = False
) -> EnrichedReport:
    cls = Classification(types=types, is_follow_up=follow_up, in_area=True, municipality="Toronto")
    return EnrichedReport(
        report=report, classification=cls, location=loc, content_hash=report.item_id
    )


def _call(rng: random.Random, n: int, at: datetime) -> EnrichedReport:
    label = rng.choices([t for t, _ in CALL_TYPES], [w for _, w in CALL_TYPES])[0]
    lat, lon = rng.uniform(43.60, 43.83), rng.uniform(-79.60, -79.15)
    report = RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=f"call-{n}",
        title=label,
        occurred_at=at,
        location_text=f"STREET {n % 997} ST - AVENUE {n % 991} AVE",
        lat=lat,
        lon=lon,
        collected_at=at + timedelta(minutes=2),
    )
    loc = Location(
        lat=lat,
        lon=lon,
        precision=Precision.INTERSECTION,
        neighbourhood=_hood(lat, lon),
        in_city=True,
    )
    return _enriched(report, [label], loc)


def _story(
    rng: random.Random, n: int, call: EnrichedReport, lag: timedelta, follow_up: bool
) -> EnrichedReport:
    assert (
        call.location.lat is not None and call.location.lon is not None and call.report.occurred_at
    )
    lat = call.location.lat + rng.uniform(-0.0008, 0.0008)
    lon = call.location.lon + rng.uniform(-0.0008, 0.0008)
    published = call.report.occurred_at + lag
    report = RawReport(
        source=rng.choice(("citynews", "cbc-toronto")),
        source_kind=SourceKind.NEWS,
        item_id=f"story-{n}",
        title="synthetic story",
        published_at=published,
        collected_at=published + timedelta(minutes=5),
    )
    loc = Location(
        lat=lat,
        lon=lon,
        precision=Precision.INTERSECTION,
        neighbourhood=_hood(lat, lon),
        in_city=True,
    )
    return _enriched(report, list(call.classification.types), loc, follow_up)


def workload(total: int, days: int = 7, seed: int = 0) -> Workload:
    """``total`` reports: ~88% calls, ~9% stories, ~3% follow-ups, in arrival order."""
    rng = random.Random(seed)
    span = timedelta(days=days).total_seconds()
    calls = sorted(
        (
            _call(rng, n, START + timedelta(seconds=rng.uniform(0, span)))
            for n in range(int(total * 0.88))
        ),
        key=lambda er: er.report.reported_at,
    )
    violent = [c for c in calls if VIOLENT & set(c.classification.types)]
    stories: list[EnrichedReport] = []
    story_of: dict[str, str] = {}
    follow_up_of: dict[str, str] = {}
    for n in range(total - len(calls)):
        call = rng.choice(violent)
        follow_up = n % 4 == 3
        lag = (
            timedelta(days=rng.uniform(2, 6))
            if follow_up
            else timedelta(hours=rng.uniform(0.3, 10))
        )
        story = _story(rng, n, call, lag, follow_up)
        stories.append(story)
        (follow_up_of if follow_up else story_of)[story.report_id] = call.report_id
    reports = sorted(calls + stories, key=lambda er: er.report.collected_at)
    return Workload(reports, story_of, follow_up_of)


def run(total: int, days: int, seed: int) -> dict[str, float]:
    """Resolve the workload once; figures: rate and how stories joined their calls."""
    load = workload(total, days, seed)
    resolver = IncidentResolver()
    incident_of: dict[str, str] = {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for er in load.reports:
        incident_of[er.report_id] = resolver.resolve(er).incident_id
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started

    def joined(pairs: dict[str, str]) -> float:
        hits = sum(incident_of[story] == incident_of[call] for story, call in pairs.items())
        return hits / len(pairs) if pairs else 0.0

    calls = [er.report_id for er in load.reports if er.report.source_kind == SourceKind.POLICE]
    merged_calls = len(calls) - len({incident_of[c] for c in calls})
    return {
        "reports": len(load.reports),
        "seconds": elapsed,
        "resolves_per_s": len(load.reports) / elapsed,
        "resolves_per_cpu_s": len(load.reports) / cpu,
        "incidents": len(set(incident_of.values())),
        "stories_joined": joined(load.story_of),
        "follow_ups_joined": joined(load.follow_up_of),
        "calls_merged_into_other_calls": merged_calls / len(calls),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    figures = run(args.reports, args.days, args.seed)
    print(f"reports resolved            {figures['reports']:>10.0f}")
    print(f"elapsed                     {figures['seconds']:>10.2f} s")
    print(f"resolves per second         {figures['resolves_per_s']:>10.0f}")
    print(f"resolves per CPU second     {figures['resolves_per_cpu_s']:>10.0f}")
    print(f"incidents                   {figures['incidents']:>10.0f}")
    print(f"stories joined to call      {figures['stories_joined']:>10.1%}")
    print(f"follow-ups joined to call   {figures['follow_ups_joined']:>10.1%}")
    print(f"calls merged with another   {figures['calls_merged_into_other_calls']:>10.1%}")


if __name__ == "__main__":
    main()
