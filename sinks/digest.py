"""The daily incident digest for CCRP staff, rendered from the store for one local day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sinks.digest_content import DigestContent, DigestEntry, build_digest
from sinks.digest_html import render_html, type_colour
from sinks.digest_md import render_markdown
from sinks.errors import DigestError
from sinks.store import Store
from sinks.svgmap import Area, MapMarker, areas_from_boundaries, render_map


@dataclass(frozen=True)
class DigestFiles:
    """Where one day's digest was written."""

    html: Path
    markdown: Path


def _marker_position(entry: DigestEntry, centres: Mapping[str, Any]) -> tuple[float, float] | None:
    if entry.lat is not None and entry.lon is not None:
        return entry.lat, entry.lon
    # Sensitive incidents carry no point; show them at their neighbourhood's centre.
    centre = centres.get(entry.neighbourhood_code or "")
    return (centre.y, centre.x) if centre is not None else None


def map_markers(content: DigestContent, areas: list[Area] | None) -> list[MapMarker]:
    """One marker per incident that has a position; activations emphasised."""
    centres = {a.code: a.geometry.representative_point() for a in areas or []}
    activated = {e.incident_id for e in content.activations}
    markers = []
    for entry in content.all_entries():
        position = _marker_position(entry, centres)
        if position is None:
            continue
        place = "area only" if entry.redacted else (entry.location_text or entry.area)
        markers.append(
            MapMarker(
                lat=position[0],
                lon=position[1],
                colour=type_colour(entry.primary_type),
                label=f"{', '.join(entry.types)}: {place}",
                emphasised=entry.incident_id in activated,
            )
        )
    return markers


def _map_notes(content: DigestContent, areas: list[Area] | None, markers: int) -> list[str]:
    notes = []
    if not areas:
        notes.append(
            "Neighbourhood boundaries were unavailable: points are drawn on a "
            "latitude/longitude frame of the City extent."
        )
    if any(e.redacted for e in content.all_entries()):
        placement = "at their neighbourhood's centre" if areas else "nowhere (no boundaries)"
        notes.append(
            "Intimate-partner-violence and sexual-assault incidents show type and area only; "
            f"the map places them {placement}, never at an address."
        )
    unplaced = len(content.all_entries()) - markers
    if unplaced:
        notes.append(f"{unplaced} incident(s) have no map position.")
    if content.out_of_area:
        notes.append("Out-of-area incidents outside the map frame are not drawn.")
    return notes


def render_digest(
    store: Store,
    day: date,
    out_dir: Path,
    boundaries: Mapping[str, Any] | None = None,
    tz: str = "America/Toronto",
    until: datetime | None = None,
) -> DigestFiles:
    """Write ``ccrp-digest-YYYY-MM-DD.html`` and ``.md`` for ``day`` into ``out_dir``.

    ``boundaries`` is the neighbourhood GeoJSON (or ``{code: geometry}``); without it the
    map is a bare frame of the City and says so. With ``until`` the digest covers the
    24 hours ending then.
    """
    content = build_digest(store, day, tz, until)
    areas = areas_from_boundaries(boundaries) if boundaries else None
    markers = map_markers(content, areas)
    notes = _map_notes(content, areas, len(markers))
    svg = render_map(markers, areas)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = DigestFiles(
            html=out_dir / f"ccrp-digest-{day.isoformat()}.html",
            markdown=out_dir / f"ccrp-digest-{day.isoformat()}.md",
        )
        files.html.write_text(render_html(content, svg, notes), encoding="utf-8")
        files.markdown.write_text(render_markdown(content, notes), encoding="utf-8")
    except OSError as exc:
        raise DigestError(f"cannot write the digest into {out_dir}: {exc}") from exc
    return files
