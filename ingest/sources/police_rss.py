"""Toronto Police Service news releases, an RSS feed read like any news feed but from police."""

from __future__ import annotations

from ingest.sources.news_rss import NewsFeedCollector
from schemas import SourceKind


class PoliceReleasesCollector(NewsFeedCollector):
    """TPS news releases (``kind = "police_rss"``): reports carry ``source_kind`` police."""

    kind = "police_rss"
    source_kind = SourceKind.POLICE
