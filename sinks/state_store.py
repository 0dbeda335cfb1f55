"""Operational state: collector cursors and items, geocode cache."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from sinks.store_base import StoreBase, chunked, utc_now
from sinks.tables import Base

STATE = Base.metadata.tables["collector_state"]
ITEMS = Base.metadata.tables["collected_items"]
GEOCODE = Base.metadata.tables["geocode_cache"]


class StateStoreMixin(StoreBase):
    """Store operations over the operational tables."""

    # -- collectors ------------------------------------------------------------------------

    def get_collector_state(self, source: str) -> dict[str, Any] | None:
        """A collector's saved cursor, or None on its first run."""
        with self._read("get collector state") as conn:
            return conn.execute(select(STATE.c.state).where(STATE.c.source == source)).scalar()

    def put_collector_state(self, source: str, state: dict[str, Any]) -> None:
        """Replace a collector's saved cursor."""
        ins = self._insert(STATE).values(source=source, state=state, updated_at=utc_now())
        stmt = ins.on_conflict_do_update(
            index_elements=["source"],
            set_={"state": ins.excluded.state, "updated_at": ins.excluded.updated_at},
        )
        with self._write("put collector state") as conn:
            conn.execute(stmt)

    def all_collector_states(self) -> dict[str, dict[str, Any]]:
        """Every collector's saved cursor by source."""
        with self._read("list collector states") as conn:
            rows = conn.execute(select(STATE.c.source, STATE.c.state).order_by(STATE.c.source))
            return {source: state for source, state in rows}

    def filter_new_items(self, source: str, items: Sequence[tuple[str, str]]) -> set[str]:
        """Ids of the ``(item_id, content_hash)`` pairs not yet recorded: new or changed."""
        wanted = dict(items)
        known: dict[str, str] = {}
        with self._read("filter new items") as conn:
            for batch in chunked(wanted):
                rows = conn.execute(
                    select(ITEMS.c.item_id, ITEMS.c.content_hash).where(
                        ITEMS.c.source == source, ITEMS.c.item_id.in_(batch)
                    )
                )
                known.update({item_id: digest for item_id, digest in rows})
        return {item_id for item_id, digest in wanted.items() if known.get(item_id) != digest}

    def mark_items_seen(self, source: str, items: Sequence[tuple[str, str]]) -> None:
        """Record ``(item_id, content_hash)`` pairs as emitted by ``source``."""
        now = utc_now()
        rows = [
            {"source": source, "item_id": i, "content_hash": h, "first_seen": now, "last_seen": now}
            for i, h in dict(items).items()
        ]
        if not rows:
            return
        ins = self._insert(ITEMS)
        stmt = ins.on_conflict_do_update(
            index_elements=["source", "item_id"],
            set_={"content_hash": ins.excluded.content_hash, "last_seen": ins.excluded.last_seen},
        )
        with self._write("mark items seen") as conn:
            self._execute_many(conn, stmt, rows)

    # -- geocoder cache --------------------------------------------------------------------

    def get_geocode(self, provider: str, query: str) -> dict[str, Any] | None:
        """A cached geocoder answer."""
        with self._read("get geocode") as conn:
            return conn.execute(
                select(GEOCODE.c.result).where(
                    GEOCODE.c.provider == provider, GEOCODE.c.query == query
                )
            ).scalar()

    def put_geocode(self, provider: str, query: str, result: dict[str, Any]) -> None:
        """Cache a geocoder answer (replacing an older one)."""
        self.put_geocodes([(provider, query, result)])

    def put_geocodes(self, answers: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        """Cache several answers in one transaction (the last one per query wins)."""
        now = utc_now()
        latest = {(p, q): r for p, q, r in answers}
        rows = [
            {"provider": p, "query": q, "result": r, "created_at": now}
            for (p, q), r in latest.items()
        ]
        if not rows:
            return
        stmt = self._statement("put_geocode", self._geocode_upsert)
        with self._write("put geocodes") as conn:
            self._execute_many(conn, stmt, rows)

    def _geocode_upsert(self) -> Any:
        ins = self._insert(GEOCODE)
        return ins.on_conflict_do_update(
            index_elements=["provider", "query"],
            set_={"result": ins.excluded.result, "created_at": ins.excluded.created_at},
        )
