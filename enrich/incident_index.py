"""Candidate lookup for incident resolution: recent incidents by time, label and place.

Each incident is filed under every three-hour bucket its plausible event time covers,
by label, and, when one of its reports has an exact spot, under the ~3 km grid cell of
that spot. A
report with an exact spot looks only at its own and the surrounding cells (plus the
incidents with no exact spot); a report without one looks at every place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TypeVar

from enrich.affinity import compatible_types
from enrich.signatures import Signature
from schemas import Precision

BUCKET_S = timedelta(hours=3).total_seconds()
CELL_LAT = 0.027  # degrees: ~3 km north-south
CELL_LON = 0.037  # degrees: ~3 km east-west at Toronto's latitude
EXACT = frozenset({Precision.ADDRESS, Precision.INTERSECTION})

Cell = tuple[int, int] | None
K = TypeVar("K")


def time_bucket(when: float) -> int:
    """Number of the three-hour bucket a time (POSIX seconds) falls in."""
    return int(when // BUCKET_S)


def cell_of(signature: Signature) -> Cell:
    """Grid cell of an exact spot, None when the report has none."""
    if signature.lat is None or signature.lon is None or signature.precision not in EXACT:
        return None
    return int(signature.lat // CELL_LAT), int(signature.lon // CELL_LON)


class IncidentIndex:
    """Maps hour buckets (and grid cells) to the labels and ids of incidents filed there."""

    def __init__(self) -> None:
        self._by_time: dict[int, dict[str, set[str]]] = {}
        self._by_place: dict[tuple[int, Cell], dict[str, set[str]]] = {}
        self._keys: dict[str, tuple[list[int], list[tuple[int, Cell]], list[str]]] = {}

    def add(self, incident_id: str, labels: Iterable[str], members: Iterable[Signature]) -> None:
        """File (or re-file) an incident under its reports' times and spots."""
        self.remove(incident_id)
        members = list(members)
        labels = list(labels)
        buckets = list(
            range(
                time_bucket(min(m.lo for m in members)), time_bucket(max(m.hi for m in members)) + 1
            )
        )
        cells = {cell_of(m) for m in members} - {None} or {None}
        places = [(b, cell) for b in buckets for cell in cells]
        for bucket in buckets:
            _file(self._by_time.setdefault(bucket, {}), labels, incident_id)
        for place in places:
            _file(self._by_place.setdefault(place, {}), labels, incident_id)
        self._keys[incident_id] = (buckets, places, labels)

    def remove(self, incident_id: str) -> None:
        """Forget an incident (no error if it is not filed)."""
        keys = self._keys.pop(incident_id, None)
        if keys is None:
            return
        buckets, places, labels = keys
        for bucket in buckets:
            _unfile(self._by_time, bucket, labels, incident_id)
        for place in places:
            _unfile(self._by_place, place, labels, incident_id)

    def candidates(self, signature: Signature, tolerance: timedelta) -> set[str]:
        """Ids of incidents near the report in time and place with a compatible label."""
        tolerance_s = tolerance.total_seconds()
        buckets = range(
            time_bucket(signature.lo - tolerance_s), time_bucket(signature.hi + tolerance_s) + 1
        )
        wanted = compatible_types(signature.types)
        cell = cell_of(signature)
        if cell is None:
            filed = [self._by_time.get(b) for b in buckets]
        else:
            row, col = cell
            near: list[Cell] = [(row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
            near.append(None)
            filed = [self._by_place.get((b, c)) for b in buckets for c in near]
        found: set[str] = set()
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
