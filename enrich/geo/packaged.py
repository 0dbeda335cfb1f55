"""The City's reference data shipped inside the package, for a machine without a network.

``enrich/geo/data/`` holds compact, gzip-compressed copies of the 158- and
140-neighbourhood boundaries and the signalised-intersection gazetteer (City of Toronto
Open Data, Open Government Licence – Toronto; see ``data/NOTICE.md``). They are the last
fallback of the loader in :mod:`enrich.geo.boundaries`; ``ccrp geo package-data`` rebuilds
them from fresh downloads and prints what the simplification changes.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from enrich.geo.errors import BoundaryDataError

ATTRIBUTION = "Contains information licensed under the Open Government Licence – Toronto"
PACKAGED_FILES = {
    "neighbourhoods-158": "neighbourhoods-158.geojson.gz",
    "neighbourhoods-140": "neighbourhoods-140.geojson.gz",
    "intersections": "traffic-signal-intersections.geojson.gz",
}


def data_folder() -> Traversable:
    """The folder of the packaged reference data."""
    return resources.files("enrich.geo") / "data"


def packaged_file(name: str) -> Traversable:
    """The packaged file of a dataset (``neighbourhoods-158``, ``-140``, ``intersections``)."""
    if name not in PACKAGED_FILES:
        raise BoundaryDataError(f"no packaged dataset {name!r}")
    return data_folder() / PACKAGED_FILES[name]


def read_packaged(name: str) -> dict[str, Any] | None:
    """The packaged copy as a FeatureCollection, or None when this install has none."""
    path = packaged_file(name)
    if not path.is_file():
        return None
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError, EOFError) as exc:
        raise BoundaryDataError(f"the packaged {name} copy is unreadable: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryDataError(f"the packaged {name} copy is not a FeatureCollection")
    return data
