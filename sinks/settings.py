"""The digest's mail settings section (composed into the application settings by ``ccrp``)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import NoDecode


class MailSettings(BaseModel):
    """SMTP delivery of the daily digest; nothing is sent until a host and recipients are set.

    ``CCRP_MAIL__HOST``, ``__PORT``, ``__STARTTLS`` (upgrade a plain connection, the usual
    port 587), ``__SSL`` (TLS from the first byte, port 465), ``__USERNAME`` /
    ``__PASSWORD``, ``__SENDER``, ``__RECIPIENTS`` (comma-separated or a JSON list),
    ``__CAFILE`` (a private certificate authority).
    """

    model_config = ConfigDict(frozen=True)

    host: str | None = None
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password: SecretStr | None = None
    cafile: str | None = None
    sender: str = "CCRP digest <ccrp-digest@localhost>"
    recipients: Annotated[list[str], NoDecode] = Field(default_factory=list)
    timeout_s: float = Field(30.0, gt=0)
    attempts: int = Field(3, ge=1, le=10)
    retry_backoff_s: float = Field(2.0, ge=0)
    # A send claimed by a process that then died is taken over after this long.
    claim_lease_s: float = Field(900.0, gt=0)

    @field_validator("recipients", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @property
    def enabled(self) -> bool:
        """True when the digest can be mailed: a server and at least one recipient."""
        return bool(self.host and self.recipients)
