"""When "the last 72 hours" is judged from: each report's own time, now, or a fixed instant.

``report`` (the default, and what a live stream amounts to) judges each report at its
own published time (collected time when it states none), so a replay of a past week
activates exactly as the live system would have then. ``now`` judges everything at the
start of the run; an ISO time judges everything at that instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from schemas import RawReport

DecisionTime = Callable[[RawReport], datetime]


def report_time(report: RawReport) -> datetime:
    """A report's own time: when it was published, else when it was collected."""
    return report.published_at or report.collected_at


@dataclass(frozen=True)
class AsOf:
    """A parsed ``--as-of`` choice and the decision time it gives each report."""

    mode: str  # "report", "now" or "fixed"
    instant: datetime | None = None

    def __call__(self, report: RawReport) -> datetime:
        return report_time(report) if self.instant is None else self.instant

    def describe(self) -> str:
        if self.instant is None:
            return "each report's own published time"
        return f"{self.mode} ({self.instant.isoformat()})"


def parse_as_of(value: str, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> AsOf:
    """``report``, ``now`` or an ISO time (a time without a zone is UTC)."""
    text = value.strip().lower()
    if text == "report":
        return AsOf("report")
    if text == "now":
        return AsOf("now", now())
    try:
        instant = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"--as-of must be report, now or an ISO time, not {value!r}") from exc
    return AsOf("fixed", instant if instant.tzinfo else instant.replace(tzinfo=UTC))
