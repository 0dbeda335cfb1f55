"""One typed, frozen Settings object read from the environment (prefix ``CCRP_``).

Each library owns its section (``classify.settings``, ``enrich.geo.settings``,
``ingest.settings``, ``sinks.settings``); this module composes them with the wiring's
own (Kafka).

Nested sections use ``__``: ``CCRP_KAFKA__PARTITIONS=8``. The most common ones
also have short aliases: ``CCRP_KAFKA_BOOTSTRAP`` and ``CCRP_DB_URL``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from classify.settings import ClassifySettings
from enrich.geo.settings import GeoSettings
from ingest.settings import CollectSettings, IntakeSettings
from sinks.settings import MailSettings, WebhookSettings

__all__ = [
    "ApiSettings",
    "ClassifySettings",
    "CollectSettings",
    "GeoSettings",
    "IntakeSettings",
    "KafkaSettings",
    "MailSettings",
    "OpsSettings",
    "Settings",
    "WebhookSettings",
    "get_settings",
]


class Section(BaseModel):
    """Base of the settings sections: frozen once read."""

    model_config = ConfigDict(frozen=True)


class KafkaSettings(Section):
    """Broker connection; ``bootstrap=None`` means start the embedded local broker."""

    bootstrap: str | None = None
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None
    partitions: int = 4
    replication_factor: int = 1
    client_id: str = "ccrp"
    app_id: str = "ccrp-intake"  # the stream app's name: its consumer group and state
    session_timeout_ms: int = 6_000
    delivery_timeout_s: float = 30.0  # a produced message not acknowledged by then failed

    def client_config(self) -> dict[str, str]:
        """librdkafka options for confluent-kafka clients, security passed through."""
        conf = {"client.id": self.client_id, "security.protocol": self.security_protocol}
        if self.sasl_mechanism:
            conf["sasl.mechanism"] = self.sasl_mechanism
        if self.sasl_username is not None:
            conf["sasl.username"] = self.sasl_username
        if self.sasl_password is not None:
            conf["sasl.password"] = self.sasl_password
        if self.ssl_cafile:
            conf["ssl.ca.location"] = self.ssl_cafile
        return conf


class OpsSettings(Section):
    """Operator endpoints (``/healthz``, ``/readyz``, ``/metrics``) of each process kind."""

    enabled: bool = True
    host: str = "127.0.0.1"
    worker_port: int = 9101
    collector_port: int = 9102
    delivery_port: int = 9103
    job_port: int = 9100


class ApiSettings(Section):
    """The analysts' read-only API (``ccrp serve``)."""

    host: str = "127.0.0.1"
    port: int = 8089
    max_page: int = 5_000


class Settings(BaseSettings):
    """All configuration, read once; components receive their section."""

    model_config = SettingsConfigDict(
        env_prefix="CCRP_", env_nested_delimiter="__", frozen=True, extra="ignore"
    )

    data_dir: Path = Path("var")
    db_url: str | None = Field(default=None, validation_alias=AliasChoices("CCRP_DB_URL", "db_url"))
    kafka_bootstrap: str | None = Field(
        default=None, validation_alias=AliasChoices("CCRP_KAFKA_BOOTSTRAP", "kafka_bootstrap")
    )
    kafka: KafkaSettings = KafkaSettings()
    geo: GeoSettings = GeoSettings()
    classify: ClassifySettings = ClassifySettings()
    collect: CollectSettings = CollectSettings()
    intake: IntakeSettings = IntakeSettings()
    ops: OpsSettings = OpsSettings()
    webhook: WebhookSettings = WebhookSettings()
    api: ApiSettings = ApiSettings()
    mail: MailSettings = MailSettings()
    timezone: str = "America/Toronto"
    digest_at: str = "07:00"
    tick_s: float = 30.0

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'ccrp.db'}"

    @property
    def kafka_section(self) -> KafkaSettings:
        """Kafka settings with the short ``CCRP_KAFKA_BOOTSTRAP`` alias applied."""
        if self.kafka_bootstrap and not self.kafka.bootstrap:
            return self.kafka.model_copy(update={"bootstrap": self.kafka_bootstrap})
        return self.kafka


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
