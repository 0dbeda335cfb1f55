"""The stream and batch mode give the same answers on the real feeds.

Every report of the shared news, TPS calls and TFS incidents goes once through
``ccrp process``'s stage functions over the file and once through the broker, the stage
loops and the store (one partition, so both see the reports in the same order). Each
report must land in the same incident, each incident carry the same types and
neighbourhood, and the case system hear the same activation events.

The batch output itself is held to a fingerprint (``ANSWERS``): a speed-up of the hot path
must leave every answer as it was. A change meant to change answers (a better rule)
updates the fingerprint in the same commit: ``python -m tests.ccrp.test_batch_stream_equal``
prints the new one.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ccrp.adapters import coerce_report
from ccrp.app import build_app
from ccrp.batch import run_batch
from ccrp.broker import EmbeddedBroker
from ccrp.runjob import Confirm, Emit, drive_once
from ccrp.runtime import build_stages
from ccrp.settings import KafkaSettings
from ccrp.transport import create_topics
from schemas import ActivationEvent, IncidentStatus
from sinks.store import Store
from tests.ccrp.support import make_settings
from tests.conftest import shared_path

pytestmark = [pytest.mark.broker, pytest.mark.shared_data]
FEEDS = (
    ("news/toronto-news-2026-07-09_17.jsonl", "published"),
    ("feeds/tps-calls-for-service-2026-07-10_17.jsonl", "occurred_at"),
    ("feeds/tfs-incidents-2026-07-11_17.jsonl", "dispatch_time"),
)


ANSWERS = Path(__file__).with_name("real-feeds-answers.sha256")


def fingerprint(output: str) -> str:
    """The answers of a batch output, whatever its JSON formatting: each line's document
    in a canonical form (sorted keys, no spaces)."""
    canonical = "\n".join(
        json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        for line in output.splitlines()
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def one_partition() -> Iterator[KafkaSettings]:
    broker = EmbeddedBroker.start()
    settings = KafkaSettings(bootstrap=broker.bootstrap, partitions=1)
    create_topics(settings)
    yield settings
    broker.stop()


def feed_lines() -> list[str]:
    """Every real report, in the order it happened."""
    timed = []
    for relative, field in FEEDS:
        for line in shared_path(relative).read_text(encoding="utf-8").splitlines():
            timed.append((json.loads(line)[field], line))
    return [line for _, line in sorted(timed)]


def test_stream_equals_batch_on_the_real_feeds(
    one_partition: KafkaSettings, tmp_path: Path
) -> None:
    lines = feed_lines()
    output = io.StringIO()
    batch = run_batch(build_stages(make_settings(tmp_path / "batch")), lines, output)
    assert not batch.errors
    assert fingerprint(output.getvalue()) == ANSWERS.read_text().strip(), (
        "the batch answers on the real feeds changed"
    )
    events = {(e.id, e.type.value) for e in batch.effects.events}
    final = {i.incident_id: i for i in batch.effects.versions}  # the last version wins
    links = {  # where each report ends up, merges included
        r.report_id: i.incident_id
        for i in final.values()
        if i.status != IncidentStatus.MERGED
        for r in i.reports
    }

    reports = [coerce_report(json.loads(line)) for line in lines]
    stream_settings = make_settings(tmp_path / "stream")
    store = Store.open(stream_settings.database_url)

    def emit_all(emit: Emit, confirm: Confirm) -> None:
        for report in reports:
            emit(report)

    stages = build_stages(stream_settings, store)
    app = build_app(one_partition, stages, store, app_id="ccrp-equal")
    summary = asyncio.run(drive_once(app, one_partition, store, emit_all, 300))
    assert summary.processed == len(reports) == len(lines)

    stored_links = store.report_incidents([r.report_id for r in reports])
    assert links == stored_links
    for incident_id in set(stored_links.values()):
        stored = store.get_incident(incident_id)
        assert stored is not None
        expected = final[incident_id]
        assert (stored.version, stored.types, stored.status) == (
            expected.version,
            expected.types,
            expected.status,
        ), incident_id
        assert stored.location.neighbourhood == expected.location.neighbourhood, incident_id
    stored_events = {(e.id, e.type.value) for e in _all_activations(store)}
    assert stored_events == events
    store.close()


def _all_activations(store: Store) -> list[ActivationEvent]:
    return store.activations_between(datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC))


if __name__ == "__main__":  # print the fingerprint of today's answers
    with tempfile.TemporaryDirectory() as folder:
        out = io.StringIO()
        run_batch(build_stages(make_settings(Path(folder))), feed_lines(), out)
        print(fingerprint(out.getvalue()))
