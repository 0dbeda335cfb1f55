"""One real incident, one record, one activation, through the broker and worker restarts.

A police call, two news stories from two outlets, and a next-day follow-up about one
shooting arrive one at a time; the worker is killed (``kill -9``) and restarted between
every two of them. The incident ends with the four reports and at least three versions,
and the case system gets exactly one ``created``, then ``updated`` events.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ccrp.transport import RawProducer
from schemas import RawReport, SourceKind
from tests.ccrp.faults.harness import cluster, drain

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.shared_data]
TORONTO = ZoneInfo("America/Toronto")


def reports(now: datetime) -> list[RawReport]:
    # Late at night, local time, a day or two ago: the follow-up names it "<weekday> night",
    # which must be true whatever time of day the test runs.
    local = (now - timedelta(hours=24)).astimezone(TORONTO)
    shot_at = local.replace(hour=22, minute=30, second=0, microsecond=0)
    if shot_at > now - timedelta(hours=24):
        shot_at -= timedelta(days=1)
    shot_at = shot_at.astimezone(UTC)
    night = shot_at.astimezone(TORONTO).strftime("%A")
    call = RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id="one-incident-call",
        title="Shooting at JANE ST - FINCH AVE W",
        body="Police call for service: Shooting (SHO), location JANE ST - FINCH AVE W.",
        occurred_at=shot_at,
        location_text="JANE ST - FINCH AVE W",
        lat=43.7587,
        lon=-79.5197,
        source_category="SHO",
        raw={"DIVISION": "D31", "CALL_TYPE_CODE": "SHO"},
        collected_at=shot_at + timedelta(minutes=2),
    )

    def story(item: str, source: str, hours_after: float, title: str, body: str) -> RawReport:
        published = shot_at + timedelta(hours=hours_after)
        return RawReport(
            source=source,
            source_kind=SourceKind.NEWS,
            item_id=item,
            url=f"https://news.example.org/{item}",
            title=title,
            body=body,
            published_at=published,
            collected_at=published + timedelta(minutes=3),
        )

    return [
        call,
        story(
            "one-incident-1",
            "citynews",
            0.5,
            "Man critically injured in shooting near Jane and Finch",
            "A man in his 20s was rushed to hospital with life-threatening injuries after a "
            "shooting near Jane Street and Finch Avenue West, Toronto police say.",
        ),
        story(
            "one-incident-2",
            "cbc",
            1.0,
            "Man seriously hurt in North York shooting, police say",
            "Police say a man was found with gunshot wounds in the Jane and Finch area.",
        ),
        story(
            "one-incident-3",
            "citynews",
            23.0,
            "Man dies after Jane and Finch shooting, police say",
            f"The man shot near Jane Street and Finch Avenue West on {night} night has died "
            "in hospital, Toronto police say. Homicide detectives have taken over.",
        ),
    ]


def test_one_incident_one_activation_across_restarts(tmp_path: Path) -> None:
    told = reports(datetime.now(UTC))
    started = time.monotonic()
    with cluster(tmp_path) as made:
        producer = RawProducer(made.kafka)
        made.start_worker()
        for n, report in enumerate(told):
            producer.send_report(report)
            producer.flush()
            drain(made, {report.report_id})
            if n < len(told) - 1:  # between every two reports: kill -9, start again
                made.kill_workers()
                made.start_worker()
        drain(made, {r.report_id for r in told})
        made.stop_workers()
        with made.store() as store:
            links = store.report_incidents([r.report_id for r in told])
            incident = store.get_incident(next(iter(links.values())))
        events = [e for e in made.activations() if e["data"].get("program") == "ccrp"]
        workers = len(made.workers)
    kinds = [e["type"].rsplit(".", 1)[-1] for e in {e["id"]: e for e in events}.values()]
    print(
        f"[fault figures] one incident, kill -9 between every two reports: reports "
        f"{len(told)}, incidents {len(set(links.values()))}, worker processes {workers}, "
        f"version {incident.version if incident else None}, events {kinds}, "
        f"{time.monotonic() - started:.1f} s",
        flush=True,
    )
    assert len(set(links.values())) == 1 and len(links) == 4, "one incident of four reports"
    assert incident is not None and incident.version >= 3
    assert {r.report_id for r in incident.reports} == {r.report_id for r in told}
    assert "homicide" in incident.types and incident.attributes.fatalities == 1
    assert kinds.count("created") == 1, "exactly one created, whatever the restarts"
    assert kinds[0] == "created" and "updated" in kinds
    assert {e["subject"] for e in events} == {incident.incident_id}
