"""Exact de-duplication of raw reports: by source item id, normalised URL, or content hash.

Near-duplicates (the same incident told in other words) are not this module's job: the
incident resolver joins those. Here two reports are duplicates only when they are the
same item, the same page, or the same text.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from enrich.errors import InvalidURLError
from schemas import RawReport, SourceKind

TRACKING_PARAMS = frozenset(
    {
        "cmp",
        "cmpid",
        "ref",
        "referrer",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "ocid",
        "taid",
        "at_medium",
        "at_campaign",
        "__twitter_impression",
        "_ga",
        "igshid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}
STRUCTURED_KINDS = frozenset({SourceKind.POLICE, SourceKind.MUNICIPAL})

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_url(url: str | None) -> str | None:
    """Canonical form of a page URL, or None when there is no URL.

    Lower-case scheme and host (``www.`` dropped), default port removed, fragment and
    tracking parameters (``utm_*``, ``cmp``, ``ref``, click ids) dropped, the remaining
    query sorted, trailing slash stripped. Raises :class:`InvalidURLError` for text that
    is not an absolute http(s) URL.
    """
    if url is None or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        raise InvalidURLError(f"not an absolute http(s) URL: {url!r}")
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def normalize_text(text: str) -> str:
    """Text with HTML tags and entities removed, Unicode folded, whitespace collapsed."""
    plain = html.unescape(_TAG.sub(" ", text))
    plain = unicodedata.normalize("NFKC", plain).casefold()
    return _SPACE.sub(" ", plain).strip()


def content_hash(report: RawReport) -> str:
    """sha256 hex of a report's normalised title and body.

    Structured reports (police calls, fire incidents) and reports without a body carry
    little free text -- every "Stabbing" call has the same title -- so their source
    category, location text and occurrence time are part of the hash too.
    """
    title = normalize_text(report.title)
    body = normalize_text(report.body)
    fields = [title, body]
    if report.source_kind in STRUCTURED_KINDS or not body:
        occurred = report.occurred_at.isoformat() if report.occurred_at else ""
        fields += [
            normalize_text(report.source_category or ""),
            normalize_text(report.location_text or ""),
            occurred,
        ]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


class ExactDeduplicator:
    """Remembers recent report keys (bounded LRU) and names the first report of each.

    Keys are the report id (source + item id), the normalised URL and the content hash.
    ``check`` returns the id of the earlier report sharing any key -- the report's own id
    when the same report is seen again, which the caller treats as a replay -- or records
    the report and returns None.
    """

    def __init__(self, max_keys: int = 300_000) -> None:
        if max_keys < 3:
            raise ValueError("max_keys must hold at least one report's three keys")
        self.max_keys = max_keys
        self._first: OrderedDict[tuple[str, str], str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._first)

    @staticmethod
    def keys_of(report_id: str, url_norm: str | None, digest: str | None) -> list[tuple[str, str]]:
        """The lookup keys of one report, strongest first."""
        keys = [("id", report_id)]
        if url_norm:
            keys.append(("url", url_norm))
        if digest:
            keys.append(("hash", digest))
        return keys

    def check(self, report: RawReport, digest: str | None = None) -> str | None:
        """Report id of an earlier report equal to this one, else None (and remember it).

        ``digest``: the report's :func:`content_hash`, when the caller has it already."""
        try:
            url_norm = normalize_url(report.url)
        except InvalidURLError:
            url_norm = None  # an unusable URL is no key; id and content still de-duplicate
        keys = self.keys_of(report.report_id, url_norm, digest or content_hash(report))
        for key in keys:
            first = self._first.get(key)
            if first is not None:
                self._remember(keys, first)
                return first
        self._remember(keys, report.report_id)
        return None

    def seed(self, report_id: str, url_norm: str | None, content_hash: str | None) -> None:
        """Remember a report already processed (e.g. loaded from the store at start-up)."""
        self._remember(self.keys_of(report_id, url_norm, content_hash), report_id)

    def seed_report(self, report_id: str, url: str | None, content_hash: str | None) -> None:
        """Remember a stored report by its raw URL (normalised here, unusable ones ignored)."""
        try:
            url_norm = normalize_url(url)
        except InvalidURLError:
            url_norm = None
        self.seed(report_id, url_norm, content_hash)

    def _remember(self, keys: list[tuple[str, str]], first: str) -> None:
        for key in keys:
            if key in self._first:
                self._first.move_to_end(key)  # an older owner of a key keeps it
            else:
                self._first[key] = first
        while len(self._first) > self.max_keys:
            self._first.popitem(last=False)
