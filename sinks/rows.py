"""Conversions between the event models and table rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from schemas import (
    ActivationEvent,
    Classification,
    DeadLetter,
    EnrichedReport,
    Incident,
    Location,
    RawReport,
)
from sinks.jsoncodec import JsonText, model_json
from sinks.store_base import utc_now
from sinks.urls import normalize_url


def report_row(er: EnrichedReport, incident_id: str | None) -> dict[str, Any]:
    """Row of ``reports`` for one enriched report."""
    report = er.report
    return {
        "report_id": report.report_id,
        "source": report.source,
        "source_kind": report.source_kind.value,
        "item_id": report.item_id,
        "url": report.url,
        "title": report.title,
        "body": report.body,
        "published_at": report.published_at,
        "occurred_at": report.occurred_at,
        "collected_at": report.collected_at,
        "content_hash": er.content_hash,
        "url_norm": normalize_url(report.url),
        "incident_id": incident_id,
        "duplicate_of": er.duplicate_of,
        "is_follow_up": er.classification.is_follow_up,
        "types": list(er.classification.types),
        "classification": model_json(er.classification),
        "location": model_json(er.location),
        "raw": _raw_fields(er),
        "first_seen": report.collected_at,
        "last_seen": report.collected_at,
        "seen_count": 1,
    }


def _raw_fields(er: EnrichedReport) -> dict[str, Any]:
    # The source's own fields plus what the RawReport carried beyond the columns, so the
    # collected report can be rebuilt from the row.
    report = er.report
    return {
        "fields": report.raw,
        "location_text": report.location_text,
        "lat": report.lat,
        "lon": report.lon,
        "source_category": report.source_category,
    }


def report_from_row(row: Row[Any]) -> EnrichedReport:
    """Rebuild the enriched report a row was written from."""
    raw = row.raw
    report = RawReport(
        source=row.source,
        source_kind=row.source_kind,
        item_id=row.item_id,
        url=row.url,
        title=row.title,
        body=row.body,
        published_at=row.published_at,
        occurred_at=row.occurred_at,
        location_text=raw.get("location_text"),
        lat=raw.get("lat"),
        lon=raw.get("lon"),
        source_category=raw.get("source_category"),
        raw=raw.get("fields") or {},
        collected_at=row.collected_at,
    )
    return EnrichedReport(
        report=report,
        classification=Classification.model_validate(row.classification),
        location=Location.model_validate(row.location),
        content_hash=row.content_hash,
        duplicate_of=row.duplicate_of,
    )


def incident_row(incident: Incident, doc: JsonText | None = None) -> dict[str, Any]:
    """Row of ``incidents``: queryable columns plus the full model dump in ``doc``."""
    location = incident.location
    hood = location.neighbourhood
    return {
        "incident_id": incident.incident_id,
        "version": incident.version,
        "status": incident.status.value,
        "types": list(incident.types),
        "occurred_at": incident.occurred_at,
        "lat": location.lat,
        "lon": location.lon,
        "precision": location.precision.value,
        "location_text": location.text,
        "neighbourhood_code": hood.code if hood else None,
        "neighbourhood_name": hood.name if hood else None,
        "neighbourhood_class": hood.classification if hood else None,
        "in_area": incident.in_area,
        "municipality": incident.municipality,
        "is_follow_up": incident.is_follow_up,
        "ccrp_eligible": incident.ccrp_eligible,
        "first_seen": incident.first_seen,
        "last_seen": incident.last_seen,
        "doc": doc if doc is not None else model_json(incident),
    }


def incident_version_row(incident: Incident, doc: JsonText | None = None) -> dict[str, Any]:
    """Row of ``incident_versions``: one version's full model dump."""
    return {
        "incident_id": incident.incident_id,
        "version": incident.version,
        "recorded_at": utc_now(),
        "doc": doc if doc is not None else model_json(incident),
    }


def activation_row(event: ActivationEvent) -> dict[str, Any]:
    """Row of ``activations``; ``doc`` is the CloudEvents JSON as sent.

    A CCR referral that names no incident is filed under its subject.
    """
    return {
        "event_id": event.id,
        "incident_id": event.data.incident_id or event.subject,
        "type": event.type.value,
        "incident_version": event.data.incident_version,
        "time": event.time,
        "doc": model_json(event),
    }


def dead_letter_row(dl: DeadLetter) -> dict[str, Any]:
    """Row of ``dead_letters`` (the id is assigned by the database)."""
    return {**dl.model_dump(), "replayed_at": None}


def dead_letter_from_row(row: Row[Any]) -> DeadLetter:
    """Rebuild the event model from a stored row."""
    return DeadLetter(
        key=row.key,
        value_b64=row.value_b64,
        topic=row.topic,
        partition=row.partition,
        offset=row.offset,
        stage=row.stage,
        error=row.error,
        error_type=row.error_type,
        failed_at=row.failed_at,
    )
