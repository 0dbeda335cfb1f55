"""The TOML sources file: which sources to collect, from where, when, with which options.

```toml
timezone = "America/Toronto"          # optional; schedules are in this local time

[[source]]
name = "tps-calls"                    # also the RawReport.source of its reports
kind = "tps_calls"                    # a collector kind from ingest.registry
url = "https://.../FeatureServer/0"   # http(s)://, or file:// (relative to this file's folder)
schedule = "every 30m"                # default "daily@06:00"
deadline_s = 120                      # optional limits, defaults in ingest.settings
allow_redirects_to = ["https://cdn.example.org"]   # origins a redirect may go to
[source.options]                      # kind-specific options
lookback = "36h"
```
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.errors import SourceConfigError
from ingest.schedule import DEFAULT_SCHEDULE, Schedule, parse_schedule


class SourceConfig(BaseModel):
    """One source: its name, collector kind, URL, schedule and kind-specific options."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    kind: str = Field(min_length=1)
    url: str = Field(min_length=1)
    schedule: str = DEFAULT_SCHEDULE
    enabled: bool = True
    timeout_s: float | None = Field(default=None, gt=0)
    max_bytes: int | None = Field(default=None, gt=0)
    deadline_s: float | None = Field(default=None, gt=0)
    max_pages: int | None = Field(default=None, gt=0)
    max_records: int | None = Field(default=None, gt=0)
    allow_redirects_to: tuple[str, ...] = ()
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("schedule")
    @classmethod
    def _valid_schedule(cls, value: str) -> str:
        return parse_schedule(value).text

    @field_validator("url")
    @classmethod
    def _supported_scheme(cls, value: str) -> str:
        scheme = urlparse(value).scheme.lower()
        if scheme not in ("http", "https", "file"):
            raise ValueError(f"url {value!r}: only http://, https:// and file:// are supported")
        return value

    @field_validator("allow_redirects_to")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            parsed = urlparse(entry)
            if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
                raise ValueError(
                    f"allow_redirects_to {entry!r}: give an origin such as https://host:port"
                )
        return value

    @property
    def schedule_rule(self) -> Schedule:
        return parse_schedule(self.schedule)

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


class SourcesFile(BaseModel):
    """A parsed sources file."""

    model_config = ConfigDict(frozen=True)

    timezone: str = "America/Toronto"
    sources: list[SourceConfig]

    def by_name(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise SourceConfigError(f"no source named {name!r}")


def resolve_url(url: str, base_dir: Path) -> str:
    """Make a ``file://`` URL absolute; a relative path resolves against ``base_dir``."""
    if not url.lower().startswith("file:"):
        return url
    parsed = urlparse(url)
    # ``file://examples/x.xml`` puts "examples" in the host part: treat it as a path.
    raw_path = unquote((parsed.netloc + parsed.path) if parsed.netloc else parsed.path)
    path = Path(raw_path)
    if not path.is_absolute():
        path = (base_dir / path).resolve()
    return path.as_uri()


def load_sources(path: str | Path) -> SourcesFile:
    """Read and validate a sources file; raises ``SourceConfigError`` naming the problem."""
    file = Path(path)
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourceConfigError(f"sources file {file} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"sources file {file}: {exc}") from exc
    entries = document.get("source", [])
    if not isinstance(entries, list):
        raise SourceConfigError(f"sources file {file}: use [[source]] tables")
    base_dir = file.resolve().parent
    sources = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SourceConfigError(f"sources file {file}: source #{index + 1} is not a table")
        entry = {**entry}
        if "url" in entry:
            entry["url"] = resolve_url(str(entry["url"]), base_dir)
        try:
            sources.append(SourceConfig.model_validate(entry))
        except (ValidationError, SourceConfigError) as exc:
            label = entry.get("name", f"#{index + 1}")
            raise SourceConfigError(f"sources file {file}: source {label}: {exc}") from exc
    names = [source.name for source in sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SourceConfigError(f"sources file {file}: duplicate source names {duplicates}")
    timezone = str(document.get("timezone", "America/Toronto"))
    return SourcesFile(timezone=timezone, sources=sources)


def next_run(source: SourceConfig, last_run: datetime | None, now: datetime, tz: str) -> datetime:
    """When ``source`` is next due."""
    return source.schedule_rule.next_run(last_run, now, tz)
