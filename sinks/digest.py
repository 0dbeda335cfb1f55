"""The daily incident digest for CCRP staff, rendered from the store for one local day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sinks.digest_build import build_digest
from sinks.digest_content import DigestContent, DigestEntry
from sinks.digest_format import label, type_colour
from sinks.digest_html import render_html
from sinks.digest_md import render_markdown
from sinks.errors import DigestError
from sinks.store import Store
from sinks.svgmap import Area, MapMarker, areas_from_boundaries, render_map


@dataclass(frozen=True)
class DigestFiles:
    """Where one day's digest was written."""

    html: Path
    markdown: Path


@dataclass(frozen=True)
class RenderedDigest:
    """One day's digest in every form: the content, the map, the page and the text."""

    content: DigestContent
    svg: str
    notes: list[str]
    html: str
    markdown: str


def _marker_position(entry: DigestEntry, centres: Mapping[str, Any]) -> tuple[float, float] | None:
    if not entry.withheld and entry.lat is not None and entry.lon is not None:
        return entry.lat, entry.lon
    # A withheld incident is never finer than its neighbourhood: drawn at its centre.
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
        place = entry.area if entry.withheld else (entry.location_text or entry.area)
        markers.append(
            MapMarker(
                lat=position[0],
                lon=position[1],
                colour=type_colour(entry.primary_type),
                label=f"{', '.join(label(t) for t in entry.types)}: {place}",
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
    if any(e.withheld for e in content.all_entries()):
        placement = "at their neighbourhood's centre" if areas else "nowhere (no boundaries)"
        notes.append(
            "Incidents of violence against a person show type, area and time only; "
            f"the map places them {placement}, never at an address."
        )
    unplaced = len(content.all_entries()) - markers
    if unplaced:
        notes.append(f"{unplaced} incident(s) have no map position.")
    if content.out_of_area:
        notes.append("Out-of-area incidents outside the map frame are not drawn.")
    return notes


def render(
    store: Store,
    day: date,
    boundaries: Mapping[str, Any] | None = None,
    tz: str = "America/Toronto",
    until: datetime | None = None,
    since: datetime | None = None,
) -> RenderedDigest:
    """Build and render the digest of ``day`` (see :func:`build_digest` for the window)."""
    content = build_digest(store, day, tz, until, since)
    areas = areas_from_boundaries(boundaries) if boundaries else None
    markers = map_markers(content, areas)
    notes = _map_notes(content, areas, len(markers))
    svg = render_map(markers, areas)
    return RenderedDigest(
        content, svg, notes, render_html(content, svg, notes), render_markdown(content, notes)
    )


def digest_path(out_dir: Path, day: date, suffix: str) -> Path:
    """``out_dir/ccrp-digest-YYYY-MM-DD.<suffix>``."""
    return out_dir / f"ccrp-digest-{day.isoformat()}.{suffix}"


def write_files(rendered: RenderedDigest, out_dir: Path) -> DigestFiles:
    """Archive the web version (HTML with the SVG map) and the Markdown text."""
    day = rendered.content.day
    files = DigestFiles(
        html=digest_path(out_dir, day, "html"), markdown=digest_path(out_dir, day, "md")
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        files.html.write_text(rendered.html, encoding="utf-8")
        files.markdown.write_text(rendered.markdown, encoding="utf-8")
    except OSError as exc:
        raise DigestError(f"cannot write the digest into {out_dir}: {exc}") from exc
    return files


def render_digest(
    store: Store,
    day: date,
    out_dir: Path,
    boundaries: Mapping[str, Any] | None = None,
    tz: str = "America/Toronto",
    until: datetime | None = None,
    since: datetime | None = None,
) -> DigestFiles:
    """Write ``ccrp-digest-YYYY-MM-DD.html`` and ``.md`` for ``day`` into ``out_dir``.

    ``boundaries`` is the neighbourhood GeoJSON (or ``{code: geometry}``); without it the
    map is a bare frame of the City and says so. With ``until`` the digest covers the
    24 hours ending then.
    """
    return write_files(render(store, day, boundaries, tz, until, since), out_dir)
