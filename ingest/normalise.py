"""Normalising source values: text cleaned of HTML, content digests, times made aware UTC."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser

from ingest.errors import ParseError
from schemas import RawReport

# Every pattern below scans a bounded stretch per match attempt (no ``[^>]*`` running to
# the end of the text), so hostile text of unclosed tags or long blank runs stays linear.
_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6])\b[^<>]*>", re.IGNORECASE)
_DROP_OPEN = re.compile(r"<\s*(script|style)\b", re.IGNORECASE)
_DROP_CLOSE = {
    name: re.compile(rf"<\s*/\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")
}
_TAG = re.compile(r"<[^<>]+>")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r" ?\n[\n ]*")
# C0 controls other than tab and newline, DEL, and lone surrogates (not characters at all):
# no text store or message encoder accepts them.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Bidirectional embeddings, overrides and isolates: they can make a title or a link read
# as something else wherever it is shown (``gpj.exe`` shown as ``exe.jpg``).
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)


def plain(value: Any) -> str:
    """``value`` as text without control characters or bidirectional overrides; a lone
    surrogate becomes U+FFFD."""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text  # the common case, without a regular expression
    text = _SURROGATE.sub("\ufffd", _UNPRINTABLE.sub(" ", text))
    return _BIDI_CONTROLS.sub("", text)


def _drop_scripts(text: str) -> str:
    """Text without ``<script>``/``<style>`` elements (an unclosed one is left to the tag pass)."""
    kept: list[str] = []
    position = 0
    while opening := _DROP_OPEN.search(text, position):
        closing = _DROP_CLOSE[opening[1].lower()].search(text, opening.end())
        if closing is None:
            break
        kept.append(text[position : opening.start()])
        kept.append(" ")
        position = closing.end()
    kept.append(text[position:])
    return "".join(kept)


def clean_text(value: Any, max_length: int | None = None) -> str:
    """Plain text from a fragment that may hold HTML tags and entities.

    Entities are unescaped twice because feeds often double-escape (``&amp;#8217;``).
    """
    if value is None:
        return ""
    text = str(value)
    text = _drop_scripts(text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _TAG.sub("", text)
    text = plain(html.unescape(html.unescape(text)))
    text = _TAG.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "\u2026"
    return text


def looks_like_html(body: bytes) -> bool:
    """True when a body is an HTML page (an error or login page served instead of data)."""
    return bool(_HTML_START.match(body[:4096]))


def content_hash(report: RawReport) -> str:
    """Digest of what a report says, ignoring when it was collected.

    Two collections of an unchanged item give the same digest; an edited title, body,
    time or place gives a new one, so the item is emitted again as changed.
    """
    fields = report.model_dump(mode="json", exclude={"collected_at", "raw"})
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def body_digest(body: bytes) -> str:
    """Digest of a fetched body, used to skip an unchanged response."""
    return hashlib.sha256(body).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def from_epoch_ms(value: Any) -> datetime | None:
    """An ArcGIS date (epoch milliseconds, UTC) as an aware UTC datetime."""
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(float(value) / 1000.0, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise ParseError(f"not an epoch-milliseconds date: {value!r}") from exc


def to_epoch_ms(moment: datetime) -> int:
    return int(round(moment.timestamp() * 1000))


def parse_time(value: Any, local_zone: str = "America/Toronto") -> datetime | None:
    """Parse a free-form timestamp; a naive one is taken as local time in ``local_zone``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = date_parser.parse(str(value).strip())
        except (ValueError, OverflowError) as exc:
            raise ParseError(f"not a date/time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(local_zone))
    return moment.astimezone(UTC)


def arcgis_timestamp(moment: datetime) -> str:
    """A UTC time literal for an ArcGIS ``where`` clause: ``TIMESTAMP 'YYYY-MM-DD HH:MM:SS'``."""
    return f"TIMESTAMP '{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S}'"
