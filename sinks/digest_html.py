"""The digest as one self-contained HTML page (inline CSS; the map inline as SVG for the
archived web version, or as an ``<img>`` of an attached PNG for e-mail)."""

from __future__ import annotations

from html import escape

from sinks.digest_cells import (
    area_cell,
    chip,
    location_cell,
    priority_cell,
    repeat_cells,
    sources_cell,
    supports_cell,
    table,
    types_cell,
    window_cell,
)
from sinks.digest_content import DigestContent, DigestEntry
from sinks.digest_format import CHANGE_LABELS, closes_in, count_words, label, when

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
.redacted{font-style:italic;color:#707b7c}ul.sources,ul.reasons,ul.supports{margin:0;
padding-left:1rem}.prio{font-weight:600;border-radius:3px;padding:0 .3rem}
.prio-urgent{background:#f5b7b1}.prio-high{background:#fad7a0}.prio-standard{background:#d6eaf8}
.prio-none{color:#707b7c;font-weight:400}#closing h2{border-color:#c0392b}
"""


def _closing(content: DigestContent) -> str:
    headers = ["Closes", "Priority", "Type", "Neighbourhood", "Location", "Sources"]
    rows = [
        [
            escape(closes_in(e.window_closes, content.end)),
            priority_cell(e),
            types_cell(e),
            area_cell(e),
            location_cell(e),
            sources_cell(e),
        ]
        for e in content.closing_soon
    ]
    return table(headers, rows)


def _changes(content: DigestContent) -> str:
    headers = ["Change", "Type", "Neighbourhood", "What changed", "When", "Sources"]
    rows = [
        [
            f'<span class="badge">{escape(CHANGE_LABELS.get(c.kind, c.kind))}</span>',
            types_cell(c.entry),
            area_cell(c.entry),
            escape(c.detail) or '<span class="muted">-</span>',
            escape(when(c.at.astimezone(content.end.tzinfo))),
            sources_cell(c.entry),
        ]
        for c in content.changes
    ]
    return table(headers, rows)


def _activations(entries: list[DigestEntry]) -> str:
    headers = ["Priority", "Type", "Neighbourhood", "Location", "Occurred", "Window"]
    headers += ["Recommended supports", "Sources"]
    rows = [
        [
            priority_cell(e),
            types_cell(e),
            area_cell(e),
            location_cell(e),
            escape(when(e.occurred_at)),
            window_cell(e),
            supports_cell(e),
            sources_cell(e),
        ]
        for e in entries
    ]
    return table(headers, rows)


def _incidents(entries: list[DigestEntry]) -> str:
    headers = ["Type", "Occurred", "Area", "Location", "Sources"]
    rows = [
        [
            types_cell(e),
            escape(when(e.occurred_at)),
            area_cell(e),
            location_cell(e),
            sources_cell(e),
        ]
        for e in entries
    ]
    return table(headers, rows)


def _section(key: str, title: str, inner: str, empty: bool) -> str:
    body = '<p class="muted">None.</p>' if empty else inner
    return f'<section id="{key}"><h2>{escape(title)}</h2>{body}</section>'


def _figure(content: DigestContent, map_html: str, map_notes: list[str]) -> str:
    present = sorted({t for e in content.all_entries() for t in e.types})
    legend = "".join(f"<span>{chip(t)}{escape(label(t))}</span>" for t in present)
    legend += "<span>&#9673; ringed marker: CCRP activation</span>"
    notes = "".join(f'<p class="muted">{escape(n)}</p>' for n in map_notes)
    return f'<figure>{map_html}<figcaption class="legend">{legend}</figcaption>{notes}</figure>'


def render_html(content: DigestContent, map_html: str, map_notes: list[str]) -> str:
    """The full HTML page for one day; ``map_html`` is an inline ``<svg>`` or an ``<img>``."""
    in_city = "".join(
        f"<h3>{escape(label(t))} ({len(entries)})</h3>{_incidents(entries)}"
        for t, entries in content.in_city.items()
    )
    since = escape(when(content.since)) if content.since else "the start of this digest"
    repeat_headers = ["Neighbourhood", "CCRP incidents, 30 days", "Same type", "Most recent"]
    repeats = table(repeat_headers, [repeat_cells(r) for r in content.neighbourhoods])
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>CCRP daily incident digest {content.day.isoformat()}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>CCRP daily incident digest: {content.day.strftime('%A %d %B %Y')}</h1>",
        f'<p class="muted">{escape(when(content.start))} to {escape(when(content.end))} '
        f"({escape(content.tz)}). {escape(count_words(content.counts()))}.</p>",
        _section(
            "closing",
            "Activation windows closing in the next 24 hours",
            _closing(content),
            not content.closing_soon,
        ),
        _section(
            "changes",
            f"Changed since the last digest ({since})",
            _changes(content),
            not content.changes,
        ),
        _section(
            "activations",
            "CCRP activations, most urgent first",
            _activations(content.activations),
            not content.activations,
        ),
        _section("repeat", "Repeat context by neighbourhood", repeats, not content.neighbourhoods),
        _figure(content, map_html, map_notes),
        _section("in-city", "Other incidents in the City, by type", in_city, not content.in_city),
        _section(
            "out-of-area",
            "Out of area (recorded, not activated)",
            _incidents(content.out_of_area),
            not content.out_of_area,
        ),
        _section(
            "follow-ups",
            "Follow-ups to earlier incidents",
            _incidents(content.follow_ups),
            not content.follow_ups,
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
