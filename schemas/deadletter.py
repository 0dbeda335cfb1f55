"""Dead letters: a message a stage could not handle, kept whole with the reason."""

from __future__ import annotations

import base64

from pydantic import AwareDatetime

from schemas.reports import Frozen


class DeadLetter(Frozen):
    """Value of ``incidents.deadletter.v1``; ``value_b64`` holds the original bytes."""

    key: str | None
    value_b64: str
    topic: str
    partition: int | None = None
    offset: int | None = None
    stage: str
    error: str
    error_type: str
    failed_at: AwareDatetime

    @property
    def value(self) -> bytes:
        return base64.b64decode(self.value_b64)

    @staticmethod
    def encode(value: bytes | None) -> str:
        return base64.b64encode(value or b"").decode("ascii")
