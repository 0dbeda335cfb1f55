"""The collector base: fetch a source politely, turn its bytes into ``RawReport``s."""

from __future__ import annotations

import abc
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import httpx
from pydantic import ValidationError

from ingest.errors import ParseError
from ingest.http import FetchPolicy, FetchResult, fetch
from ingest.normalise import body_digest, clean_text, utc_now
from ingest.settings import CollectSettings
from ingest.sources_file import SourceConfig
from schemas import RawReport, SourceKind
from schemas.reports import MAX_BODY, MAX_TITLE

_FIELD_LIMITS = {"url": 2_000, "location_text": 500, "source_category": 200}


@dataclass
class Batch:
    """Reports from one fetched body (or page), and the state to keep once they are emitted."""

    reports: list[RawReport]
    state: dict[str, Any] | None = None
    total: int | None = None
    warnings: list[str] = field(default_factory=list)


class Collector(abc.ABC):
    """Base of every source collector.

    A subclass sets ``kind`` and ``source_kind`` and implements ``collect``, which yields
    ``Batch``es so the runner can emit and mark each page before the next is fetched.
    Sources that are one document per fetch derive from :class:`DocumentCollector`;
    sources that page (ArcGIS, CKAN) implement ``collect`` themselves.
    """

    kind: ClassVar[str]
    source_kind: ClassVar[SourceKind]

    def __init__(
        self,
        config: SourceConfig,
        client: httpx.Client,
        settings: CollectSettings | None = None,
        now: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        settings = settings or CollectSettings()
        self.config = config
        self.client = client
        self.timezone = str(config.option("timezone", settings.timezone))
        self.policy = FetchPolicy(
            timeout_s=config.timeout_s or settings.timeout_s,
            max_bytes=config.max_bytes or settings.max_bytes,
            retries=settings.retries,
            backoff_s=settings.backoff_s,
            user_agent=settings.user_agent,
        )
        self.now = now
        self.sleep = sleep
        self.collected_at = now()
        self.warnings: list[str] = []

    @property
    def source(self) -> str:
        return self.config.name

    def fetch(
        self,
        url: str | None = None,
        params: Mapping[str, Any] | None = None,
        state: Mapping[str, Any] | None = None,
    ) -> FetchResult:
        """Fetch ``url`` (default: the source's), conditionally when ``state`` has validators."""
        headers: dict[str, str] = {}
        if state:
            if state.get("etag"):
                headers["If-None-Match"] = str(state["etag"])
            if state.get("last_modified"):
                headers["If-Modified-Since"] = str(state["last_modified"])
        return fetch(
            self.client,
            url or self.config.url,
            self.policy,
            params=params,
            headers=headers,
            sleep=self.sleep,
        )

    @abc.abstractmethod
    def collect(self, state: Mapping[str, Any]) -> Iterator[Batch]:
        """Batches of reports from the source, given the state saved by the last run."""

    def make_report(self, **fields: Any) -> RawReport:
        """A report from this source; long text is shortened, bad values raise ``ParseError``."""
        fields.setdefault("source", self.source)
        fields.setdefault("source_kind", self.source_kind)
        fields.setdefault("collected_at", self.collected_at)
        fields["title"] = clean_text(fields.get("title"), MAX_TITLE)
        fields["body"] = clean_text(fields.get("body"), MAX_BODY)
        for key, limit in _FIELD_LIMITS.items():
            if fields.get(key) is not None:
                fields[key] = str(fields[key]).strip()[:limit] or None
        try:
            return RawReport(**fields)
        except ValidationError as exc:
            raise ParseError(f"{self.source} item {fields.get('item_id')!r}: {exc}") from exc

    def keep_valid(
        self, items: list[Any], build: Callable[[Any], RawReport | None]
    ) -> list[RawReport]:
        """Build a report per item; an item that fails is skipped and noted, not fatal."""
        reports = []
        for item in items:
            try:
                report = build(item)
            except ParseError as exc:
                self.warnings.append(str(exc))
                continue
            if report is not None:
                reports.append(report)
        return reports


class DocumentCollector(Collector):
    """A source that is one document per fetch (a feed, an XML snapshot, a file drop)."""

    def collect(self, state: Mapping[str, Any]) -> Iterator[Batch]:
        """One conditional fetch; a 304 or a body identical to the last one yields nothing new."""
        self.collected_at = self.now()
        self.warnings = []
        result = self.fetch(state=state)
        if result.not_modified:
            yield Batch(reports=[], state=dict(state))
            return
        digest = body_digest(result.body)
        new_state = {
            **state,
            "etag": result.etag,
            "last_modified": result.last_modified,
            "body_sha256": digest,
        }
        if digest == state.get("body_sha256"):
            yield Batch(reports=[], state=new_state)
            return
        reports = self.parse(result.body, state)
        yield Batch(reports=reports, state=new_state, warnings=list(self.warnings))

    @abc.abstractmethod
    def parse(self, body: bytes, state: Mapping[str, Any]) -> list[RawReport]:
        """Turn one fetched body into reports; raise ``ParseError`` if it is not the format."""
