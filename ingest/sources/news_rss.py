"""News RSS 2.0 / Atom feeds: fetch the bytes ourselves, parse them with feedparser.

feedparser has no timeout of its own, so it only ever sees bytes already fetched under
the collector's limits. A ``bozo`` (malformed) feed keeps the entries it still yields and
the problem is reported as a warning; an HTML page or a feed with nothing usable is an error.
The HTTP ``Content-Type`` is handed to feedparser so a declared charset is honoured; a
feed whose bytes do not match its charset is read as Windows-1252 and said so (bozo).
"""

from __future__ import annotations

import hashlib
from calendar import timegm
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from ingest.base import DocumentCollector
from ingest.errors import ParseError
from ingest.normalise import clean_text, looks_like_html
from schemas import RawReport, SourceKind

_RAW_KEYS = ("id", "link", "title", "summary", "published", "updated", "author")


def _entry_time(entry: Any, *keys: str) -> datetime | None:
    for key in keys:
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            try:
                return datetime.fromtimestamp(timegm(parsed), tz=UTC)
            except (OverflowError, OSError, ValueError):
                continue  # a date outside what a datetime can hold
    return None


def _entry_body(entry: Any) -> str:
    if entry.get("summary"):
        return str(entry["summary"])
    contents = entry.get("content") or []
    return str(contents[0].get("value", "")) if contents else ""


def parse_feed(
    body: bytes, what: str, content_type: str | None = None
) -> tuple[list[Any], str | None]:
    """Entries of an RSS/Atom document and the bozo problem, if any."""
    if looks_like_html(body):
        raise ParseError(f"{what}: got an HTML page instead of an RSS/Atom feed")
    headers = {"content-type": content_type} if content_type else None
    try:
        parsed = feedparser.parse(body, response_headers=headers)
    except RecursionError as exc:
        raise ParseError(f"{what}: feed nested too deeply") from exc
    except (UnicodeError, ValueError, LookupError) as exc:  # feedparser's encoding guesses
        raise ParseError(f"{what}: the feed's text cannot be decoded ({exc})") from exc
    entries = list(parsed.entries)
    problem = None
    if parsed.get("bozo"):
        problem = f"{what}: malformed feed ({parsed.get('bozo_exception')})"
        if not entries:
            raise ParseError(f"{problem}; no entries could be read")
    elif not parsed.get("version") and not entries:
        raise ParseError(f"{what}: not an RSS or Atom feed")
    return entries, problem


class NewsFeedCollector(DocumentCollector):
    """Any RSS 2.0 or Atom feed (``kind = "news_rss"``); one report per entry."""

    kind = "news_rss"
    source_kind = SourceKind.NEWS

    def parse(self, body: bytes, state: Mapping[str, Any]) -> list[RawReport]:
        entries, problem = parse_feed(body, self.source, self.content_type)
        if problem:
            self.warnings.append(problem)
        return self.keep_valid(entries, self.entry_report)

    def entry_report(self, entry: Any) -> RawReport | None:
        title = clean_text(entry.get("title"))
        link = entry.get("link")
        item_id = entry.get("id") or link
        if not item_id:
            if not title:
                raise ParseError(f"{self.source}: an entry has no guid, link or title")
            item_id = "sha1:" + hashlib.sha1(title.encode("utf-8")).hexdigest()
        tags = [str(tag.get("term")) for tag in entry.get("tags") or [] if tag.get("term")]
        raw = {key: entry.get(key) for key in _RAW_KEYS if entry.get(key) is not None}
        if tags:
            raw["tags"] = tags
        return self.make_report(
            item_id=str(item_id),
            url=link,
            title=title,
            body=_entry_body(entry),
            published_at=_entry_time(entry, "published", "updated"),
            source_category=", ".join(tags)[:200] or None,
            raw=raw,
        )
