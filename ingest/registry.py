"""The explicit registry of collector kinds a sources file may name."""

from __future__ import annotations

import httpx

from ingest.base import Collector
from ingest.deadline import Deadline
from ingest.errors import UnknownSourceKind
from ingest.settings import CollectSettings
from ingest.sources.ckan import CKANCollector
from ingest.sources.community import CommunityFileCollector
from ingest.sources.news_rss import NewsFeedCollector
from ingest.sources.police_rss import PoliceReleasesCollector
from ingest.sources.tfs_livecad import LivecadCollector
from ingest.sources.tps_calls import TPSCallsCollector
from ingest.sources.tps_portal import TPSPortalCollector
from ingest.sources_file import SourceConfig

COLLECTORS: dict[str, type[Collector]] = {
    collector.kind: collector
    for collector in (
        TPSCallsCollector,
        TPSPortalCollector,
        PoliceReleasesCollector,
        NewsFeedCollector,
        LivecadCollector,
        CKANCollector,
        CommunityFileCollector,
    )
}


def collector_class(kind: str) -> type[Collector]:
    try:
        return COLLECTORS[kind]
    except KeyError:
        raise UnknownSourceKind(
            f"unknown source kind {kind!r}; known kinds: {', '.join(sorted(COLLECTORS))}"
        ) from None


def make_collector(
    config: SourceConfig,
    client: httpx.Client,
    settings: CollectSettings | None = None,
    deadline: Deadline | None = None,
) -> Collector:
    """The collector for one configured source, working under ``deadline``."""
    return collector_class(config.kind)(config, client, settings, deadline=deadline)
