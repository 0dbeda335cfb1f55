"""Text cleaning shared by every collector: HTML tags and entities out, whitespace folded."""

from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any

from schemas import RawReport

_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>", re.IGNORECASE)
_DROP_ELEMENTS = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)


def clean_text(value: Any, max_length: int | None = None) -> str:
    """Plain text from a fragment that may hold HTML tags and entities.

    Entities are unescaped twice because feeds often double-escape (``&amp;#8217;``).
    """
    if value is None:
        return ""
    text = str(value)
    text = _DROP_ELEMENTS.sub(" ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(html.unescape(text))
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
