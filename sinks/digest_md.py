"""The digest as Markdown, readable as plain text in an e-mail."""

from __future__ import annotations

from sinks.digest_content import DigestContent, DigestEntry
from sinks.digest_html import label, when


def _md(text: str) -> str:
    # Keep source text from turning into Markdown structure or links.
    return "".join(f"\\{c}" if c in "\\`*_[]<>|#" else c for c in text).replace("\n", " ")


def _area(entry: DigestEntry) -> str:
    area = _md(entry.area)
    if entry.area_class:
        area += f" [{entry.area_class}]"
    return area + (" (area unconfirmed)" if entry.in_area is None else "")


def _location(entry: DigestEntry) -> str:
    if entry.redacted:
        return "location withheld (type and area only)"
    return f"{_md(entry.location_text or 'location not given')} ({entry.precision})"


def _sources(entry: DigestEntry) -> list[str]:
    if entry.redacted:
        kinds = ", ".join(sorted({s.source for s in entry.sources}))
        return [f"    - {entry.report_count} report(s): {_md(kinds)}"]
    lines = []
    for source in entry.sources:
        title = _md(source.title or source.source)
        link = f" <{source.url}>" if source.url else ""
        lines.append(f"    - {title} ({_md(source.source)}){link}")
    return lines


def _entry(entry: DigestEntry, activation: bool = False) -> list[str]:
    types = ", ".join(label(t) for t in entry.types)
    if entry.status == "retracted":
        types += " (retracted)"
    lines = [f"- **{types}**: {_area(entry)}", f"  - {_location(entry)}"]
    lines.append(f"  - occurred: {when(entry.occurred_at)}; first seen: {when(entry.first_seen)}")
    if activation:
        lines.append(
            f"  - {entry.activation or 'activation'}; window opens {when(entry.window_opens)}, "
            f"closes {when(entry.window_closes)}"
        )
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


def render_markdown(content: DigestContent, map_notes: list[str]) -> str:
    """The full Markdown text for one day."""
    lines = [
        f"# CCRP daily incident digest: {content.day.strftime('%A %d %B %Y')}",
        "",
        f"{when(content.start)} to {when(content.end)} ({content.tz}).",
        f"{len(content.activations)} CCRP activation(s), "
        f"{sum(len(v) for v in content.in_city.values())} other in-City incident(s), "
        f"{len(content.out_of_area)} out of area, {len(content.follow_ups)} follow-up(s).",
    ]
    lines.extend(f"_{_md(note)}_" for note in map_notes)
    lines.extend(_section("CCRP activations", content.activations, activation=True))
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
