"""The classifier's settings section (composed into the application settings by ``ccrp``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ClassifySettings(BaseModel):
    """Classifier options."""

    model_config = ConfigDict(frozen=True)

    model_path: str | None = None
    batch_size: int = 64
