"""Who may call the HTTP surfaces, and what the intake has delivered.

Partner tokens (the intake) and analyst tokens (the read-only API) are kept as SHA-256
digests only. Intake idempotency keys remember whether their message reached the broker,
so the intake answers 2xx for a key only once its message was acknowledged.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, NamedTuple

from sqlalchemy import Table, select

from sinks.errors import StoreConflictError, StoreInputError
from sinks.store_base import StoreBase, utc_now
from sinks.tables import Base

PARTNERS = Base.metadata.tables["partners"]
ANALYSTS = Base.metadata.tables["analyst_tokens"]
KEYS = Base.metadata.tables["intake_keys"]
DELIVERED = "delivered"


def token_digest(token: str) -> str:
    """SHA-256 hex digest of a token; the token itself is never stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ClaimedKey(NamedTuple):
    """The state of one idempotency key after a claim."""

    message_id: str
    kind: str
    fingerprint: str | None
    delivered: bool
    payload: dict[str, Any] | None


class AccessStoreMixin(StoreBase):
    """Store operations on partner and analyst tokens and intake idempotency keys."""

    # -- tokens ----------------------------------------------------------------------------

    def add_partner(self, name: str, token: str) -> None:
        """Register a partner, or rotate its token; only the token's SHA-256 is kept."""
        self._add_holder(PARTNERS, name, token, "partner")

    def partner_for_token(self, token: str) -> str | None:
        """The active partner holding ``token``, or None."""
        return self._holder(PARTNERS, token, "partner")

    def add_analyst(self, name: str, token: str) -> None:
        """Register an analyst of the read-only API, or rotate their token."""
        self._add_holder(ANALYSTS, name, token, "analyst")

    def analyst_for_token(self, token: str) -> str | None:
        """The active analyst holding ``token``, or None."""
        return self._holder(ANALYSTS, token, "analyst")

    def _add_holder(self, table: Table, name: str, token: str, what: str) -> None:
        if not name.strip() or not token:
            raise StoreInputError(f"a {what} needs a name and a non-empty token")
        digest = token_digest(token)
        with self._write(f"add {what}") as conn:
            holder = conn.execute(
                select(table.c.name).where(table.c.token_sha256 == digest)
            ).scalar()
            if holder is not None and holder != name:
                raise StoreConflictError(f"this token is already issued to another {what}")
            ins = self._insert(table).values(
                name=name, token_sha256=digest, created_at=utc_now(), active=True
            )
            conn.execute(
                ins.on_conflict_do_update(
                    index_elements=["name"],
                    set_={"token_sha256": ins.excluded.token_sha256, "active": True},
                )
            )

    def _holder(self, table: Table, token: str, what: str) -> str | None:
        if not token:
            return None
        digest = token_digest(token)
        with self._read(f"look up {what}") as conn:
            row = conn.execute(
                select(table.c.name, table.c.token_sha256).where(
                    table.c.token_sha256 == digest, table.c.active.is_(True)
                )
            ).first()
        # The lookup is by digest, so timing reveals nothing about the token itself.
        if row is None or not hmac.compare_digest(row.token_sha256, digest):
            return None
        return str(row.name)

    # -- intake idempotency keys -----------------------------------------------------------

    def claim_intake_key(
        self,
        partner: str,
        key: str,
        message_id: str,
        kind: str = "report",
        fingerprint: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> ClaimedKey:
        """Record ``key`` as pending with its message, unless known; return its state.

        A key seen before keeps its first message, fingerprint and state, so a retry can
        tell whether its submission was delivered and, if not, deliver the first one.
        """
        ins = self._insert(KEYS).values(
            partner=partner,
            key=key,
            report_id=message_id,
            created_at=utc_now(),
            kind=kind,
            state="pending",
            fingerprint=fingerprint,
            payload=payload,
        )
        with self._write("claim intake key") as conn:
            conn.execute(ins.on_conflict_do_nothing())
            row = conn.execute(
                select(KEYS).where(KEYS.c.partner == partner, KEYS.c.key == key)
            ).one()
        return ClaimedKey(
            str(row.report_id), row.kind, row.fingerprint, row.state == DELIVERED, row.payload
        )

    def mark_intake_key_delivered(self, partner: str, key: str) -> None:
        """The key's message was acknowledged by the broker: drop the kept copy."""
        stmt = (
            KEYS.update()
            .where(KEYS.c.partner == partner, KEYS.c.key == key)
            .values(state=DELIVERED, delivered_at=utc_now(), payload=None)
        )
        with self._write("mark intake key delivered") as conn:
            conn.execute(stmt)
