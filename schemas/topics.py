"""Versioned topic names bound to the models carried on them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from schemas.activations import ActivationEvent
from schemas.corrections import IncidentCorrection
from schemas.deadletter import DeadLetter
from schemas.incidents import Incident
from schemas.referrals import CcrReferral
from schemas.reports import EnrichedReport, RawReport


@dataclass(frozen=True)
class TopicSpec:
    """A topic contract: name, what its key is, the value model, and retention policy."""

    name: str
    key: str
    model: type[BaseModel]
    compacted: bool = False
    internal: bool = False


RAW = TopicSpec("incidents.raw.v1", "source:item_id", RawReport)
REPORTS = TopicSpec("incidents.reports.v1", "source:item_id", EnrichedReport, internal=True)
ENRICHED = TopicSpec("incidents.enriched.v1", "incident_id", Incident, compacted=True)
ACTIVATIONS = TopicSpec("ccrp.activations.v1", "incident_id", ActivationEvent)
DEADLETTER = TopicSpec("incidents.deadletter.v1", "original key", DeadLetter)
REFERRALS = TopicSpec("ccr.referrals.v1", "partner:referral_id", CcrReferral)
CORRECTIONS = TopicSpec("incidents.corrections.v1", "municipality", IncidentCorrection)

ALL_TOPICS: tuple[TopicSpec, ...] = (
    RAW,
    REPORTS,
    ENRICHED,
    ACTIVATIONS,
    DEADLETTER,
    REFERRALS,
    CORRECTIONS,
)
