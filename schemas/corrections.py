"""Corrections of resolution, by an operator or by the resolver itself.

An operator splits a wrong merge (the named reports are another incident) or merges two
incidents by hand, always with a reason; the stream applies it in order with the reports
(``incidents.corrections.v1``), and the store keeps every correction, the resolver's own
merges included, with its reason.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import AwareDatetime, Field, model_validator

from schemas.reports import Frozen

CORRECTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ccrp:intake:corrections")


class CorrectionKind(StrEnum):
    """What a correction does."""

    MERGE = "merge"  # other_incident_id is the same incident as incident_id
    SPLIT = "split"  # report_ids of incident_id are another incident


class IncidentCorrection(Frozen):
    """One correction (value of ``incidents.corrections.v1``)."""

    correction_id: str
    kind: CorrectionKind
    incident_id: str = Field(min_length=1, max_length=200)
    other_incident_id: str | None = Field(default=None, max_length=200)
    report_ids: list[str] = Field(default_factory=list, max_length=500)
    reason: str = Field(min_length=3, max_length=1_000)
    requested_by: str = Field(min_length=1, max_length=200)
    requested_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))

    @model_validator(mode="after")
    def _complete(self) -> IncidentCorrection:
        if self.kind == CorrectionKind.MERGE and not self.other_incident_id:
            raise ValueError("a merge names the other incident")
        if self.kind == CorrectionKind.MERGE and self.other_incident_id == self.incident_id:
            raise ValueError("an incident cannot be merged with itself")
        if self.kind == CorrectionKind.SPLIT and not self.report_ids:
            raise ValueError("a split names the reports that are another incident")
        return self

    @classmethod
    def request(
        cls,
        kind: CorrectionKind,
        incident_id: str,
        reason: str,
        requested_by: str,
        other_incident_id: str | None = None,
        report_ids: list[str] | None = None,
    ) -> IncidentCorrection:
        """A new correction with a stable id of its content (a resubmission is the same one)."""
        reports = sorted(set(report_ids or []))
        name = f"{kind}:{incident_id}:{other_incident_id}:{','.join(reports)}"
        return cls(
            correction_id=str(uuid.uuid5(CORRECTION_NAMESPACE, name)),
            kind=kind,
            incident_id=incident_id,
            other_incident_id=other_incident_id,
            report_ids=reports,
            reason=reason,
            requested_by=requested_by,
        )
