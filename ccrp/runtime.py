"""Build the stage objects from settings, once per process."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from ccrp.pipeline import Stages
from ccrp.settings import Settings
from enrich.crisis import crisis_event_id
from sinks.store import Store

log = logging.getLogger(__name__)
STATE_WINDOW = timedelta(days=30)


def open_store(settings: Settings) -> Store:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Store.open(settings.database_url)


def build_stages(settings: Settings, store: Store | None = None) -> Stages:
    """Classifier, locator, deduplicator, resolver and neighbourhood history, rehydrated
    from the store if given (the incidents seen in the last 30 days)."""
    from classify import Classifier
    from enrich.geo import Locator

    classifier = Classifier.load(settings.classify)
    locator = Locator.from_settings(settings.geo, cache=store, data_dir=settings.data_dir)
    stages = Stages(classifier, locator)
    if store is not None:
        since = datetime.now(UTC) - STATE_WINDOW
        incidents = store.recent_incidents(since)
        activations = {}
        for incident in incidents:
            last = store.last_activation(incident.incident_id)
            if last is not None:
                activations[incident.incident_id] = last
        referral_ids = {crisis_event_id(i.incident_id): i.incident_id for i in incidents}
        referred = [referral_ids[e] for e in store.recorded_event_ids(referral_ids)]
        stages.load_state(incidents, activations, referred)
        log.info("rehydrated %d recent incidents from the store", len(incidents))
    return stages
