"""The composed stage functions without a broker: bounded memory, failures returned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ccrp.pipeline import StageFailure, Stages
from classify import Classifier
from enrich.geo import Gazetteer, GeoConfigError, Locator
from schemas import Classification, EnrichedReport, Location, RawReport, SourceKind

T0 = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)


def call(n: int, code: str = "STA") -> RawReport:
    return RawReport(
        source="tps-calls",
        source_kind=SourceKind.POLICE,
        item_id=f"c{n}",
        title=f"Stabbing at STREET {n} - AVENUE {n}",
        occurred_at=T0 + timedelta(days=n),
        location_text=f"STREET {n} - AVENUE {n}",
        source_category=code,
        collected_at=T0 + timedelta(days=n),
    )


def stages(size: int = 200_000) -> Stages:
    return Stages(
        Classifier.load(), Locator(None, Gazetteer.from_intersections(None)), report_index_size=size
    )


def test_memory_of_recent_incidents_is_bounded() -> None:
    pipeline = stages(size=8)
    enriched = pipeline.enrich_batch([call(n) for n in range(40)])
    outcomes = [pipeline.resolve(er) for er in enriched if isinstance(er, EnrichedReport)]
    ids = [o.incident.incident_id for o in outcomes if o.incident]
    assert len(set(ids)) == 40  # forty days apart: forty incidents
    assert pipeline.incident(ids[0]) is None and pipeline.incident(ids[-1]) is not None
    assert sum(pipeline.incident(i) is not None for i in ids) <= 2


class _Broken:
    def locate(self, report: RawReport, classification: Classification | None = None) -> Location:
        if report.item_id == "c1":
            raise ValueError("geocoder exploded")
        return Location()

    def remember(self, report: RawReport, patrol: str | None = None) -> bool:
        return False


def test_a_failing_report_is_returned_as_a_failure_and_the_batch_goes_on() -> None:
    pipeline = Stages(Classifier.load(), _Broken())
    results = pipeline.enrich_batch([call(0), call(1), call(2)])
    assert isinstance(results[1], StageFailure) and results[1].stage == "enrich"
    assert "exploded" in str(results[1].error)
    assert not isinstance(results[0], StageFailure) and not isinstance(results[2], StageFailure)


class _Refused:
    def locate(self, report: RawReport, classification: Classification | None = None) -> Location:
        raise GeoConfigError("geocoder pelias refused the request (401)")

    def remember(self, report: RawReport, patrol: str | None = None) -> bool:
        return False


def test_a_geocoder_configuration_error_stops_the_batch_instead_of_dead_lettering() -> None:
    import pytest

    pipeline = Stages(Classifier.load(), _Refused())
    with pytest.raises(GeoConfigError, match="refused"):
        pipeline.enrich_batch([call(0), call(1)])
