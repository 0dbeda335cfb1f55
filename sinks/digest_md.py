"""The digest as Markdown, readable as plain text in an e-mail."""

from __future__ import annotations

from sinks.digest_content import DigestContent, DigestEntry, NeighbourhoodRepeat
from sinks.digest_format import (
    CHANGE_LABELS,
    WITHHELD_NOTE,
    closes_in,
    count_words,
    label,
    priority_reasons,
    priority_text,
    support_text,
    when,
)

_UNSAFE_IN_LINK = frozenset("<> \"'`\\")


def _md(text: str) -> str:
    # Keep source text from turning into Markdown structure, links or HTML (an escaped "<"
    # opens no tag; ">" only quotes at the start of a line, where source text never is).
    return "".join(f"\\{c}" if c in "\\`*_[]<|#" else c for c in text).replace("\n", " ")


def _link(url: str | None) -> str:
    # Links arrive percent-encoded (digest_format.safe_url); anything else is left out.
    return f" <{url}>" if url and not _UNSAFE_IN_LINK & set(url) else ""


def _area(entry: DigestEntry) -> str:
    area = _md(entry.area)
    if entry.area_class:
        area += f" \\[{entry.area_class}\\]"
    return area + (" (area unconfirmed)" if entry.in_area is None else "")


def _location(entry: DigestEntry) -> str:
    if entry.withheld:
        return f"{_md(entry.summary or '')} ({WITHHELD_NOTE})"
    return f"{_md(entry.location_text or 'location not given')} ({entry.precision})"


def _sources(entry: DigestEntry) -> list[str]:
    if entry.withheld:
        return [f"    - {entry.report_count} report(s): {_md(', '.join(entry.source_names))}"]
    return [
        f"    - {_md(s.title or s.source)} ({_md(s.source)}){_link(s.url)}" for s in entry.sources
    ]


def _types(entry: DigestEntry) -> str:
    types = ", ".join(label(t) for t in entry.types)
    if entry.status == "retracted":
        types += " (retracted)"
    if entry.activation and entry.activation != "created":
        types += f" ({entry.activation})"
    return types


def _entry(entry: DigestEntry, activation: bool = False) -> list[str]:
    lines = [f"- **{_types(entry)}**: {_area(entry)}", f"  - {_location(entry)}"]
    lines.append(f"  - occurred: {when(entry.occurred_at)}; first seen: {when(entry.first_seen)}")
    if activation:
        lines.append(f"  - priority: {priority_text(entry.priority)}")
        lines.extend(f"    - {_md(reason)}" for reason in priority_reasons(entry.priority))
        lines.append(
            f"  - window opens {when(entry.window_opens)}, closes {when(entry.window_closes)}"
        )
        supports = [support_text(s) for s in entry.supports]
        lines.append("  - recommended supports:" + ("" if supports else " not given"))
        lines.extend(f"    - {name}: {_md(why)}" for name, why in supports)
    if entry.sources:
        lines.append("  - sources:")
        lines.extend(_sources(entry))
    return lines


def _section(title: str, entries: list[DigestEntry], activation: bool = False) -> list[str]:
    lines = ["", f"## {title}", ""]
    if not entries:
        return [*lines, "None."]
    for entry in entries:
        lines.extend(_entry(entry, activation))
    return lines


def _repeat(repeat: NeighbourhoodRepeat) -> list[str]:
    cls = f" \\[{repeat.area_class}\\]" if repeat.area_class else ""
    basis = "" if repeat.from_event else " (counted from the store)"
    same = "" if repeat.same_type_30d is None else f", {repeat.same_type_30d} of the same type"
    lines = [
        f"- **{_md(repeat.name)}**{cls}: {repeat.ccrp_30d} CCRP incident(s) in 30 days{same}{basis}"
    ]
    lines.extend(
        f"  - {', '.join(label(t) for t in types)}, {when(at)}" for types, at in repeat.recent
    )
    return lines


def render_markdown(content: DigestContent, map_notes: list[str]) -> str:
    """The full Markdown text for one day."""
    lines = [
        f"# CCRP daily incident digest: {content.day.strftime('%A %d %B %Y')}",
        "",
        f"{when(content.start)} to {when(content.end)} ({content.tz}).",
        f"{count_words(content.counts())}.",
        "",
        "## Activation windows closing in the next 24 hours",
        "",
    ]
    if not content.closing_soon:
        lines.append("None.")
    for entry in content.closing_soon:
        lines.append(f"- closes {closes_in(entry.window_closes, content.end)}:")
        lines.extend("  " + line for line in _entry(entry, activation=True))
    since = when(content.since) if content.since else "the start of this digest"
    lines.extend(["", f"## Changed since the last digest ({since})", ""])
    if not content.changes:
        lines.append("None.")
    for change in content.changes:
        detail = f": {_md(change.detail)}" if change.detail else ""
        lines.append(
            f"- **{CHANGE_LABELS.get(change.kind, change.kind)}** {_types(change.entry)} in "
            f"{_area(change.entry)}{detail} ({when(change.at.astimezone(content.end.tzinfo))})"
        )
    lines.extend(_section("CCRP activations, most urgent first", content.activations, True))
    lines.extend(["", "## Repeat context by neighbourhood", ""])
    if not content.neighbourhoods:
        lines.append("None.")
    for repeat in content.neighbourhoods:
        lines.extend(_repeat(repeat))
    lines.extend(["", "## Map", "", "The map is in the HTML version of this digest."])
    lines.extend(f"_{_md(note)}_" for note in map_notes)
    lines.extend(["", "## Other incidents in the City, by type"])
    if not content.in_city:
        lines.extend(["", "None."])
    for incident_type, entries in content.in_city.items():
        lines.extend(["", f"### {label(incident_type)} ({len(entries)})", ""])
        for entry in entries:
            lines.extend(_entry(entry))
    lines.extend(_section("Out of area (recorded, not activated)", content.out_of_area))
    lines.extend(_section("Follow-ups to earlier incidents", content.follow_ups))
    return "\n".join(lines) + "\n"
