"""Police divisions as areas: which known points of a street lie in a call's division.

A call names its TPS division (``D14``, ``D31``...). The divisions' extents are learned from
the calls that carry coordinates (every call marks its grid cell as part of its division);
before anything is learned, each division's station gives a rough centre. Both serve one
purpose: to tell a long street's or a namesake street's points in the right part of the City
from the others.
"""

from __future__ import annotations

import math
import re
import threading
from collections import defaultdict

import numpy as np

from schemas import RawReport

CELL_LAT = 0.0025  # about 280 m
CELL_LON = 0.0035  # about 280 m at Toronto's latitude
STATION_RADIUS_M = 8_000.0  # cold start: a division reaches about this far from its station
_M_PER_DEG = 111_320.0
_COS_LAT = math.cos(math.radians(43.7))
_DIVISION = re.compile(r"^D\d{2}$")
_IN_BODY = re.compile(r"\bdivision (D\d{2})\b", re.I)

# Division stations (public addresses), as (lat, lon): a rough centre of each patrol area.
STATIONS: dict[str, tuple[float, float]] = {
    "D11": (43.6713, -79.4560),  # 2054 Davenport Rd
    "D12": (43.6937, -79.5006),  # 200 Trethewey Dr
    "D13": (43.6975, -79.4387),  # 1435 Eglinton Ave W
    "D14": (43.6506, -79.4252),  # 350 Dovercourt Rd
    "D22": (43.6437, -79.5229),  # 3699 Bloor St W
    "D23": (43.7446, -79.5940),  # 5230 Finch Ave W
    "D31": (43.7581, -79.5254),  # 40 Norfinch Dr
    "D32": (43.7727, -79.4160),  # 30 Ellerslie Ave
    "D33": (43.7555, -79.3520),  # 50 Upjohn Rd
    "D41": (43.7299, -79.2808),  # 2222 Eglinton Ave E
    "D42": (43.8006, -79.2386),  # 242 Milner Ave
    "D43": (43.7671, -79.1886),  # 4331 Lawrence Ave E
    "D51": (43.6512, -79.3629),  # 51 Parliament St
    "D52": (43.6548, -79.3893),  # 255 Dundas St W
    "D53": (43.7069, -79.4010),  # 75 Eglinton Ave W
    "D55": (43.6700, -79.3194),  # 101 Coxwell Ave
}


def report_division(report: RawReport) -> str | None:
    """The patrol division a report names (``DIVISION`` attribute, else its body), or None."""
    raw = report.raw.get("DIVISION") or report.raw.get("division")
    if isinstance(raw, str) and _DIVISION.match(raw.strip().upper()):
        return raw.strip().upper()
    found = _IN_BODY.search(report.body or "")
    return found[1].upper() if found else None


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON)


class DivisionAreas:
    """Grid cells seen per division; a point is in a division when its cell or a neighbouring
    cell is. Thread-safe; learning only adds cells."""

    def __init__(self) -> None:
        self._cells: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self._lock = threading.Lock()
        self._version = 0

    def learn(self, division: str | None, lat: float, lon: float) -> None:
        if division and _DIVISION.match(division) and math.isfinite(lat) and math.isfinite(lon):
            cell = _cell(lat, lon)
            with self._lock:
                cells = self._cells[division]
                if cell not in cells:
                    cells.add(cell)
                    self._version += 1

    @property
    def version(self) -> int:
        """Grows whenever an area gains a cell: answers of ``inside`` may then change."""
        with self._lock:
            return self._version

    def inside(self, points: np.ndarray, division: str) -> np.ndarray:
        """Boolean mask of the (lat, lon) rows lying in the division's area."""
        if len(points) == 0:
            return np.zeros(0, dtype=bool)
        with self._lock:
            cells = self._cells.get(division)
            cells = set(cells) if cells else None
        if cells is None:
            station = STATIONS.get(division)
            if station is None:
                return np.ones(len(points), dtype=bool)
            dy = (points[:, 0] - station[0]) * _M_PER_DEG
            dx = (points[:, 1] - station[1]) * _M_PER_DEG * _COS_LAT
            return np.hypot(dx, dy) <= STATION_RADIUS_M
        rows = np.floor(points[:, 0] / CELL_LAT).astype(np.int64)
        cols = np.floor(points[:, 1] / CELL_LON).astype(np.int64)
        mask = np.zeros(len(points), dtype=bool)
        for k, (r, c) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
            mask[k] = any((r + dr, c + dc) in cells for dr in (-1, 0, 1) for dc in (-1, 0, 1))
        return mask
