"""The collectors' and the intake's settings sections (composed by ``ccrp``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CollectSettings(BaseModel):
    """Collector politeness and limits."""

    model_config = ConfigDict(frozen=True)

    timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    retries: int = 3
    backoff_s: float = 1.0
    user_agent: str = "ccrp-intake/0.1 (+community crisis response incident intake)"
    timezone: str = "America/Toronto"


class IntakeSettings(BaseModel):
    """Community intake HTTP endpoint."""

    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = 8088
    max_body_bytes: int = 256_000
    rate_per_minute: int = 60
    # How long a request waits for the broker's acknowledgement before answering 503.
    delivery_timeout_s: float = 10.0
