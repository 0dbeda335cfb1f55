"""The store's outputs' settings section: the case system's webhook (composed by ``ccrp``).

Environment: ``CCRP_WEBHOOK__URL``, ``CCRP_WEBHOOK__SECRET`` (a Standard Webhooks secret,
``whsec_`` and base64; ``ccrp deliveries new-secret`` makes one), and the retry policy.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


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
