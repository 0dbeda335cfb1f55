"""Activation events for the case system: CloudEvents 1.0 structured JSON."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field

from schemas.reports import Frozen, Location


class ActivationType(StrEnum):
    """CloudEvents ``type`` values on ``ccrp.activations.v1``."""

    CREATED = "activation.created"
    UPDATED = "activation.updated"
    CANCELLED = "activation.cancelled"


class ActivationData(Frozen):
    """What the case system needs to open or update a CCRP response."""

    incident_id: str
    incident_version: int
    types: list[str]
    occurred_at: AwareDatetime | None
    window_opens_at: AwareDatetime | None
    window_closes_at: AwareDatetime | None
    location: Location
    fatalities: int | None = None
    injured: int | None = None
    summary: str
    report_urls: list[str] = Field(default_factory=list)
    reason: str = ""


class ActivationEvent(Frozen):
    """A CloudEvents 1.0 envelope whose id is stable for an incident and version."""

    specversion: Literal["1.0"] = "1.0"
    id: str
    source: str = "urn:ccrp:intake"
    type: ActivationType
    time: AwareDatetime
    subject: str
    datacontenttype: Literal["application/json"] = "application/json"
    data: ActivationData
