"""A coarse grid over the polygons: most points are answered without any geometry test."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely

CELL_DEG = 0.004  # about 440 m north-south, 320 m east-west at Toronto's latitude


class CellGrid:
    """Grid cells lying wholly inside one polygon answer directly; the others keep the
    polygons they touch, to be tested with prepared geometry."""

    def __init__(
        self, polygons: Any, tree: shapely.STRtree, pad: float = 0.0, cell: float = CELL_DEG
    ) -> None:
        xmin, ymin, xmax, ymax = shapely.total_bounds(polygons) + np.array([-pad, -pad, pad, pad])
        self.x0, self.y0, self.cell = xmin, ymin, cell
        self.nx = max(1, math.ceil((xmax - xmin) / cell))
        self.ny = max(1, math.ceil((ymax - ymin) / cell))
        grid_x, grid_y = np.meshgrid(np.arange(self.nx), np.arange(self.ny), indexing="ij")
        ix, iy = grid_x.ravel(), grid_y.ravel()
        boxes = shapely.box(
            xmin + ix * cell, ymin + iy * cell, xmin + (ix + 1) * cell, ymin + (iy + 1) * cell
        )
        box_i, poly_i = tree.query(boxes, predicate="intersects")
        self.whole: dict[int, int] = {}
        self.touching: dict[int, tuple[int, ...]] = {}
        order = np.argsort(box_i, kind="stable")
        box_i, poly_i = box_i[order], poly_i[order]
        starts: list[int] = np.flatnonzero(np.r_[True, box_i[1:] != box_i[:-1]]).tolist()
        bounds = (starts if len(box_i) else []) + [len(box_i)]
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            key = int(ix[box_i[a]] * self.ny + iy[box_i[a]])
            owners = tuple(int(p) for p in poly_i[a:b])
            if len(owners) == 1 and shapely.contains_properly(polygons[owners[0]], boxes[box_i[a]]):
                self.whole[key] = owners[0]
            else:
                self.touching[key] = owners
        self._owners = np.full(self.nx * self.ny, -1, dtype=np.int64)
        for key, polygon in self.whole.items():
            self._owners[key] = polygon

    def whole_owners(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Vectorised: the polygon owning each point's whole cell, or -1."""
        i = np.floor((lons - self.x0) / self.cell).astype(np.int64)
        j = np.floor((lats - self.y0) / self.cell).astype(np.int64)
        inside = (i >= 0) & (i < self.nx) & (j >= 0) & (j < self.ny)
        result = np.full(len(lats), -1, dtype=np.int64)
        result[inside] = self._owners[i[inside] * self.ny + j[inside]]
        return result

    def key(self, lat: float, lon: float) -> int | None:
        """The cell of a point, or None outside the grid."""
        i = math.floor((lon - self.x0) / self.cell)
        j = math.floor((lat - self.y0) / self.cell)
        if 0 <= i < self.nx and 0 <= j < self.ny:
            return i * self.ny + j
        return None
