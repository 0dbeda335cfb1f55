"""The digest as one self-contained HTML page (inline CSS and SVG, no network)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from sinks.digest_content import DigestContent, DigestEntry

TYPE_COLOURS = {
    "shooting": "#c0392b",
    "shots_fired": "#e67e22",
    "stabbing": "#8e44ad",
    "homicide": "#111111",
    "swarming": "#d35400",
    "community_conflict": "#b7950b",
    "gun_gang_activity": "#7b241c",
    "police_raid": "#1f618d",
    "intimate_partner_violence": "#6c3483",
    "assault": "#a04000",
    "sexual_assault": "#884ea0",
    "robbery": "#117864",
    "property_crime": "#5d6d7e",
    "mental_health_crisis": "#2e86c1",
    "fire": "#f39c12",
    "collision": "#566573",
    "drug_poisoning": "#17a589",
    "missing_person": "#2874a6",
}
OTHER_COLOUR = "#7f8c8d"

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;
color:#1b2631;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #d5dbdb;padding-bottom:.2rem;
margin-top:2rem}h3{margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;
padding:.35rem .5rem;border-bottom:1px solid #e5e8e8;vertical-align:top}th{background:#f4f6f6}
.chip{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.3rem;
vertical-align:middle}.badge{font-size:.75rem;background:#fdebd0;border-radius:3px;
padding:0 .3rem;margin-left:.3rem}.muted{color:#707b7c}.digest-map{width:100%;height:auto;
border:1px solid #d5dbdb;background:#fbfcfc}.legend span{margin-right:1rem;white-space:nowrap}
.redacted{font-style:italic;color:#707b7c}ul.sources{margin:0;padding-left:1rem}
"""


def type_colour(incident_type: str) -> str:
    """Marker colour for an incident type."""
    return TYPE_COLOURS.get(incident_type, OTHER_COLOUR)


def label(incident_type: str) -> str:
    """Human label of a taxonomy value: ``shots_fired`` -> ``Shots fired``."""
    return incident_type.replace("_", " ").capitalize()


def when(value: datetime | None) -> str:
    return value.strftime("%a %d %b %H:%M") if value else "unknown"


def _types(entry: DigestEntry) -> str:
    chips = ", ".join(
        f'<span class="chip" style="background:{type_colour(t)}"></span>{escape(label(t))}'
        for t in entry.types
    )
    return chips + (' <span class="badge">retracted</span>' if entry.status == "retracted" else "")


def _area(entry: DigestEntry) -> str:
    badge = f'<span class="badge">{escape(entry.area_class)}</span>' if entry.area_class else ""
    unconfirmed = ' <span class="muted">(area unconfirmed)</span>' if entry.in_area is None else ""
    return f"{escape(entry.area)}{badge}{unconfirmed}"


def _location(entry: DigestEntry) -> str:
    if entry.redacted:
        return '<span class="redacted">withheld (type and area only)</span>'
    text = escape(entry.location_text) if entry.location_text else "not given"
    return f'{text} <span class="muted">({escape(entry.precision)})</span>'


def _sources(entry: DigestEntry) -> str:
    if entry.redacted:
        kinds = ", ".join(sorted({escape(s.source) for s in entry.sources}))
        return f'<span class="redacted">{entry.report_count} report(s): {kinds}</span>'
    items = []
    for source in entry.sources:
        text = escape(source.title or source.source)
        if source.url:
            text = f'<a href="{escape(source.url, quote=True)}">{text}</a>'
        items.append(f'<li>{text} <span class="muted">{escape(source.source)}</span></li>')
    return f'<ul class="sources">{"".join(items)}</ul>' if items else '<span class="muted">-</span>'


def _activation_badge(entry: DigestEntry) -> str:
    if not entry.activation:
        return ""
    return f' <span class="badge">{escape(entry.activation)}</span>'


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _activation_rows(entries: list[DigestEntry]) -> str:
    rows = [
        [
            _types(e) + _activation_badge(e),
            _area(e),
            _location(e),
            when(e.occurred_at),
            when(e.window_opens),
            when(e.window_closes),
            _sources(e),
        ]
        for e in entries
    ]
    headers = ["Type", "Neighbourhood", "Location", "Occurred", "Window opens", "Closes", "Sources"]
    return _table(headers, rows)


def _incident_rows(entries: list[DigestEntry]) -> str:
    headers = ["Type", "Occurred", "Area", "Location", "Sources"]
    rows = [[_types(e), when(e.occurred_at), _area(e), _location(e), _sources(e)] for e in entries]
    return _table(headers, rows)


def _section(title: str, entries_html: str, empty: bool) -> str:
    inner = '<p class="muted">None.</p>' if empty else entries_html
    return f"<section><h2>{escape(title)}</h2>{inner}</section>"


def render_html(content: DigestContent, map_svg: str, map_notes: list[str]) -> str:
    """The full HTML page for one day."""
    in_city = "".join(
        f"<h3>{escape(label(t))} ({len(entries)})</h3>{_incident_rows(entries)}"
        for t, entries in content.in_city.items()
    )
    present = sorted({t for e in content.all_entries() for t in e.types})
    legend = "".join(
        f'<span><span class="chip" style="background:{type_colour(t)}"></span>'
        f"{escape(label(t))}</span>"
        for t in present
    )
    legend += "<span>&#9673; ringed marker: CCRP activation</span>"
    notes = "".join(f'<p class="muted">{escape(n)}</p>' for n in map_notes)
    counts = (
        f"{len(content.activations)} CCRP activation(s), "
        f"{sum(len(v) for v in content.in_city.values())} other in-City incident(s), "
        f"{len(content.out_of_area)} out of area, {len(content.follow_ups)} follow-up(s)"
    )
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>CCRP daily incident digest {content.day.isoformat()}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>CCRP daily incident digest: {content.day.strftime('%A %d %B %Y')}</h1>",
        f'<p class="muted">{escape(when(content.start))} to {escape(when(content.end))} '
        f"({escape(content.tz)}). {counts}.</p>",
        f'<figure>{map_svg}<figcaption class="legend">{legend}</figcaption>{notes}</figure>',
        _section(
            "CCRP activations",
            _activation_rows(content.activations),
            not content.activations,
        ),
        _section("Other incidents in the City, by type", in_city, not content.in_city),
        _section(
            "Out of area (recorded, not activated)",
            _incident_rows(content.out_of_area),
            not content.out_of_area,
        ),
        _section(
            "Follow-ups to earlier incidents",
            _incident_rows(content.follow_ups),
            not content.follow_ups,
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
