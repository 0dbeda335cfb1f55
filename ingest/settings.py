"""The collectors' and the intake's settings sections (composed by ``ccrp``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CollectSettings(BaseModel):
    """Collector politeness and limits; a source in the sources file may override the
    per-source ones (``timeout_s``, ``max_bytes``, ``deadline_s``, ``max_pages``,
    ``max_records``)."""

    model_config = ConfigDict(frozen=True)

    timeout_s: float = 20.0  # per request (connect, and each read of the body)
    max_bytes: int = 20_000_000  # per body, counted after decompression
    retries: int = 3  # per request, for timeouts, connection errors, 429 and 5xx
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    user_agent: str = "ccrp-intake/0.1 (+community crisis response incident intake)"
    timezone: str = "America/Toronto"
    deadline_s: float = 300.0  # wall clock for one source's whole run
    deadline_grace_s: float = 5.0  # then its thread is abandoned and the source failed
    max_pages: int = 100  # per run of a paged source (ArcGIS, CKAN)
    max_records: int = 100_000  # per run of a paged source
    max_redirects: int = 5
    workers: int = 4  # sources collected at the same time
    failure_retry_s: float = 300.0  # a failed source is due again after this, doubling
    failure_retry_max_s: float = 3_600.0  # per consecutive failure up to this
    report_max_bytes: int = 256_000  # one encoded report, well under a broker's 1 MB
    raw_max_bytes: int = 32_000
    raw_max_depth: int = 6
    raw_max_string: int = 4_000


class IntakeSettings(BaseModel):
    """Community intake HTTP endpoint."""

    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = 8088
    max_body_bytes: int = 256_000
    rate_per_minute: int = 60
    # How long a request waits for the broker's acknowledgement before answering 503.
    delivery_timeout_s: float = 10.0
