"""``ccrp geo eval-growth``: a gazetteer that grows with the calls it sees and survives a
restart.

The calls of the learning days teach the gazetteer where their location texts lie (their own
coordinates, as the live locator learns from every call), one day more at a time; after each
day the location texts of the test days' calls are geocoded with their coordinates hidden,
and the share placed in the call's own neighbourhood is measured. Then the learned calls are
written to a fresh SQLite store and a new locator relearns them the way a restart does
(``ccrp.runtime.rehydrate``): the same share must come out.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccrp.adapters import coerce_report
from ccrp.runtime import GAZETTEER_REHYDRATE
from enrich.geo.gazetteer import Gazetteer
from enrich.geo.locator import Locator
from enrich.geo.neighbourhoods import NeighbourhoodIndex
from schemas import Classification, EnrichedReport, Location, Precision, RawReport
from sinks.store import Store

TORONTO = ZoneInfo("America/Toronto")


def _day(row: dict[str, Any]) -> date:
    when = datetime.fromisoformat(str(row["occurred_at"]).replace("Z", "+00:00"))
    return when.astimezone(TORONTO).date()


def _hidden(row: dict[str, Any]) -> RawReport:
    """The call as text alone: coordinates removed."""
    return coerce_report({k: v for k, v in row.items() if k not in ("lat", "lng")})


def placed_rate(locator: Locator, tests: Sequence[dict[str, Any]]) -> dict[str, float | int]:
    """How many test calls the locator places in their own neighbourhood from text alone."""
    index = locator.index
    assert index is not None
    same = claimed = 0
    for row in tests:
        truth = index.lookup(row["lat"], row["lng"])
        found = locator.locate(_hidden(row))
        claimed += found.neighbourhood is not None
        same += bool(found.neighbourhood and truth and found.neighbourhood.code == truth.code)
    return {
        "test_calls": len(tests),
        "same_neighbourhood": same,
        "same_neighbourhood_rate": round(same / max(1, len(tests)), 4),
        "right_when_claimed": round(same / max(1, claimed), 4),
    }


def _stored(reports: Iterable[RawReport], folder: Path) -> list[RawReport]:
    """The reports written to a fresh store, and read back as a restart reads them."""
    store = Store.open(f"sqlite:///{folder / 'restart.db'}")
    try:
        store.upsert_reports(
            (
                EnrichedReport(
                    report=r,
                    classification=Classification(types=["other"]),
                    location=Location(
                        lat=r.lat, lon=r.lon, precision=Precision.INTERSECTION, geocoder="source"
                    ),
                    content_hash=r.report_id,
                ),
                None,
            )
            for r in reports
        )
        return store.located_reports(GAZETTEER_REHYDRATE)
    finally:
        store.close()


def eval_growth(
    calls_path: Path,
    index: NeighbourhoodIndex,
    intersections: dict,
    learn: tuple[date, date],
    test: tuple[date, date],
) -> dict[str, Any]:
    """The same-neighbourhood rate of the test days' calls after 0, 1, ... learning days, and
    after a restart that relearns the stored calls."""
    rows = [json.loads(line) for line in calls_path.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r.get("lat") is not None and r.get("lng") is not None]
    tests = [r for r in rows if test[0] <= _day(r) <= test[1]]
    locator = Locator(index, Gazetteer.from_intersections(intersections), learn=False)
    growth = {"0 days (signalised intersections only)": placed_rate(locator, tests)}
    learned: list[RawReport] = []
    day = learn[0]
    while day <= learn[1]:
        todays = [coerce_report(r) for r in rows if _day(r) == day]
        learned += todays
        for report in todays:
            locator.remember(report)
        growth[f"{(day - learn[0]).days + 1} days (to {day})"] = {
            "calls_learned": len(learned),
            **placed_rate(locator, tests),
        }
        day += timedelta(days=1)
    with tempfile.TemporaryDirectory() as folder:
        stored = _stored(learned, Path(folder))
    restarted = Locator(index, Gazetteer.from_intersections(intersections), learn=False)
    relearned = sum(restarted.remember(report) for report in stored)
    after = placed_rate(restarted, tests)
    return {
        "calls": str(calls_path.name),
        "learned_days": f"{learn[0]}..{learn[1]}",
        "test_days": f"{test[0]}..{test[1]}",
        "growth": growth,
        "after_restart": {"stored_calls_relearned": relearned, **after},
        "restart_changes_nothing": after == _rates(growth[list(growth)[-1]]),
    }


def _rates(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if k != "calls_learned"}
