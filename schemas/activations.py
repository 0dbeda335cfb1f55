"""The case system's contract: CloudEvents 1.0 structured JSON on ``ccrp.activations.v1``.

Three programs share the envelope, each with its own event types and ``data`` model
(``data.program`` tells them apart):

- CCRP activations (``ActivationData``): created once per incident, updated on material
  change, cancelled when the incident stops being eligible; each carries a priority with
  its reasons, the recommended supports with why, and the neighbourhood's context.
- CCR referrals (``CcrReferralData``): a referral by police or a partner agency with a
  qualifying risk score and recorded informed consent; never a person's name.
- Community crisis service referrals (``CrisisReferralData``): mental-health crisis calls
  routed to a non-police response rather than a CCRP activation.

``type`` values are prefixed with a reverse-DNS name, as the CloudEvents spec recommends.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Discriminator, Field, Tag

from schemas.reports import Frozen, Location

EVENT_TYPE_PREFIX = "ca.toronto.ccrp"


class ActivationType(StrEnum):
    """CloudEvents ``type`` values on ``ccrp.activations.v1``."""

    CREATED = f"{EVENT_TYPE_PREFIX}.activation.created"
    UPDATED = f"{EVENT_TYPE_PREFIX}.activation.updated"
    CANCELLED = f"{EVENT_TYPE_PREFIX}.activation.cancelled"
    CCR_REFERRAL_FLAGGED = f"{EVENT_TYPE_PREFIX}.ccr.referral.flagged"
    CRISIS_SERVICE_REFERRAL = f"{EVENT_TYPE_PREFIX}.crisis-service.referral"


class PriorityLevel(StrEnum):
    """How urgently CCRP staff should reach out, highest first."""

    URGENT = "urgent"
    HIGH = "high"
    STANDARD = "standard"


class PriorityFactor(StrEnum):
    """The evidence a priority is built from."""

    FATALITIES = "fatalities"
    INJURED = "injured"
    YOUTH = "youth"
    WEAPON = "weapon"
    REPETITION = "repetition"
    NIA = "nia"


class PriorityReason(Frozen):
    """One factor that raised the priority, in plain words ("3rd shooting in 30 days")."""

    factor: PriorityFactor
    detail: str
    points: int = Field(ge=0)


class Priority(Frozen):
    """The priority of a CCRP activation and every reason it was given."""

    level: PriorityLevel
    score: int = Field(ge=0)
    reasons: list[PriorityReason] = Field(default_factory=list)


class SupportKind(StrEnum):
    """The supports CCRP can arrange after a violent or traumatic incident."""

    NEEDS_ASSESSMENT = "needs_assessment"
    COMMUNITY_DEBRIEF = "community_debrief"
    TRAUMA_COUNSELLING = "trauma_counselling"
    SAFETY_NETWORK = "safety_network_mobilisation"
    SCHOOL_YOUTH = "school_youth_supports"


class Support(Frozen):
    """A recommended support and why it is recommended for this incident."""

    kind: SupportKind
    why: str


class RecentIncident(Frozen):
    """An earlier CCRP incident of the same neighbourhood (ids and types only)."""

    incident_id: str
    types: list[str]
    occurred_at: AwareDatetime | None = None


class NeighbourhoodContext(Frozen):
    """What staff should know of the neighbourhood an activation is in."""

    code: str
    name: str
    classification: str | None = None
    is_nia: bool = False
    ccrp_incidents_30d: int = Field(0, ge=0, description="this one included")
    same_type_30d: int = Field(0, ge=0, description="this one included")
    recent: list[RecentIncident] = Field(default_factory=list)


class ActivationData(Frozen):
    """What the case system needs to open or update a CCRP response."""

    program: Literal["ccrp"] = "ccrp"
    incident_id: str
    incident_version: int
    types: list[str]
    occurred_at: AwareDatetime | None
    window_opens_at: AwareDatetime | None
    window_closes_at: AwareDatetime | None
    location: Location
    fatalities: int | None = None
    injured: int | None = None
    youth_involved: bool | None = None
    weapon: str | None = None
    summary: str
    report_urls: list[str] = Field(default_factory=list)
    withheld: bool = Field(
        default=False,
        description="summary generated, no links, place no finer than the neighbourhood",
    )
    reason: str = ""
    priority: Priority | None = None
    supports: list[Support] = Field(default_factory=list)
    neighbourhood_context: NeighbourhoodContext | None = None


class ReferralSource(StrEnum):
    """Who referred a high-risk intimate-partner-violence situation."""

    POLICE = "police"
    PARTNER_AGENCY = "partner_agency"


class RiskTool(StrEnum):
    """The validated risk assessment a CCR referral's score comes from."""

    ODARA = "odara"
    DANGER_ASSESSMENT = "danger_assessment"


class CcrReferralData(Frozen):
    """A flagged referral to the co-ordinated response for high-risk IPV; never a name."""

    program: Literal["ccr"] = "ccr"
    partner: str
    referral_id: str
    incident_id: str | None = None
    incident_version: int = 1
    referred_by: ReferralSource
    agency: str
    risk_tool: RiskTool
    risk_score: int = Field(ge=0)
    threshold: int = Field(ge=0)
    consent_recorded_at: AwareDatetime
    area: str | None = None
    reason: str


class CrisisReferralData(Frozen):
    """A mental-health crisis routed to the community crisis service."""

    program: Literal["crisis_service"] = "crisis_service"
    incident_id: str
    incident_version: int
    occurred_at: AwareDatetime | None
    location: Location
    summary: str
    report_urls: list[str] = Field(default_factory=list)
    withheld: bool = False
    reason: str


def _program(value: Any) -> str:
    # Events recorded before ``program`` existed are CCRP activations.
    program = value.get("program") if isinstance(value, dict) else getattr(value, "program", None)
    return str(program or "ccrp")


EventData = Annotated[
    Annotated[ActivationData, Tag("ccrp")]
    | Annotated[CcrReferralData, Tag("ccr")]
    | Annotated[CrisisReferralData, Tag("crisis_service")],
    Discriminator(_program),
]


class ActivationEvent(Frozen):
    """A CloudEvents 1.0 envelope whose id is stable for what it announces."""

    specversion: Literal["1.0"] = "1.0"
    id: str
    source: str = "urn:ccrp:intake"
    type: ActivationType
    time: AwareDatetime
    subject: str
    datacontenttype: Literal["application/json"] = "application/json"
    data: EventData

    @property
    def ccrp(self) -> ActivationData:
        """The CCRP activation data; ``ValueError`` for another program's event."""
        if not isinstance(self.data, ActivationData):
            raise ValueError(f"event {self.id} is a {self.data.program} event, not a CCRP one")
        return self.data

    @property
    def is_ccrp(self) -> bool:
        """True for CCRP activation events (created, updated, cancelled)."""
        return isinstance(self.data, ActivationData)
