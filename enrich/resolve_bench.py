"""Benchmark of incident resolution over synthetic reports: ``python -m enrich.resolve_bench``.

A week of synthetic police calls across the City (the bulk of the stream), news stories
about some of the violent calls (no stated time, published hours later; half give a
nearby intersection, a quarter only the neighbourhood, a quarter only a district) and
follow-up stories days later. Prints resolves per second and, because the
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
CALL_TYPES = (  # rough shares of a week of calls for service, by resolved label
    ("other", 33.0),
    ("assault", 14.0),
    ("collision", 12.0),
    ("property_crime", 12.0),
    ("mental_health_crisis", 6.0),
    ("robbery", 3.0),
    ("fire", 3.0),
    ("missing_person", 3.0),
    ("community_conflict", 0.8),
    ("stabbing", 0.35),
    ("shots_fired", 0.35),
    ("shooting", 0.15),
)
STORY_PRECISIONS = ("intersection", "neighbourhood", "district")
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
    hood = _hood(lat, lon)
    style = rng.randrange(4)
    if style == 2:  # "in the Jane and Finch area": the neighbourhood's middle
        lat, lon = _cell_centre(lat, lon)
        loc = Location(lat=lat, lon=lon, precision=Precision.NEIGHBOURHOOD, neighbourhood=hood)
    elif style == 3:  # "in North York": a district's representative point
        name, (lat, lon) = _district(lat, lon)
        loc = Location(lat=lat, lon=lon, precision=Precision.DISTRICT, district=name)
    else:
        loc = Location(lat=lat, lon=lon, precision=Precision.INTERSECTION, neighbourhood=hood)
    loc = loc.model_copy(update={"in_city": True})
    return _enriched(report, list(call.classification.types), loc, follow_up)


def _cell_centre(lat: float, lon: float) -> tuple[float, float]:
    return (int((lat - 43.58) / 0.02) + 0.5) * 0.02 + 43.58, (
        int((lon + 79.64) / 0.02) + 0.5
    ) * 0.02 - 79.64


def _district(lat: float, lon: float) -> tuple[str, tuple[float, float]]:
    """One of four synthetic districts (quadrants) and its middle."""
    north, east = lat >= 43.715, lon >= -79.375
    name = "Synthetic " + ("North" if north else "South") + ("east" if east else "west")
    return name, (43.7725 if north else 43.6575, -79.2625 if east else -79.4875)


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

    precision = {er.report_id: er.location.precision.value for er in load.reports}

    def joined(pairs: dict[str, str], only: str | None = None) -> float:
        chosen = [(s, c) for s, c in pairs.items() if only in (None, precision[s])]
        hits = sum(incident_of[story] == incident_of[call] for story, call in chosen)
        return hits / len(chosen) if chosen else 0.0

    calls = [er.report_id for er in load.reports if er.report.source_kind == SourceKind.POLICE]
    merged_calls = len(calls) - len({incident_of[c] for c in calls})
    return {
        "reports": len(load.reports),
        "seconds": elapsed,
        "resolves_per_s": len(load.reports) / elapsed,
        "resolves_per_cpu_s": len(load.reports) / cpu,
        "incidents": len(set(incident_of.values())),
        "stories_joined": joined(load.story_of),
        **{f"stories_joined_{p}": joined(load.story_of, p) for p in STORY_PRECISIONS},
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
    for p in STORY_PRECISIONS:
        print(f"  placed at {p:<16} {figures[f'stories_joined_{p}']:>10.1%}")
    print(f"follow-ups joined to call   {figures['follow_ups_joined']:>10.1%}")
    print(f"calls merged with another   {figures['calls_merged_into_other_calls']:>10.1%}")


if __name__ == "__main__":
    main()
