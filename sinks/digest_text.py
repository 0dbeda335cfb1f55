"""Source text and links made safe to print in every digest format.

Titles and links come from feeds anyone can write to. Before any renderer sees them,
control and format characters are dropped (a right-to-left override can make a link or a
place read backwards; zero-width characters hide words), whitespace is collapsed, long
text is cut, and links are kept only when they are plain http(s) URLs, with every
character that could end an HTML attribute or a Markdown autolink percent-encoded.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

MAX_TEXT = 300
MAX_URL = 2_000
# Cc control, Cf format (bidi overrides and isolates, zero-width), Co private use,
# Cs surrogates, Cn unassigned; line and paragraph separators become spaces.
_DROPPED = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
_SPACES = frozenset({"Zl", "Zp", "Zs"})
_HOST = re.compile(r"^[a-z0-9.-]+(?::\d{1,5})?$")
# What may stay literal in a path, query or fragment; everything else is percent-encoded.
_URL_SAFE = "/:@!$&'()*+,;=-._~%?"


def clean_text(text: str | None, limit: int = MAX_TEXT) -> str:
    """``text`` without control/format characters, on one line, at most ``limit`` long."""
    if not text:
        return ""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\t\n\r":
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category in _DROPPED:
            continue
        kept.append(" " if category in _SPACES else char)
    line = " ".join("".join(kept).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """An http(s) link safe inside an HTML attribute and a Markdown ``<...>``, or None."""
    if not url:
        return None
    text = "".join(c for c in url.strip() if unicodedata.category(c) not in _DROPPED)
    if len(text) > MAX_URL or not text.lower().startswith(("https://", "http://")):
        return None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    netloc = host if port is None else f"{host}:{port}"
    if not host or not _HOST.match(netloc) or parts.username or parts.password:
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )
