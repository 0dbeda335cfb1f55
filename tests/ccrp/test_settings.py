"""Settings from the environment, and security options passed through to both clients."""

from __future__ import annotations

import faust
import pytest

from ccrp.app import faust_credentials
from ccrp.settings import KafkaSettings, MailSettings, Settings


def test_environment_sections_and_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCRP_KAFKA_BOOTSTRAP", "broker-1:9092,broker-2:9092")
    monkeypatch.setenv("CCRP_KAFKA__PARTITIONS", "12")
    monkeypatch.setenv("CCRP_DB_URL", "postgresql://postgres@127.0.0.1/test")
    settings = Settings()
    assert settings.kafka_section.bootstrap == "broker-1:9092,broker-2:9092"
    assert settings.kafka_section.partitions == 12
    assert settings.database_url == "postgresql://postgres@127.0.0.1/test"
    with pytest.raises(Exception, match="frozen"):
        settings.timezone = "UTC"  # type: ignore[misc]


def test_embedded_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CCRP_KAFKA_BOOTSTRAP", "CCRP_DB_URL", "CCRP_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.kafka_section.bootstrap is None  # the embedded broker is started
    assert settings.database_url.startswith("sqlite:///")


def test_sasl_ssl_reaches_confluent_and_faust() -> None:
    kafka = KafkaSettings(
        bootstrap="b:9093",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="ccrp",
        sasl_password="secret",
    )
    conf = kafka.client_config()
    assert conf["security.protocol"] == "SASL_SSL"
    assert conf["sasl.mechanism"] == "SCRAM-SHA-512" and conf["sasl.username"] == "ccrp"
    credentials = faust_credentials(kafka)
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.username == "ccrp" and credentials.ssl_context is not None
    assert faust_credentials(KafkaSettings(bootstrap="b:9092")) is None
    assert isinstance(
        faust_credentials(KafkaSettings(bootstrap="b:9093", security_protocol="SSL")),
        faust.SSLCredentials,
    )


def test_mail_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCRP_MAIL__HOST", "smtp.example.org")
    monkeypatch.setenv("CCRP_MAIL__RECIPIENTS", "a@example.org, b@example.org")
    monkeypatch.setenv("CCRP_MAIL__PASSWORD", "s3cret")
    mail = Settings().mail
    assert mail.enabled and mail.recipients == ["a@example.org", "b@example.org"]
    assert "s3cret" not in repr(mail)
    assert not MailSettings().enabled
