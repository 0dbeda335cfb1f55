"""Submit dead letters again once their cause is fixed.

On a cluster each letter's original bytes go back to its original topic under its
original key. With the embedded default there is no lasting topic to go back to, so the
report inside each letter (a raw report, or the report an enriched message carries) runs
through the whole pipeline once more. Either way replay is idempotent: a report that
was processed meanwhile changes nothing, and a letter that fails again becomes a new
dead letter with its new reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ccrp.errors import DecodeError
from ccrp.transport import decode
from schemas import RAW, REPORTS, EnrichedReport, RawReport
from sinks.deadletter_store import StoredDeadLetter


@dataclass
class ReplayPlan:
    """What a selection of dead letters can be replayed as."""

    reports: list[tuple[int, RawReport]] = field(default_factory=list)
    messages: list[tuple[int, str, str | None, bytes]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [i for i, _ in self.reports]


def report_inside(letter: StoredDeadLetter) -> RawReport:
    """The raw report a dead letter holds, or DecodeError when its bytes hold none."""
    dl = letter.letter
    if dl.topic == RAW.name:
        return decode(RawReport, dl.value)
    if dl.topic == REPORTS.name:
        return decode(EnrichedReport, dl.value).report
    raise DecodeError(f"a message of {dl.topic} carries no report to run again")


def plan_replay(letters: Sequence[StoredDeadLetter]) -> ReplayPlan:
    """Sort letters into replayable reports, original messages, and those that cannot be."""
    plan = ReplayPlan()
    for letter in letters:
        dl = letter.letter
        plan.messages.append((letter.id, dl.topic, dl.key, dl.value))
        try:
            plan.reports.append((letter.id, report_inside(letter)))
        except DecodeError as exc:
            plan.skipped.append((letter.id, str(exc)))
    return plan
