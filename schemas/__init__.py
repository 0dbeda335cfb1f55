"""Typed event models bound to versioned Kafka topics: the project's single source of truth."""

from schemas.activations import ActivationData, ActivationEvent, ActivationType
from schemas.deadletter import DeadLetter
from schemas.incidents import ContributingReport, Incident, IncidentStatus
from schemas.reports import (
    Attributes,
    Classification,
    EnrichedReport,
    Location,
    Neighbourhood,
    Precision,
    RawReport,
    SourceKind,
)
from schemas.taxonomy import CCRP_ELIGIBLE, IncidentType, is_ccrp_type
from schemas.topics import ACTIVATIONS, ALL_TOPICS, DEADLETTER, ENRICHED, RAW, REPORTS, TopicSpec

__all__ = [
    "ACTIVATIONS",
    "ALL_TOPICS",
    "CCRP_ELIGIBLE",
    "DEADLETTER",
    "ENRICHED",
    "RAW",
    "REPORTS",
    "ActivationData",
    "ActivationEvent",
    "ActivationType",
    "Attributes",
    "Classification",
    "ContributingReport",
    "DeadLetter",
    "EnrichedReport",
    "Incident",
    "IncidentStatus",
    "IncidentType",
    "Location",
    "Neighbourhood",
    "Precision",
    "RawReport",
    "SourceKind",
    "TopicSpec",
    "is_ccrp_type",
]
