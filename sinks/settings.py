"""The outputs' settings sections, composed into the application settings by ``ccrp``:
the case system's webhook and the digest's mail.

Environment: ``CCRP_WEBHOOK__URL``, ``CCRP_WEBHOOK__SECRET`` (a Standard Webhooks secret,
``whsec_`` and base64; ``ccrp deliveries new-secret`` makes one) and the retry policy;
``CCRP_MAIL__*`` for SMTP (see :class:`MailSettings`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import NoDecode


class WebhookSettings(BaseModel):
    """Where and how activation events are delivered to the case system."""

    model_config = ConfigDict(frozen=True)

    url: str | None = Field(default=None, description="unset: no webhook delivery")
    secret: SecretStr | None = None
    timeout_s: float = Field(10.0, gt=0, description="one attempt's connect+read timeout")
    initial_backoff_s: float = Field(5.0, gt=0)
    max_backoff_s: float = Field(900.0, gt=0)
    give_up_after_s: float = Field(
        72 * 3600.0, gt=0, description="age at which a delivery fails to the dead letter topic"
    )
    max_retry_after_s: float = Field(3600.0, gt=0, description="cap on a receiver's Retry-After")
    group_id: str = "ccrp-delivery"
    batch: int = Field(50, ge=1, description="deliveries claimed per pass")
    poll_s: float = Field(0.5, gt=0, description="idle wait between passes")
    settle_s: float = Field(
        30.0, ge=0, description="`ccrp run --once`: how long to wait for deliveries to settle"
    )

    @property
    def enabled(self) -> bool:
        """True when a webhook URL is configured."""
        return bool(self.url)

    def secret_value(self) -> str:
        """The signing secret; a configured URL without one is a configuration error."""
        if self.secret is None or not self.secret.get_secret_value():
            raise ValueError(
                "a webhook URL needs CCRP_WEBHOOK__SECRET (ccrp deliveries new-secret)"
            )
        return self.secret.get_secret_value()


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
