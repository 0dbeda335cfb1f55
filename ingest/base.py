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

from ingest.deadline import Deadline
from ingest.errors import PageLimitExceeded, ParseError
from ingest.http import FetchPolicy, FetchResult, fetch
from ingest.limits import ItemLimits, bound_raw, fit_report
from ingest.normalise import body_digest, clean_text, plain, utc_now
from ingest.settings import CollectSettings
from ingest.sources_file import SourceConfig
from ingest.textcodec import declared_charset, decode_text
from schemas import RawReport, SourceKind
from schemas.reports import MAX_BODY, MAX_TITLE

_FIELD_LIMITS = {"url": 2_000, "location_text": 500, "source_category": 200}
# What hostile item data raises when it has the wrong shape (a list where a dict was due).
ITEM_ERRORS = (ParseError, TypeError, ValueError, KeyError, AttributeError, IndexError)


@dataclass
class Batch:
    """Reports from one fetched body (or page), and the state to keep once they are emitted."""

    reports: list[RawReport]
    state: dict[str, Any] | None = None
    total: int | None = None
    warnings: list[str] = field(default_factory=list)


class PageBudget:
    """The page and record caps of one run of a paged source."""

    def __init__(self, source: str, max_pages: int, max_records: int) -> None:
        self.source = source
        self.max_pages = max_pages
        self.max_records = max_records
        self.pages = 0
        self.records = 0
        self._last_page: str | None = None

    def count(self, records: int, body: bytes) -> None:
        """Count a page; a page identical to the one before means paging is not advancing."""
        digest = body_digest(body)
        if records and digest == self._last_page:
            raise ParseError(f"{self.source}: page {self.pages + 1} repeats the page before it")
        self._last_page = digest
        self.pages += 1
        self.records += records

    @property
    def spent(self) -> bool:
        return self.pages >= self.max_pages or self.records >= self.max_records

    def exceeded(self, why: str) -> PageLimitExceeded:
        return PageLimitExceeded(
            f"{self.source}: stopped after {self.pages} pages and {self.records} records "
            f"(max_pages {self.max_pages}, max_records {self.max_records}) while {why}"
        )


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
        deadline: Deadline | None = None,
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
            max_backoff_s=settings.max_backoff_s,
            user_agent=settings.user_agent,
            max_redirects=settings.max_redirects,
            allow_redirects_to=config.allow_redirects_to,
        )
        self.limits = ItemLimits(
            raw_max_bytes=settings.raw_max_bytes,
            raw_max_depth=settings.raw_max_depth,
            raw_max_string=settings.raw_max_string,
            report_max_bytes=settings.report_max_bytes,
        )
        self.max_pages = config.max_pages or settings.max_pages
        self.max_records = config.max_records or settings.max_records
        self.deadline = deadline or Deadline.unlimited()
        self.now = now
        self.sleep = sleep
        self.collected_at = now()
        self.content_type: str | None = None
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
        result = fetch(
            self.client,
            url or self.config.url,
            self.policy,
            params=params,
            headers=headers,
            sleep=self.sleep,
            deadline=self.deadline,
        )
        self.content_type = result.content_type
        return result

    def page_budget(self) -> PageBudget:
        return PageBudget(self.source, self.max_pages, self.max_records)

    def decode(self, body: bytes, declared: str | None = None) -> str:
        """Text of a body by its declared charset, else UTF-8, else cp1252 (with a warning)."""
        charset = declared or declared_charset(self.content_type)
        decoded = decode_text(body, self.source, charset)
        if decoded.warning:
            self.warnings.append(decoded.warning)
        return decoded.text

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
                fields[key] = plain(fields[key]).strip()[:limit] or None
        fields["raw"], cuts = bound_raw(fields.get("raw") or {}, self.limits)
        try:
            report = RawReport(**fields)
        except ValidationError as exc:
            raise ParseError(f"{self.source} item {fields.get('item_id')!r}: {exc}") from exc
        return self.fitted(report, cuts)

    def fitted(self, report: RawReport, cuts: list[str] | None = None) -> RawReport:
        """``report`` within the message budget; any cut is noted as a warning naming it."""
        report, more = fit_report(report, self.limits)
        cuts = (cuts or []) + more
        if cuts:
            extra = f" and {len(cuts) - 1} more cuts" if len(cuts) > 1 else ""
            self.warnings.append(f"{self.source} item {report.item_id!r}: {cuts[0]}{extra}")
        return report

    def keep_valid(
        self, items: list[Any], build: Callable[[Any], RawReport | None]
    ) -> list[RawReport]:
        """Build a report per item; an item that fails is skipped and noted, not fatal."""
        reports = []
        for number, item in enumerate(items, start=1):
            try:
                report = build(item)
            except ParseError as exc:
                self.warnings.append(str(exc))
                continue
            except ITEM_ERRORS as exc:  # the item has a shape no parser expects
                self.warnings.append(
                    f"{self.source} item #{number}: skipped ({type(exc).__name__}: {exc})"
                )
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
