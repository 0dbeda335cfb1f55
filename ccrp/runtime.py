"""Build the stage objects from settings, once per process."""

from __future__ import annotations

import gc
import logging
import threading

from ccrp.pipeline import Stages
from ccrp.settings import Settings
from enrich.crisis import crisis_event_id
from sinks.store import Store

log = logging.getLogger(__name__)
# Exact de-duplication remembers this many of the latest stored reports across a restart.
DEDUP_REHYDRATE = 100_000
# The gazetteer relearns the location texts of this many of the latest stored calls.
GAZETTEER_REHYDRATE = 200_000
# Young-generation collections every this many allocations (the interpreter's default: 700).
GC_YOUNG_THRESHOLD = 50_000
_heap_settled = threading.Event()


def open_store(settings: Settings) -> Store:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Store.open(settings.database_url)


def build_stages(settings: Settings, store: Store | None = None) -> Stages:
    """Classifier, locator, deduplicator, resolver and neighbourhood history, rehydrated
    from the store if given.

    With a store, resolution consults it for what memory lacks (``Stages.record``), and
    starts with the incidents of the store's own latest stretch of activity -- the follow-up
    window before its latest incident, not before the wall clock -- so a restart in the
    middle of a replay of old reports carries on as if nothing had happened.
    """
    from classify import Classifier
    from enrich.geo import Locator

    classifier = Classifier.load(settings.classify)
    locator = Locator.from_settings(settings.geo, cache=store, data_dir=settings.data_dir)
    stages = Stages(classifier, locator, record=store)
    if store is not None:
        rehydrate(stages, store)
    settle_heap()
    return stages


def settle_heap() -> None:
    """Once per process, after start-up: move what start-up built (the language model, the
    boundaries, the gazetteer) out of the garbage collector's sight, and collect young
    objects less often.

    The stages allocate many short-lived objects per report; with the defaults, the
    collector spent about 40% of ``ccrp process``'s time walking start-up objects that
    live as long as the process (docs/performance.md). Cycles are still collected.
    """
    if _heap_settled.is_set():
        return
    _heap_settled.set()
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def rehydrate(stages: Stages, store: Store) -> None:
    """Load the store's recent incidents with their reports, the dedup keys, and what the
    gazetteer learned from stored calls."""
    located = store.located_reports(GAZETTEER_REHYDRATE)
    learned = sum(stages.locator.remember(report) for report in located)
    if located:
        log.info("gazetteer relearned %d location texts from stored calls", learned)
    for report_id, url, digest in store.recent_fingerprints(DEDUP_REHYDRATE):
        stages.dedup.seed_report(report_id, url, digest)
    for original, split_off in store.split_pairs():
        stages.resolver.separate(original, split_off)
    latest = store.latest_activity()
    if latest is None:
        return
    window = stages.resolver.follow_up_window
    ids = store.incident_ids_active(latest - window, latest + window)
    found = store.incidents_with_reports(ids)
    incidents = [incident for incident, _ in found]
    referral_ids = {crisis_event_id(i.incident_id): i.incident_id for i in incidents}
    referred = [referral_ids[e] for e in store.recorded_event_ids(referral_ids)]
    stages.load_state(
        incidents,
        store.last_activations(ids),
        {incident.incident_id: members for incident, members in found},
        referred,
    )
    log.info("rehydrated %d incidents active since %s", len(incidents), latest - window)
