"""Reports and incidents: idempotent upserts by stable ids."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, or_, select

from schemas import EnrichedReport, Incident
from sinks.engine import require_aware
from sinks.jsoncodec import model_json
from sinks.rows import incident_row, incident_version_row, report_from_row, report_row
from sinks.store_base import StoreBase, chunked
from sinks.tables import Base
from sinks.urls import normalize_url

REPORTS = Base.metadata.tables["reports"]
INCIDENTS = Base.metadata.tables["incidents"]
VERSIONS = Base.metadata.tables["incident_versions"]
LINKS = Base.metadata.tables["incident_reports"]
DEAD = Base.metadata.tables["dead_letters"]
# Columns a newer delivery of the same report replaces; first_seen and the link stay.
_REPORT_REPLACED = tuple(
    c.name
    for c in REPORTS.columns
    if c.name not in ("report_id", "first_seen", "seen_count", "incident_id")
)


class IncidentStoreMixin(StoreBase):
    """Store operations on reports, incidents and their links."""

    # -- reports ---------------------------------------------------------------------------

    def upsert_report(self, er: EnrichedReport, incident_id: str | None) -> None:
        """Insert or update one report; the same input twice leaves the same row."""
        self.upsert_reports([(er, incident_id)])

    def upsert_reports(self, items: Iterable[tuple[EnrichedReport, str | None]]) -> None:
        """Batch form of :meth:`upsert_report`: one transaction, executemany upserts.

        A delivery older than the stored one (by ``collected_at``) changes nothing;
        ``seen_count`` counts the distinct contents seen for the report.
        """
        with self._write("upsert reports") as conn:
            self._upsert_reports_in(conn, items)

    def _upsert_reports_in(
        self, conn: Connection, items: Iterable[tuple[EnrichedReport, str | None]]
    ) -> None:
        latest: dict[str, tuple[EnrichedReport, str | None]] = {}
        for er, incident_id in items:
            kept = latest.get(er.report_id)
            if kept is None or kept[0].report.collected_at <= er.report.collected_at:
                latest[er.report_id] = (er, incident_id)
        if latest:
            stmt = self._statement("upsert_report", self._report_upsert)
            self._execute_many(conn, stmt, [report_row(er, i) for er, i in latest.values()])

    def _report_upsert(self) -> Any:
        ins = self._insert(REPORTS)
        new = ins.excluded
        update: dict[str, Any] = {name: new[name] for name in _REPORT_REPLACED}
        update["incident_id"] = func.coalesce(new.incident_id, REPORTS.c.incident_id)
        update["seen_count"] = REPORTS.c.seen_count + case(
            (REPORTS.c.content_hash != new.content_hash, 1), else_=0
        )
        return ins.on_conflict_do_update(
            index_elements=["report_id"],
            set_=update,
            where=REPORTS.c.collected_at <= new.collected_at,
        )

    def get_report(self, report_id: str) -> EnrichedReport | None:
        """The stored report, rebuilt as the model it was written from."""
        with self._read("get report") as conn:
            row = conn.execute(select(REPORTS).where(REPORTS.c.report_id == report_id)).first()
        return report_from_row(row) if row else None

    def find_report_by_fingerprint(self, content_hash: str, url_norm: str | None) -> str | None:
        """The earliest stored report with this content hash or (normalised) URL."""
        condition = REPORTS.c.content_hash == content_hash
        norm = normalize_url(url_norm)
        if norm is not None:
            condition = or_(condition, REPORTS.c.url_norm == norm)
        query = (
            select(REPORTS.c.report_id)
            .where(condition)
            .order_by(REPORTS.c.first_seen, REPORTS.c.report_id)
            .limit(1)
        )
        with self._read("find report by fingerprint") as conn:
            return conn.execute(query).scalar()

    def get_report_incident(self, report_id: str) -> str | None:
        """The incident a report belongs to, from the report row or the incident links."""
        with self._read("get report incident") as conn:
            direct = conn.execute(
                select(REPORTS.c.incident_id).where(REPORTS.c.report_id == report_id)
            ).scalar()
            if direct is not None:
                return str(direct)
            linked = conn.execute(
                select(LINKS.c.incident_id)
                .where(LINKS.c.report_id == report_id)
                .order_by(LINKS.c.incident_id)
                .limit(1)
            ).scalar()
        return None if linked is None else str(linked)

    def stored_count(self) -> int:
        """How many reports and dead letters the store holds (a cheap progress reading)."""
        with self._read("count stored") as conn:
            reports = conn.execute(select(func.count()).select_from(REPORTS)).scalar_one()
            letters = conn.execute(select(func.count()).select_from(DEAD)).scalar_one()
        return int(reports) + int(letters)

    def processed_count(self, report_ids: Collection[str]) -> int:
        """How many of these ids reached the store, as a report or as a dead letter's key."""
        return len(self.processed_ids(report_ids))

    def processed_ids(self, report_ids: Collection[str]) -> set[str]:
        """Those of these ids that reached the store, as a report or a dead letter's key."""
        found = self._matching(REPORTS.c.report_id, REPORTS.c.report_id, report_ids)
        return found | self.dead_letter_keys(set(report_ids) - found)

    def dead_letter_keys(self, keys: Collection[str]) -> set[str]:
        """Those of these keys that have a dead letter."""
        return self._matching(DEAD.c.key, DEAD.c.key, keys)

    def incidents_of(self, report_ids: Collection[str]) -> set[str]:
        """The incidents these reports belong to."""
        found = self._matching(REPORTS.c.incident_id, REPORTS.c.report_id, report_ids)
        found.discard(None)  # type: ignore[arg-type]
        return found

    def _matching(self, column: Any, key: Any, values: Collection[str]) -> set[str]:
        found: set[str] = set()
        with self._read("look up reports") as conn:
            for batch in chunked(set(values)):
                found.update(
                    conn.execute(select(column).where(key.in_(batch)).distinct()).scalars()
                )
        return found

    # -- incidents -------------------------------------------------------------------------

    def upsert_incident(self, incident: Incident) -> bool:
        """Write the incident unless a newer version is stored; link its reports.

        Returns True when written (also for an equal version, so a replay is harmless).
        """
        return self.upsert_incidents([incident]) == 1

    def upsert_incidents(self, incidents: Iterable[Incident]) -> int:
        """Batch form of :meth:`upsert_incident` in one transaction; returns the count written.

        Every version given is also kept in ``incident_versions`` (once per incident and
        version); the incident row holds the newest. Statements are batched
        (executemany) so a stream batch costs a handful of round trips, not several per
        incident.
        """
        with self._write("upsert incidents") as conn:
            return self._upsert_incidents_in(conn, incidents)

    def _upsert_incidents_in(
        self,
        conn: Connection,
        incidents: Iterable[Incident],
        linked: Mapping[str, str | None] | None = None,
    ) -> int:
        """``linked``: reports written in the same transaction with their incident: their
        rows need no claim when they name the same incident already."""
        latest: dict[str, Incident] = {}
        versions: dict[tuple[str, int], Incident] = {}
        for incident in incidents:
            versions[(incident.incident_id, incident.version)] = incident
            kept = latest.get(incident.incident_id)
            if kept is None or kept.version <= incident.version:
                latest[incident.incident_id] = incident
        if not latest:
            return 0
        docs = {id(i): model_json(i) for i in versions.values()}  # each serialised once
        keep = self._statement("version", lambda: self._insert(VERSIONS).on_conflict_do_nothing())
        rows = [incident_version_row(i, docs[id(i)]) for i in versions.values()]
        self._execute_many(conn, keep, rows)
        stored = self._stored_versions(conn, list(latest))
        fresh = [i for i in latest.values() if stored.get(i.incident_id, 0) <= i.version]
        if not fresh:
            return 0
        upsert = self._statement("upsert_incident", self._incident_upsert)
        self._execute_many(conn, upsert, [incident_row(i, docs.get(id(i))) for i in fresh])
        pairs = [{"iid": i.incident_id, "rid": r} for i in fresh for r in _report_ids(i)]
        for incident in fresh:
            if incident.incident_id in stored:  # an older version may list other reports
                self._unlink_others(conn, incident.incident_id, _report_ids(incident))
        link = self._statement(
            "link",
            lambda: (
                self._insert(LINKS)
                .values(incident_id=bindparam("iid"), report_id=bindparam("rid"))
                .on_conflict_do_nothing()
            ),
        )
        claim = self._statement(
            "claim",
            lambda: (
                REPORTS.update()
                .where(REPORTS.c.report_id == bindparam("rid"))
                .where(
                    or_(
                        REPORTS.c.incident_id.is_(None),
                        REPORTS.c.incident_id != bindparam("iid"),
                    )
                )
                .values(incident_id=bindparam("iid"))
            ),
        )
        if pairs:
            self._execute_many(conn, link, pairs)
            known = linked or {}
            claims = [p for p in pairs if known.get(p["rid"], p["rid"]) != p["iid"]]
            if claims:
                self._execute_many(conn, claim, claims)
        return len(fresh)

    def _stored_versions(self, conn: Connection, incident_ids: list[str]) -> dict[str, int]:
        versions: dict[str, int] = {}
        for batch in chunked(incident_ids):
            rows = conn.execute(
                select(INCIDENTS.c.incident_id, INCIDENTS.c.version).where(
                    INCIDENTS.c.incident_id.in_(batch)
                )
            )
            versions.update({str(iid): int(version) for iid, version in rows})
        return versions

    def _incident_upsert(self) -> Any:
        ins = self._insert(INCIDENTS)
        new = ins.excluded
        return ins.on_conflict_do_update(
            index_elements=["incident_id"],
            set_={c.name: new[c.name] for c in INCIDENTS.columns if c.name != "incident_id"},
            where=INCIDENTS.c.version <= new.version,
        )

    def _unlink_others(self, conn: Connection, incident_id: str, report_ids: list[str]) -> None:
        # The newest version's report list is the truth: drop links it no longer has.
        unlink = self._statement(
            "unlink",
            lambda: LINKS.delete().where(
                LINKS.c.incident_id == bindparam("iid"),
                LINKS.c.report_id.not_in(bindparam("ids", expanding=True)),
            ),
        )
        conn.execute(unlink, {"iid": incident_id, "ids": report_ids})

    def get_incident(self, incident_id: str) -> Incident | None:
        """The latest stored version of an incident."""
        with self._read("get incident") as conn:
            doc = conn.execute(
                select(INCIDENTS.c.doc).where(INCIDENTS.c.incident_id == incident_id)
            ).scalar()
        return None if doc is None else Incident.model_validate(doc)

    def recent_incidents(self, since: datetime) -> list[Incident]:
        """Incidents last seen at or after ``since``, oldest activity first."""
        require_aware(since, "since")
        query = (
            select(INCIDENTS.c.doc)
            .where(INCIDENTS.c.last_seen >= since)
            .order_by(INCIDENTS.c.last_seen, INCIDENTS.c.incident_id)
        )
        return self._incidents(query)

    def incidents_between(self, start: datetime, end: datetime) -> list[Incident]:
        """Incidents active in ``[start, end)``: first seen before end, last seen from start."""
        require_aware(start, "start")
        require_aware(end, "end")
        query = (
            select(INCIDENTS.c.doc)
            .where(INCIDENTS.c.first_seen < end, INCIDENTS.c.last_seen >= start)
            .order_by(INCIDENTS.c.first_seen, INCIDENTS.c.incident_id)
        )
        return self._incidents(query)

    def _incidents(self, query: Any) -> list[Incident]:
        with self._read("list incidents") as conn:
            return [Incident.model_validate(doc) for doc in conn.execute(query).scalars()]


def _report_ids(incident: Incident) -> list[str]:
    return sorted({r.report_id for r in incident.reports})
