"""Operational state: collector cursors and items, partners, geocode cache."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from sinks.errors import StoreConflictError, StoreInputError
from sinks.store_base import StoreBase, chunked, utc_now
from sinks.tables import Base

STATE = Base.metadata.tables["collector_state"]
ITEMS = Base.metadata.tables["collected_items"]
PARTNERS = Base.metadata.tables["partners"]
KEYS = Base.metadata.tables["intake_keys"]
GEOCODE = Base.metadata.tables["geocode_cache"]


def token_digest(token: str) -> str:
    """SHA-256 hex digest of a partner token; the token itself is never stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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

    # -- community partners ----------------------------------------------------------------

    def add_partner(self, name: str, token: str) -> None:
        """Register a partner, or rotate its token; only the token's SHA-256 is kept."""
        if not name.strip() or not token:
            raise StoreInputError("a partner needs a name and a non-empty token")
        digest = token_digest(token)
        with self._write("add partner") as conn:
            holder = conn.execute(
                select(PARTNERS.c.name).where(PARTNERS.c.token_sha256 == digest)
            ).scalar()
            if holder is not None and holder != name:
                raise StoreConflictError("this token is already issued to another partner")
            ins = self._insert(PARTNERS).values(
                name=name, token_sha256=digest, created_at=utc_now(), active=True
            )
            conn.execute(
                ins.on_conflict_do_update(
                    index_elements=["name"],
                    set_={"token_sha256": ins.excluded.token_sha256, "active": True},
                )
            )

    def partner_for_token(self, token: str) -> str | None:
        """The active partner holding ``token``, or None."""
        if not token:
            return None
        digest = token_digest(token)
        with self._read("look up partner") as conn:
            row = conn.execute(
                select(PARTNERS.c.name, PARTNERS.c.token_sha256).where(
                    PARTNERS.c.token_sha256 == digest, PARTNERS.c.active.is_(True)
                )
            ).first()
        # The lookup is by digest, so timing reveals nothing about the token itself.
        if row is None or not hmac.compare_digest(row.token_sha256, digest):
            return None
        return str(row.name)

    def claim_intake_key(self, partner: str, key: str, report_id: str) -> str | None:
        """None when ``key`` is newly claimed for ``report_id``, else the earlier report id."""
        ins = self._insert(KEYS).values(
            partner=partner, key=key, report_id=report_id, created_at=utc_now()
        )
        with self._write("claim intake key") as conn:
            if self._changed_rows(conn, ins.on_conflict_do_nothing()):
                return None
            earlier = conn.execute(
                select(KEYS.c.report_id).where(KEYS.c.partner == partner, KEYS.c.key == key)
            ).scalar()
        return None if earlier is None else str(earlier)

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
        ins = self._insert(GEOCODE).values(
            provider=provider, query=query, result=result, created_at=utc_now()
        )
        stmt = ins.on_conflict_do_update(
            index_elements=["provider", "query"],
            set_={"result": ins.excluded.result, "created_at": ins.excluded.created_at},
        )
        with self._write("put geocode") as conn:
            conn.execute(stmt)
