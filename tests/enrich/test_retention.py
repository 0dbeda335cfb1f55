"""Retention: incidents behind the horizon kept for the batches after they were touched."""

from __future__ import annotations

import pytest

from enrich.retention import Retention


def test_touched_entries_are_kept_then_come_back_due() -> None:
    kept = Retention(batches=2)
    kept.touch("a")
    assert kept.in_this_batch("a") and kept.keeps((1.0, "a"))
    kept.next_batch()
    assert not kept.in_this_batch("a") and not kept.due()
    kept.next_batch()
    assert kept.due() == [(1.0, "a")]  # looked at again: two batches are over
    assert not kept.keeps((1.0, "a"))


def test_a_later_touch_extends_the_keeping_and_dropped_ones_are_not_kept() -> None:
    kept = Retention(batches=1)
    kept.touch("a")
    kept.next_batch()
    kept.touch("a")
    assert kept.keeps((1.0, "a"))
    kept.drop("a")
    assert not kept.keeps((1.0, "a")) and not kept.keeps((1.0, "never seen"))


def test_at_least_one_batch() -> None:
    with pytest.raises(ValueError):
        Retention(batches=0)
