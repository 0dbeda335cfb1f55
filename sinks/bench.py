"""Store throughput figures on a synthetic, deterministic workload (``ccrp db bench``)."""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from schemas import (
    ActivationData,
    ActivationEvent,
    ActivationType,
    Classification,
    ContributingReport,
    EnrichedReport,
    Incident,
    Location,
    Precision,
    RawReport,
    SourceKind,
)
from sinks.store import Store

START = datetime(2026, 7, 10, tzinfo=UTC)
REPORTS_PER_INCIDENT = 3


def synthetic_report(i: int) -> EnrichedReport:
    """Report ``i`` of the workload: a police call with a point and one type."""
    collected = START + timedelta(seconds=37 * i)
    raw = RawReport(
        source="bench",
        source_kind=SourceKind.POLICE,
        item_id=str(i),
        url=f"https://example.org/calls/{i}",
        title=f"Call {i}",
        body="synthetic call for service " * 4,
        occurred_at=collected - timedelta(minutes=10),
        lat=43.65 + (i % 97) * 0.001,
        lon=-79.40 - (i % 89) * 0.001,
        raw={"n": i},
        collected_at=collected,
    )
    return EnrichedReport(
        report=raw,
        classification=Classification(types=["shots_fired"], in_area=True),
        location=Location(lat=raw.lat, lon=raw.lon, precision=Precision.INTERSECTION),
        content_hash=hashlib.sha256(raw.text.encode()).hexdigest(),
    )


def synthetic_incident(n: int, reports: list[EnrichedReport]) -> Incident:
    """Incident ``n`` built from its reports (version 1)."""
    members = reports[n * REPORTS_PER_INCIDENT : (n + 1) * REPORTS_PER_INCIDENT]
    first = members[0].report
    return Incident(
        incident_id=f"bench-{n}",
        version=1,
        types=["shots_fired"],
        occurred_at=first.occurred_at,
        location=members[0].location,
        in_area=True,
        ccrp_eligible=True,
        reports=[
            ContributingReport(
                report_id=m.report_id,
                source=m.report.source,
                source_kind=m.report.source_kind,
                title=m.report.title,
                collected_at=m.report.collected_at,
            )
            for m in members
        ],
        first_seen=first.collected_at,
        last_seen=members[-1].report.collected_at,
    )


def _activation(incident: Incident) -> ActivationEvent:
    return ActivationEvent(
        id=f"{incident.incident_id}:v{incident.version}",
        type=ActivationType.CREATED,
        time=incident.last_seen,
        subject=incident.incident_id,
        data=ActivationData(
            incident_id=incident.incident_id,
            incident_version=incident.version,
            types=incident.types,
            occurred_at=incident.occurred_at,
            window_opens_at=None,
            window_closes_at=None,
            location=incident.location,
            summary="bench",
        ),
    )


def _rate(count: int, action: Callable[[], object]) -> str:
    began = time.perf_counter()
    action()
    elapsed = time.perf_counter() - began
    return f"{count / elapsed:,.0f}/s ({count} in {elapsed:.2f} s)"


def run_bench(url: str | None, n_reports: int) -> dict[str, str]:
    """Time batch upserts, their replay, incident upserts, activations and lookups."""
    with tempfile.TemporaryDirectory() as tmp:
        target = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Store.open(target) as store:
            return _measure(store, n_reports)


def _measure(store: Store, n_reports: int) -> dict[str, str]:
    reports = [synthetic_report(i) for i in range(n_reports)]
    incidents = [synthetic_incident(n, reports) for n in range(n_reports // REPORTS_PER_INCIDENT)]
    items = [(er, None) for er in reports]
    events = [_activation(inc) for inc in incidents]
    figures = {
        "backend": store.dialect_name,
        "upsert_reports (batch, new)": _rate(n_reports, lambda: store.upsert_reports(items)),
        "upsert_reports (batch, replay)": _rate(n_reports, lambda: store.upsert_reports(items)),
        "upsert_incident (one by one)": _rate(
            len(incidents), lambda: [store.upsert_incident(i) for i in incidents]
        ),
        "record_activation (one by one)": _rate(
            len(events), lambda: [store.record_activation(e) for e in events]
        ),
        "find_report_by_fingerprint": _rate(
            min(n_reports, 2000),
            lambda: [
                store.find_report_by_fingerprint(er.content_hash, er.report.url)
                for er in reports[:2000]
            ],
        ),
    }
    replayed = sum(not store.record_activation(e) for e in events)
    figures["activation replays refused"] = f"{replayed}/{len(events)}"
    figures["reports stored"] = str(store.processed_count([er.report_id for er in reports]))
    return figures
