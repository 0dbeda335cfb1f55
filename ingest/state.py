"""What the runner and the intake need from a store, and an in-memory implementation.

The SQL store offers the same methods; ``MemoryStateStore`` serves tests and batch use.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol


class ClaimedKeyLike(Protocol):
    """The state of an intake idempotency key: its first message and whether it arrived."""

    @property
    def message_id(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def fingerprint(self) -> str | None: ...

    @property
    def delivered(self) -> bool: ...

    @property
    def payload(self) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class MemoryClaimedKey:
    """``ClaimedKeyLike`` of the in-memory store."""

    message_id: str
    kind: str
    fingerprint: str | None
    delivered: bool
    payload: dict[str, Any] | None


class CollectorStateStore(Protocol):
    """Per-source collector state, seen items, partner tokens and intake idempotency keys."""

    def get_collector_state(self, source: str) -> dict[str, Any] | None: ...

    def put_collector_state(self, source: str, state: dict[str, Any]) -> None: ...

    def all_collector_states(self) -> dict[str, dict[str, Any]]: ...

    def filter_new_items(self, source: str, items: Sequence[tuple[str, str]]) -> set[str]: ...

    def mark_items_seen(self, source: str, items: Sequence[tuple[str, str]]) -> None: ...

    def add_partner(self, name: str, token: str) -> None: ...

    def partner_for_token(self, token: str) -> str | None: ...

    def claim_intake_key(
        self,
        partner: str,
        key: str,
        message_id: str,
        kind: str = "report",
        fingerprint: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> ClaimedKeyLike: ...

    def mark_intake_key_delivered(self, partner: str, key: str) -> None: ...


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class MemoryStateStore:
    """A thread-safe in-memory ``CollectorStateStore``; partner tokens are kept as digests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, dict[str, Any]] = {}
        self._seen: dict[str, dict[str, str]] = {}
        self._partners: dict[str, str] = {}
        self._intake_keys: dict[tuple[str, str], MemoryClaimedKey] = {}

    def get_collector_state(self, source: str) -> dict[str, Any] | None:
        with self._lock:
            state = self._states.get(source)
            return dict(state) if state is not None else None

    def put_collector_state(self, source: str, state: dict[str, Any]) -> None:
        with self._lock:
            self._states[source] = dict(state)

    def all_collector_states(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {source: dict(state) for source, state in self._states.items()}

    def filter_new_items(self, source: str, items: Sequence[tuple[str, str]]) -> set[str]:
        with self._lock:
            seen = self._seen.get(source, {})
            return {item_id for item_id, digest in items if seen.get(item_id) != digest}

    def mark_items_seen(self, source: str, items: Sequence[tuple[str, str]]) -> None:
        with self._lock:
            self._seen.setdefault(source, {}).update(dict(items))

    def add_partner(self, name: str, token: str) -> None:
        with self._lock:
            self._partners[_digest(token)] = name

    def partner_for_token(self, token: str) -> str | None:
        with self._lock:
            return self._partners.get(_digest(token))

    def claim_intake_key(
        self,
        partner: str,
        key: str,
        message_id: str,
        kind: str = "report",
        fingerprint: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> MemoryClaimedKey:
        with self._lock:
            fresh = MemoryClaimedKey(message_id, kind, fingerprint, False, payload)
            return self._intake_keys.setdefault((partner, key), fresh)

    def mark_intake_key_delivered(self, partner: str, key: str) -> None:
        with self._lock:
            claimed = self._intake_keys.get((partner, key))
            if claimed is not None:
                self._intake_keys[(partner, key)] = replace(claimed, delivered=True, payload=None)
