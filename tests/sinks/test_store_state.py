"""Dead letters, collector state and items, partners, intake keys, geocode cache."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sinks import Store
from sinks.errors import StoreConflictError, StoreInputError
from sinks.tables import PartnerRow
from tests.sinks.factories import dead_letter


def test_dead_letters_keep_bytes_and_ignore_replays(store: Store) -> None:
    dl = dead_letter(offset=7)
    store.record_dead_letter(dl)
    store.record_dead_letter(dl)
    store.record_dead_letter(dead_letter(offset=None))
    store.record_dead_letter(dead_letter(offset=None))
    letters = store.dead_letters()
    assert len(letters) == 3
    assert dl in letters and letters[0].value == b"{not json"
    assert len(store.dead_letters(limit=1)) == 1


def test_collector_state_round_trip(store: Store) -> None:
    assert store.get_collector_state("cbc") is None
    store.put_collector_state("cbc", {"etag": "abc", "seen": [1, 2]})
    store.put_collector_state("cbc", {"etag": "def"})
    store.put_collector_state("tps", {"offset": 10})
    assert store.get_collector_state("cbc") == {"etag": "def"}
    assert store.all_collector_states() == {"cbc": {"etag": "def"}, "tps": {"offset": 10}}


def test_filter_new_items_finds_new_and_changed(store: Store) -> None:
    store.mark_items_seen("cbc", [("a", "h1"), ("b", "h2")])
    store.mark_items_seen("cbc", [("a", "h1")])
    assert store.filter_new_items("cbc", [("a", "h1"), ("b", "h9"), ("c", "h3")]) == {"b", "c"}
    assert store.filter_new_items("other", [("a", "h1")]) == {"a"}
    store.mark_items_seen("cbc", [("b", "h9")])
    assert store.filter_new_items("cbc", [("b", "h9")]) == set()
    store.mark_items_seen("cbc", [])
    many = [(str(i), "h") for i in range(1100)]
    store.mark_items_seen("bulk", many)
    assert store.filter_new_items("bulk", many) == set()


def test_partners_store_only_token_hash(store: Store) -> None:
    store.add_partner("ys-network", "s3cret-token")
    assert store.partner_for_token("s3cret-token") == "ys-network"
    assert store.partner_for_token("wrong") is None
    assert store.partner_for_token("") is None
    with store.engine.connect() as conn:
        stored = conn.execute(select(PartnerRow.token_sha256)).scalar()
    assert stored != "s3cret-token" and len(stored or "") == 64
    store.add_partner("ys-network", "rotated")
    assert store.partner_for_token("s3cret-token") is None
    assert store.partner_for_token("rotated") == "ys-network"
    with pytest.raises(StoreConflictError):
        store.add_partner("other-partner", "rotated")
    with pytest.raises(StoreInputError):
        store.add_partner("", "token")


def test_intake_key_keeps_its_first_message_until_delivered(store: Store) -> None:
    first = store.claim_intake_key("ys-network", "k1", "community:1", "report", "f1", {"a": 1})
    again = store.claim_intake_key("ys-network", "k1", "community:2", "report", "f2", {"a": 2})
    other = store.claim_intake_key("other", "k1", "community:3")
    assert first == again == ("community:1", "report", "f1", False, {"a": 1})
    assert other.message_id == "community:3" and not other.delivered
    store.mark_intake_key_delivered("ys-network", "k1")
    delivered = store.claim_intake_key("ys-network", "k1", "community:4")
    assert delivered == ("community:1", "report", "f1", True, None)


def test_analyst_tokens_are_apart_from_partner_tokens(store: Store) -> None:
    store.add_analyst("safeto-data", "analyst-token")
    store.add_partner("ys-network", "partner-token")
    assert store.analyst_for_token("analyst-token") == "safeto-data"
    assert store.analyst_for_token("partner-token") is None
    assert store.partner_for_token("analyst-token") is None


def test_geocode_cache(store: Store) -> None:
    assert store.get_geocode("gazetteer", "JANE ST - FINCH AVE W") is None
    store.put_geocode("gazetteer", "JANE ST - FINCH AVE W", {"lat": 43.75, "lon": -79.51})
    store.put_geocode("gazetteer", "JANE ST - FINCH AVE W", {"lat": 43.76, "lon": -79.52})
    assert store.get_geocode("gazetteer", "JANE ST - FINCH AVE W") == {"lat": 43.76, "lon": -79.52}
