"""The SQL store: one class other parts of the system call, over SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import TracebackType

from schemas import ActivationEvent, EnrichedReport, Incident
from schemas.corrections import IncidentCorrection
from sinks.access_store import AccessStoreMixin
from sinks.activation_store import ActivationStoreMixin
from sinks.correction_store import CorrectionStoreMixin
from sinks.deadletter_store import DeadLetterStoreMixin
from sinks.delivery_store import DeliveryStoreMixin
from sinks.digest_store import DigestStoreMixin
from sinks.engine import translated_errors
from sinks.history_store import HistoryStoreMixin
from sinks.incident_store import IncidentStoreMixin
from sinks.migrate import upgrade_to_head
from sinks.referral_store import ReferralStoreMixin
from sinks.state_store import StateStoreMixin


class Store(
    IncidentStoreMixin,
    HistoryStoreMixin,
    ActivationStoreMixin,
    DeadLetterStoreMixin,
    DeliveryStoreMixin,
    ReferralStoreMixin,
    StateStoreMixin,
    AccessStoreMixin,
    DigestStoreMixin,
    CorrectionStoreMixin,
):
    """Idempotent persistence of reports, incidents, activations, their webhook deliveries,
    CCR referral statuses, dead letters, tokens, operational state and the digest's send log.

    ``Store(url)`` only connects lazily; ``Store.open(url)`` also migrates the schema to
    the newest revision. Every write is an upsert by a stable id, so replaying the same
    input leaves the same rows. Datetimes go in and come out timezone-aware (UTC).
    """

    @classmethod
    def open(cls, url: str) -> Store:
        """A store on ``url`` with its schema migrated to head."""
        store = cls(url)
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store

    def migrate(self) -> None:
        """Run the package's Alembic migrations up to head (safe to repeat)."""
        with translated_errors("migrate database"):
            upgrade_to_head(self._engine)

    def write_batch(
        self,
        reports: Iterable[tuple[EnrichedReport, str | None]] = (),
        versions: Iterable[Incident] = (),
        events: Sequence[ActivationEvent] = (),
        corrections: Iterable[IncidentCorrection] = (),
    ) -> None:
        """What one stream batch asks to record, in one transaction: incident versions,
        reports, activation events and corrections (each an idempotent upsert)."""
        reports = list(reports)
        with self._write("write batch") as conn:
            self._upsert_reports_in(conn, reports)
            linked = {er.report_id: incident_id for er, incident_id in reports}
            self._upsert_incidents_in(conn, versions, linked)
            self._record_activations_in(conn, events)
            self._record_corrections_in(conn, corrections)

    def close(self) -> None:
        """Release every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
