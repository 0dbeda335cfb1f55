"""Dead letters: kept once per Kafka position, listed by reason and time, marked replayed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from schemas import DeadLetter
from sinks.engine import require_aware
from sinks.rows import dead_letter_from_row, dead_letter_row
from sinks.store_base import StoreBase, chunked, utc_now
from sinks.tables import Base

DEAD = Base.metadata.tables["dead_letters"]


@dataclass(frozen=True)
class StoredDeadLetter:
    """A dead letter with its row id and whether it was replayed."""

    id: int
    letter: DeadLetter
    replayed_at: datetime | None


@dataclass(frozen=True)
class DeadLetterReason:
    """How many dead letters one stage and error type produced, and when."""

    stage: str
    error_type: str
    count: int
    first: datetime
    last: datetime
    example: str


class DeadLetterStoreMixin(StoreBase):
    """Store operations on dead letters."""

    def record_dead_letter(self, dl: DeadLetter) -> None:
        """Keep a dead letter; a replay of the same topic/partition/offset adds nothing."""
        self.record_dead_letters([dl])

    def record_dead_letters(self, letters: Sequence[DeadLetter]) -> None:
        """Keep dead letters in one transaction; replays of a position add nothing."""
        if not letters:
            return
        stmt = self._statement("dead_letter", lambda: self._insert(DEAD).on_conflict_do_nothing())
        with self._write("record dead letters") as conn:
            for dl in letters:  # one by one: the unique index is partial (offset not null)
                conn.execute(stmt, dead_letter_row(dl))

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        """The most recent dead letters, newest first."""
        return [s.letter for s in self.find_dead_letters(limit=limit, include_replayed=True)]

    def find_dead_letters(
        self,
        stage: str | None = None,
        reason: str | None = None,
        since: datetime | None = None,
        include_replayed: bool = False,
        limit: int | None = None,
    ) -> list[StoredDeadLetter]:
        """Dead letters by stage, reason (error type or text) and time, newest first."""
        query = select(DEAD).order_by(DEAD.c.failed_at.desc(), DEAD.c.id.desc())
        if stage:
            query = query.where(DEAD.c.stage == stage)
        if reason:
            pattern = f"%{reason}%"
            query = query.where(DEAD.c.error_type.ilike(pattern) | DEAD.c.error.ilike(pattern))
        if since is not None:
            query = query.where(DEAD.c.failed_at >= require_aware(since, "since"))
        if not include_replayed:
            query = query.where(DEAD.c.replayed_at.is_(None))
        if limit is not None:
            query = query.limit(limit)
        with self._read("find dead letters") as conn:
            return [
                StoredDeadLetter(int(row.id), dead_letter_from_row(row), row.replayed_at)
                for row in conn.execute(query)
            ]

    def dead_letter_reasons(self, include_replayed: bool = False) -> list[DeadLetterReason]:
        """Counts per stage and error type, the most frequent first."""
        query = select(
            DEAD.c.stage,
            DEAD.c.error_type,
            func.count(),
            func.min(DEAD.c.failed_at),
            func.max(DEAD.c.failed_at),
            func.max(DEAD.c.error),
        ).group_by(DEAD.c.stage, DEAD.c.error_type)
        if not include_replayed:
            query = query.where(DEAD.c.replayed_at.is_(None))
        with self._read("summarise dead letters") as conn:
            rows = conn.execute(query).all()
        reasons = [DeadLetterReason(s, t, int(n), a, b, e[:200]) for s, t, n, a, b, e in rows]
        return sorted(reasons, key=lambda r: (-r.count, r.stage, r.error_type))

    def mark_dead_letters_replayed(self, ids: Sequence[int]) -> None:
        """Record that these dead letters were submitted again."""
        now = utc_now()
        with self._write("mark dead letters replayed") as conn:
            for batch in chunked(ids):
                conn.execute(DEAD.update().where(DEAD.c.id.in_(batch)).values(replayed_at=now))
