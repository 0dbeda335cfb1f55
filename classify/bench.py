"""Throughput benchmark: free-text reports classified per second through ``classify_many``."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from itertools import cycle, islice
from multiprocessing import get_context
from pathlib import Path

from classify.classifier import Classifier
from classify.evaluate import news_report, read_jsonl
from classify.model import TRAIN_DIR, read_sentences
from schemas import RawReport, SourceKind

PUBLISHED = datetime(2026, 7, 11, 3, 50, tzinfo=UTC)


def _from_training_sentences() -> list[RawReport]:
    """News-length items (headline + two sentences) built from the committed sentences."""
    texts = [text for text, _ in read_sentences(sorted(TRAIN_DIR.glob("*.tsv")))]
    reports = []
    for index, (first, second) in enumerate(zip(texts, texts[1:] + texts[:1], strict=True)):
        title, _, body = first.partition(". ")
        reports.append(
            RawReport(
                source="bench",
                source_kind=SourceKind.NEWS,
                item_id=str(index),
                title=title,
                body=f"{body} {second}",
                published_at=PUBLISHED,
                collected_at=PUBLISHED,
            )
        )
    return reports


def _classify_share(reports: list[RawReport], batch_size: int) -> float:
    """Classify ``reports`` in batches in this process; returns the seconds it took."""
    classifier = Classifier.load()
    classifier.classify_many(reports[:batch_size])  # warm-up: model load and first batch
    started = time.perf_counter()
    for offset in range(0, len(reports), batch_size):
        classifier.classify_many(reports[offset : offset + batch_size])
    return time.perf_counter() - started


def run_bench(
    n: int = 20_000, batch_size: int = 256, source: Path | None = None, processes: int = 1
) -> str:
    """Classify ``n`` reports in batches over ``processes`` processes; the figures as text."""
    pool = [news_report(r) for r in read_jsonl(source)] if source else _from_training_sentences()
    items = list(islice(cycle(pool), n))
    chars = sum(len(r.text) for r in items) / len(items)
    if processes <= 1:
        seconds = _classify_share(items, batch_size)
    else:
        shares = [items[i::processes] for i in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=get_context("fork")) as executor:
            seconds = max(executor.map(_classify_share, shares, [batch_size] * processes))
    return (
        f"reports: {n} (mean {chars:.0f} characters, batch {batch_size})\n"
        f"processes: {processes}\n"
        f"seconds: {seconds:.2f}\n"
        f"throughput: {n / seconds:,.0f} reports/s"
    )
