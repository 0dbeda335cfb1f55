"""What the stage loops do with a batch, without a broker: outputs, dead letters, the store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from ccrp.effects import BatchEffects
from ccrp.resilience import Backoff, Health
from ccrp.stage_groups import Consumed, next_offsets
from ccrp.stage_loop import Retrier
from ccrp.stage_steps import ResolveStep
from ccrp.transport import Output, encode
from schemas import DEADLETTER, ENRICHED, EnrichedReport
from sinks.errors import StoreInputError, StoreUnavailableError
from tests.ccrp.test_pipeline import call, stages


class Outputs:
    """Stands in for the loop's producer: keeps what was sent."""

    def __init__(self) -> None:
        self.sent: list[Output] = []

    def send_all(self, outputs: Iterable[Output]) -> None:
        self.sent.extend(outputs)

    def on(self, topic: str) -> list[Output]:
        return [o for o in self.sent if o[0] == topic]


class RefusingStore:
    """Writes batches, but refuses any that holds ``refused`` (a value it cannot take)."""

    def __init__(self, refused: str, down_for: int = 0) -> None:
        self.refused, self.down_for = refused, down_for
        self.written: list[str] = []

    def apply(self, _store: Any, effects: BatchEffects) -> None:
        if self.down_for:
            self.down_for -= 1
            raise StoreUnavailableError("database unreachable")
        ids = [er.report_id for er, _ in effects.reports]
        if self.refused in ids:
            raise StoreInputError(f"value of {self.refused} refused")
        self.written.extend(ids)


def messages() -> list[Consumed]:
    pipeline = stages()
    enriched = pipeline.enrich_batch([call(n) for n in range(4)])
    return [
        Consumed("incidents.reports.v1", 0, n, e.report_id.encode(), encode(e))
        for n, e in enumerate(enriched)
        if isinstance(e, EnrichedReport)
    ]


def step_with(store: RefusingStore) -> tuple[ResolveStep, Callable[..., Any]]:
    resolve = ResolveStep(stages(), store, store.apply, threading.RLock())  # type: ignore[arg-type]
    retry = Retrier(Health("test"), threading.Event(), Backoff(base_s=0.001, cap_s=0.01))
    return resolve, retry


def test_a_refused_report_alone_becomes_a_dead_letter_and_the_rest_is_stored() -> None:
    batch = messages()
    store = RefusingStore(refused="tps-calls:c2")
    resolve, retry = step_with(store)
    out = Outputs()
    resolve(batch, retry)(out)  # type: ignore[arg-type]
    assert sorted(store.written) == ["tps-calls:c0", "tps-calls:c1", "tps-calls:c3"]
    letters = out.on(DEADLETTER.name)
    assert [key for _, key, _, _ in letters] == [b"tps-calls:c2"]
    assert len(out.on(ENRICHED.name)) == 4  # every incident went out before the store write


def test_an_unreachable_store_is_waited_for_not_dead_lettered() -> None:
    batch = messages()
    store = RefusingStore(refused="none", down_for=2)
    resolve, retry = step_with(store)
    out = Outputs()
    resolve(batch, retry)(out)  # type: ignore[arg-type]
    assert len(store.written) == 4 and not out.on(DEADLETTER.name)


def test_offsets_to_commit_are_one_past_the_last_message_per_partition() -> None:
    batch = [Consumed("t", p, o, None, b"{}") for p, o in ((0, 5), (1, 9), (0, 7), (1, 8))]
    assert {(tp.partition, tp.offset) for tp in next_offsets(batch)} == {(0, 8), (1, 10)}
