"""Table cells of the HTML digest; every value from a source goes through ``escape``."""

from __future__ import annotations

from html import escape

from sinks.digest_content import DigestEntry, NeighbourhoodRepeat
from sinks.digest_format import (
    WITHHELD_NOTE,
    label,
    priority_reasons,
    priority_text,
    support_text,
    type_colour,
    when,
)


def chip(incident_type: str) -> str:
    return f'<span class="chip" style="background:{type_colour(incident_type)}"></span>'


def types_cell(entry: DigestEntry) -> str:
    chips = ", ".join(f"{chip(t)}{escape(label(t))}" for t in entry.types)
    if entry.status == "retracted":
        chips += ' <span class="badge">retracted</span>'
    if entry.activation and entry.activation != "created":
        chips += f' <span class="badge">{escape(entry.activation)}</span>'
    return chips


def area_cell(entry: DigestEntry) -> str:
    badge = f'<span class="badge">{escape(entry.area_class)}</span>' if entry.area_class else ""
    unconfirmed = ' <span class="muted">(area unconfirmed)</span>' if entry.in_area is None else ""
    return f"{escape(entry.area)}{badge}{unconfirmed}"


def location_cell(entry: DigestEntry) -> str:
    if entry.withheld:
        return (
            f'<span class="summary">{escape(entry.summary or "")}</span><br>'
            f'<span class="redacted">{WITHHELD_NOTE}</span>'
        )
    text = escape(entry.location_text) if entry.location_text else "not given"
    return f'{text} <span class="muted">({escape(entry.precision)})</span>'


def sources_cell(entry: DigestEntry) -> str:
    if entry.withheld:
        names = ", ".join(escape(name) for name in entry.source_names)
        return f'<span class="redacted">{entry.report_count} report(s): {names}</span>'
    items = []
    for source in entry.sources:
        title = escape(source.title or source.source)
        if source.url:
            title = f'<a href="{escape(source.url, quote=True)}" rel="noreferrer">{title}</a>'
        items.append(f'<li>{title} <span class="muted">{escape(source.source)}</span></li>')
    return f'<ul class="sources">{"".join(items)}</ul>' if items else '<span class="muted">-</span>'


def priority_cell(entry: DigestEntry) -> str:
    level = entry.priority.level.value if entry.priority else "none"
    head = f'<span class="prio prio-{escape(level)}">{escape(priority_text(entry.priority))}</span>'
    reasons = "".join(f"<li>{escape(r)}</li>" for r in priority_reasons(entry.priority))
    return head + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")


def supports_cell(entry: DigestEntry) -> str:
    if not entry.supports:
        return '<span class="muted">not given</span>'
    items = []
    for support in entry.supports:
        name, why = support_text(support)
        items.append(f"<li><strong>{escape(name)}</strong>: {escape(why)}</li>")
    return f'<ul class="supports">{"".join(items)}</ul>'


def window_cell(entry: DigestEntry) -> str:
    return f"{escape(when(entry.window_opens))} to {escape(when(entry.window_closes))}"


def repeat_cells(repeat: NeighbourhoodRepeat) -> list[str]:
    badge = f'<span class="badge">{escape(repeat.area_class)}</span>' if repeat.area_class else ""
    recent = "".join(
        f"<li>{escape(', '.join(label(t) for t in types))} "
        f'<span class="muted">{escape(when(at))}</span></li>'
        for types, at in repeat.recent
    )
    same = "-" if repeat.same_type_30d is None else str(repeat.same_type_30d)
    basis = "" if repeat.from_event else ' <span class="muted">(counted from the store)</span>'
    return [
        f"{escape(repeat.name)}{badge}",
        f"{repeat.ccrp_30d}{basis}",
        same,
        f'<ul class="sources">{recent}</ul>' if recent else '<span class="muted">-</span>',
    ]


def table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
