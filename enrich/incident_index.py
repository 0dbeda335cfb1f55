"""Candidate lookup for incident resolution: recent incidents by time, label and place.

Each incident is filed under every three-hour bucket its plausible event time covers (a
day bucket, for one spanning days), by label, and, when one of its reports has an exact
spot, under the ~2 km grid cell of that spot. A report with an exact spot looks only at
its own and the surrounding cells, a neighbourhood's point three cells out (plus, for
both, the incidents with no exact spot); a story placed no finer than a district, and
naming no street, only at incidents a story is in (such a place never links a call); a
follow-up story and any other report at every place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TypeVar

from enrich.affinity import compatible_types
from enrich.place_evidence import WANDERING_CODES
from enrich.signatures import Signature
from schemas import Precision

BUCKET_S = timedelta(hours=3).total_seconds()
DAY_S = timedelta(days=1).total_seconds()
WIDE_S = timedelta(hours=36).total_seconds()  # wider incidents go under day buckets
# Two exact spots further apart than about 2 km conflict (1.5 times the reach of two feed
# points), so a cell of ~2 km and its neighbours hold every spot that could match.
CELL_LAT = 0.018  # degrees: ~2 km north-south
CELL_LON = 0.025  # degrees: ~2 km east-west at Toronto's latitude
EXACT = frozenset({Precision.ADDRESS, Precision.INTERSECTION})

Cell = tuple[int, int] | None
K = TypeVar("K")


def time_bucket(when: float) -> int:
    """Number of the three-hour bucket a time (POSIX seconds) falls in."""
    return int(when // BUCKET_S)


def cell_of(signature: Signature) -> Cell:
    """Grid cell of an exact spot, None when the report has none (or its point may lie far
    from the event: a wounded person's call from a hospital)."""
    if signature.lat is None or signature.lon is None or signature.precision not in EXACT:
        return None
    if signature.code in WANDERING_CODES:
        return None
    return int(signature.lat // CELL_LAT), int(signature.lon // CELL_LON)


def _search_cell(signature: Signature) -> tuple[Cell, int]:
    """The cell a report searches around and how many cells out: one for an exact spot,
    three for a neighbourhood (its radius is ~2 km and a neighbourhood can be wide)."""
    if signature.is_follow_up and not signature.feed:
        return None, 0  # a follow-up may be told elsewhere (a vigil, a court): any place
    cell = cell_of(signature)
    if cell is not None:
        return cell, 1
    if signature.precision is Precision.NEIGHBOURHOOD and signature.lat and signature.lon:
        return (int(signature.lat // CELL_LAT), int(signature.lon // CELL_LON)), 3
    return None, 0


class _Level:
    """One granularity of time buckets: incidents by bucket, by (bucket, cell), and by
    bucket for those a story is in -- each by label."""

    def __init__(self, bucket_s: float) -> None:
        self.bucket_s = bucket_s
        self.by_time: dict[int, dict[str, set[str]]] = {}
        self.by_place: dict[tuple[int, Cell], dict[str, set[str]]] = {}
        self.with_story: dict[int, dict[str, set[str]]] = {}

    def buckets(self, lo: float, hi: float) -> range:
        return range(int(lo // self.bucket_s), int(hi // self.bucket_s) + 1)


Keys = tuple[_Level, range, list[tuple[int, Cell]], list[str], bool]


class IncidentIndex:
    """Maps time buckets (and grid cells) to the labels and ids of incidents filed there.

    An incident whose plausible time spans more than a day and a half (a follow-up's weeks)
    is filed under day buckets instead of three-hour ones, so that what the index holds
    grows with the number of incidents, not with how far back their stories reach.
    """

    def __init__(self) -> None:
        self._levels = (_Level(BUCKET_S), _Level(DAY_S))
        self._keys: dict[str, Keys] = {}

    def add(self, incident_id: str, labels: Iterable[str], members: Iterable[Signature]) -> None:
        """File (or re-file) an incident under its reports' times and spots."""
        self.remove(incident_id)
        members = list(members)
        labels = list(labels)
        lo, hi = min(m.lo for m in members), max(m.hi for m in members)
        level = self._levels[1] if hi - lo > WIDE_S else self._levels[0]
        buckets = level.buckets(lo, hi)
        cells = {cell_of(m) for m in members} - {None} or {None}
        places = [(b, cell) for b in buckets for cell in cells]
        story = not all(m.feed for m in members)
        for bucket in buckets:
            _file(level.by_time.setdefault(bucket, {}), labels, incident_id)
            if story:
                _file(level.with_story.setdefault(bucket, {}), labels, incident_id)
        for place in places:
            _file(level.by_place.setdefault(place, {}), labels, incident_id)
        self._keys[incident_id] = (level, buckets, places, labels, story)

    def remove(self, incident_id: str) -> None:
        """Forget an incident (no error if it is not filed)."""
        keys = self._keys.pop(incident_id, None)
        if keys is None:
            return
        level, buckets, places, labels, story = keys
        for bucket in buckets:
            _unfile(level.by_time, bucket, labels, incident_id)
            if story:
                _unfile(level.with_story, bucket, labels, incident_id)
        for place in places:
            _unfile(level.by_place, place, labels, incident_id)

    def candidates(self, signature: Signature, tolerance: timedelta) -> set[str]:
        """Ids of incidents near the report in time and place with a compatible label."""
        tolerance_s = tolerance.total_seconds()
        lo, hi = signature.lo - tolerance_s, signature.hi + tolerance_s
        wanted = compatible_types(signature.types)
        cell, reach = _search_cell(signature)
        near: list[Cell] = []
        if cell is not None:
            row, col = cell
            steps = range(-reach, reach + 1)
            near = [(row + dr, col + dc) for dr in steps for dc in steps]
            near.append(None)
        found: set[str] = set()
        for level in self._levels:
            buckets = level.buckets(lo, hi)
            if cell is not None:
                filed = [level.by_place.get((b, c)) for b in buckets for c in near]
            elif not signature.feed and not signature.named_streets:
                # A district or no place at all never links a call: only incidents with a story.
                filed = [level.with_story.get(b) for b in buckets]
            else:
                filed = [level.by_time.get(b) for b in buckets]
            for by_label in filed:
                if by_label:
                    for label, ids in by_label.items():
                        if label in wanted:
                            found |= ids
        return found


def _file(by_label: dict[str, set[str]], labels: list[str], incident_id: str) -> None:
    for label in labels:
        by_label.setdefault(label, set()).add(incident_id)


def _unfile(
    index: dict[K, dict[str, set[str]]], key: K, labels: list[str], incident_id: str
) -> None:
    by_label = index.get(key)
    if by_label is None:
        return
    for label in labels:
        ids = by_label.get(label)
        if ids is not None:
            ids.discard(incident_id)
            if not ids:
                del by_label[label]
    if not by_label:
        del index[key]
