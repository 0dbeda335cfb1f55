"""Bytes to text without losing characters: the declared charset, else UTF-8, else cp1252.

Feeds and file drops from small servers often send Latin-1 or Windows-1252 text while
claiming UTF-8, or claiming nothing. Decoding with ``errors="replace"`` would silently
turn every accented letter into U+FFFD. Instead the text is decoded by the charset it
declares (HTTP ``Content-Type`` or a byte-order mark), else as UTF-8; when that fails it
is decoded as Windows-1252 (a superset of the printable Latin-1 range), or as Latin-1
for the five bytes cp1252 leaves undefined, and a warning says so. Every byte maps to
a character: nothing is dropped or replaced.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from email.message import Message

FALLBACK = "cp1252"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


@dataclass(frozen=True)
class DecodedText:
    """Text, the codec that produced it, and a warning when it was not the declared one."""

    text: str
    encoding: str
    warning: str | None = None


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header, if it names a known codec."""
    if not content_type:
        return None
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def xml_declared_encoding(body: bytes) -> str | None:
    """The ``encoding`` of an XML declaration at the start of ``body``."""
    match = _XML_ENCODING.match(body[:200])
    return match[1].decode("ascii").lower() if match else None


def decode_text(body: bytes, what: str, declared: str | None = None) -> DecodedText:
    """Decode ``body``; ``declared`` is a charset from the transport or the document."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return DecodedText(body.decode(codec), codec)
            except UnicodeDecodeError:
                break
    tried: list[str] = []
    for candidate in (declared, "utf-8"):
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        try:
            text = body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        return DecodedText(text, candidate, _mismatch(what, tried[:-1], candidate))
    try:
        text, codec = body.decode(FALLBACK), FALLBACK
    except UnicodeDecodeError:
        text, codec = body.decode("latin-1"), "latin-1"
    return DecodedText(text, codec, _mismatch(what, tried, codec))


def _mismatch(what: str, failed: list[str], used: str) -> str | None:
    if not failed:
        return None
    return f"{what}: text is not valid {' or '.join(failed)}; decoded as {used}"
