"""What the two high-volume stages do with one consumed batch (run by :mod:`ccrp.stage_loop`).

Stage 1 decodes raw reports, enriches them (``Stages.enrich_batch``) and produces them to
``incidents.reports.v1`` keyed for resolution; stage 2 resolves them, produces incident
versions and activation events, then writes the store. Every step that needs the broker
or the store runs through the loop's retrier; a message that is itself bad becomes a dead
letter and the batch goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Sequence
from functools import partial

from ccrp.effects import BatchEffects, dead_letter, one_by_one, resolution_key, resolve_batch
from ccrp.ops import DEAD_LETTERS, STAGE_REPORTS
from ccrp.pipeline import StageFailure, Stages
from ccrp.resilience import Health
from ccrp.settings import KafkaSettings
from ccrp.stage_groups import Consumed, stage_group
from ccrp.stage_loop import Finish, Retrier, StageLoop, Stopped
from ccrp.transport import CLOUDEVENTS_JSON, KeyedProducer, Output, decode, encode
from enrich.geo.errors import GeoConfigError
from schemas import ACTIVATIONS, DEADLETTER, ENRICHED, RAW, REPORTS, DeadLetter, RawReport
from sinks.store import Store

log = logging.getLogger(__name__)


def dead_output(dl: DeadLetter) -> Output:
    """A dead letter as an output of a batch (counted by stage and reason)."""
    DEAD_LETTERS.labels(dl.stage, dl.error_type).inc()
    return (DEADLETTER.name, (dl.key or "").encode(), encode(dl), None)


class EnrichStep:
    """Stage 1 over one batch: decode, de-duplicate, classify, locate, produce.

    ``halted`` gives the configuration error that stopped the pipeline, if one did (a
    geocoder refusing its credentials): from then on reports are dead-lettered with it as
    the reason, to be replayed once the settings are fixed.
    """

    def __init__(
        self,
        stages: Stages,
        halted: Callable[[], Exception | None],
        halt: Callable[[Exception], None],
    ) -> None:
        self.stages = stages
        self.halted, self.halt = halted, halt

    def __call__(self, batch: Sequence[Consumed], retry: Retrier) -> Finish:
        reports: list[RawReport] = []
        origins: list[Consumed] = []
        outputs: list[Output] = []
        for msg in batch:
            try:
                reports.append(decode(RawReport, msg.value))
                origins.append(msg)
            except Exception as exc:  # terminal: the message itself is bad
                outputs.append(dead_output(dead_letter(msg, "decode", exc)))
        reason = self.halted()
        if reason is None and reports:
            try:
                results = retry(lambda: self.stages.enrich_batch(reports), "stage 1")
            except GeoConfigError as exc:  # no report can be placed: halt the pipeline
                log.critical("stopping the pipeline: %s", exc)
                self.halt(exc)
                reason = exc
        if reason is not None:
            results = [StageFailure(report, "enrich", reason) for report in reports]
        elif not reports:
            results = []
        for result, msg in zip(results, origins, strict=True):
            if isinstance(result, StageFailure):
                key = result.report.report_id
                outputs.append(dead_output(dead_letter(msg, result.stage, result.error, key=key)))
            else:
                key_bytes = resolution_key(result).encode()
                outputs.append((REPORTS.name, key_bytes, encode(result), None))

        def finish(producer: KeyedProducer) -> None:
            retry(lambda: producer.send_all(outputs), "stage 1 output")
            STAGE_REPORTS.labels("enrich", "in").inc(len(batch))
            STAGE_REPORTS.labels("enrich", "out").inc(len(outputs))

        return finish


class ResolveStep:
    """Stage 2 over one batch: resolve, produce incidents and activations, write the store.

    ``lock`` serialises the resolver's state with operator corrections applied beside it.
    """

    def __init__(
        self,
        stages: Stages,
        store: Store,
        apply: Callable[[Store, BatchEffects], None],
        lock: threading.RLock,
    ) -> None:
        self.stages, self.store = stages, store
        self.apply, self.lock = apply, lock

    def __call__(self, batch: Sequence[Consumed], retry: Retrier) -> Finish:
        with self.lock:
            effects, failures = retry(lambda: resolve_batch(self.stages, batch), "stage 2")
        outputs = [dead_output(dl) for dl in failures]
        outputs += [
            (ENRICHED.name, i.incident_id.encode(), encode(i), None)
            for i in effects.incidents.values()
        ]
        outputs += [
            (ACTIVATIONS.name, e.subject.encode(), encode(e), CLOUDEVENTS_JSON)
            for e in effects.events
        ]

        def finish(producer: KeyedProducer) -> None:
            retry(lambda: producer.send_all(outputs), "stage 2 output")
            try:
                retry(lambda: self.apply(self.store, effects), "store")
            except Stopped:
                raise
            except Exception:  # a value the store refuses: find it, write the rest
                log.exception("the store refused a batch of %d reports", len(batch))
                letters = self._record_one_by_one(effects, retry)
                retry(lambda: producer.send_all(letters), "stage 2 output")
            STAGE_REPORTS.labels("resolve", "in").inc(len(batch))
            STAGE_REPORTS.labels("resolve", "out").inc(len(outputs))

        return finish

    def _record_one_by_one(self, effects: BatchEffects, retry: Retrier) -> list[Output]:
        """Write each report's effects alone; a refused one becomes a dead letter (its
        events were already sent: the case system may hear of an incident whose report
        is a dead letter, to be replayed once the cause is fixed)."""
        letters = []
        for msg, single in one_by_one(effects):
            try:
                retry(partial(self.apply, self.store, single), "store")
            except Stopped:
                raise
            except Exception as exc:
                letters.append(dead_output(dead_letter(msg, "store", exc)))
        return letters


def stage_loops(
    kafka: KafkaSettings,
    app_id: str,
    stages: Stages,
    store: Store,
    health: Health,
    batch_size: int,
    run_stages: Collection[str],
    halted: Callable[[], Exception | None],
    halt: Callable[[Exception], None],
    apply: Callable[[Store, BatchEffects], None],
) -> list[StageLoop]:
    """The loops of the stages this process runs: ``enrich`` (stage 1), ``resolve`` (2)."""
    loops = []
    if "enrich" in run_stages:
        step = EnrichStep(stages, halted, halt)
        group = stage_group(app_id, "enrich")
        loops.append(StageLoop("stage 1", kafka, group, RAW.name, step, health, batch_size))
    if "resolve" in run_stages:
        resolve = ResolveStep(stages, store, apply, stages.lock)
        group = stage_group(app_id, "resolve")
        size = max(batch_size, 500)
        loops.append(StageLoop("stage 2", kafka, group, REPORTS.name, resolve, health, size))
    return loops
