"""Fitting the evidence weights, the packaged weights as the fit writes them, the labelled
set's evaluation, and the bounded-state benchmark."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from enrich.calibration import PRIOR, Pair, check, fit, labelled_pairs, weights_json
from enrich.evidence import FEATURES, WEIGHTS_FILE, Evidence, load_weights
from enrich.signatures import Signature
from schemas import Precision

ROOT = Path(__file__).resolve().parents[2]
SELF_WRITTEN = ROOT / "enrich" / "data" / "selfwritten"


def _evidence(place: float, time: float, agree: int = 0, conflict: int = 0) -> Evidence:
    return Evidence(place, time, 1.0, 0.0, ("ages",) * agree, ("victim",) * conflict, False, False)


def test_the_fit_learns_that_close_places_and_times_make_one_incident() -> None:
    pairs = [Pair("a", "b", _evidence(0.9, 0.9, agree=1), True) for _ in range(30)]
    pairs += [Pair("a", "c", _evidence(0.2, 0.3, conflict=1), False) for _ in range(30)]
    pairs += [Pair("a", "d", _evidence(0.8, 0.2), False) for _ in range(5)]
    bias, weights = fit(pairs)
    assert set(weights) == set(FEATURES) == set(PRIOR)
    assert weights["place"] > 0 and weights["time"] > 0 and weights["conflict"] < 0
    assert check(pairs)["pairs"] == len(pairs)
    fitted = check(pairs, lambda e: 1.0 if e.place and e.place > 0.5 and e.time > 0.5 else 0.0)
    assert fitted["precision"] == 1.0 and fitted["recall"] == 1.0


def test_written_weights_are_what_the_evidence_loads(tmp_path: Path) -> None:
    bias, weights = load_weights()
    path = tmp_path / "weights.json"
    path.write_text(weights_json(bias, weights, "a test"), encoding="utf-8")
    assert load_weights(path) == (round(bias, 3), {k: round(v, 3) for k, v in weights.items()})
    assert json.loads(WEIGHTS_FILE.read_text())["fitted_on"].startswith("the fit half")


def _signature(source: str, feed: bool, when: float) -> Signature:
    return Signature(
        source=source,
        types=frozenset({"shooting"}),
        lo=when - 3600,
        hi=when + 3600,
        precise=True,
        anchor=when,
        is_follow_up=False,
        lat=43.70,
        lon=-79.40,
        precision=Precision.INTERSECTION,
        neighbourhood="095",
        district=None,
        region="core",
        streets=frozenset({"yonge", "bloor"}),
        area=True,
        municipality=None,
        structured=feed,
        feed=feed,
        named_streets=frozenset({"yonge", "bloor"}),
    )


def test_a_pair_belongs_to_the_half_of_its_later_report() -> None:
    signatures = {
        "news:1": _signature("news", False, 1_784_000_000.0),
        "news:2": _signature("news", False, 1_784_003_000.0),
        "tps-calls:1": _signature("tps-calls", True, 1_783_999_000.0),
    }
    days = {
        "news:1": date(2026, 7, 13),
        "news:2": date(2026, 7, 14),
        "tps-calls:1": date(2026, 7, 13),
    }
    truth = {"news:1": "c1", "news:2": "c1", "tps-calls:1": "c1"}
    early = labelled_pairs(signatures, truth, days, date(2026, 7, 9), date(2026, 7, 13))
    late = labelled_pairs(signatures, truth, days, date(2026, 7, 14), date(2026, 7, 17))
    assert {(p.a, p.b) for p in early} == {("news:1", "tps-calls:1")}
    assert {(p.a, p.b) for p in late} == {("news:1", "news:2"), ("news:2", "tps-calls:1")}
    assert all(p.same for p in early + late)


def test_the_self_written_set_describes_its_halves() -> None:
    from ccrp.commands.resolve import read_set

    labels, inputs, halves = read_set(SELF_WRITTEN)
    assert labels.is_file() and all(p.is_file() for p in inputs)
    assert list(halves) == ["fit", "check", "fresh"]
    clusters = [json.loads(line) for line in labels.open(encoding="utf-8")]
    members = [m for row in clusters for m in row["members"]]
    assert len(members) == len(set(members))
    assert "self-written" in (SELF_WRITTEN / "README.md").read_text(encoding="utf-8")


def test_state_stays_bounded_by_the_window() -> None:
    from enrich.state_bench import run

    rows = run(total=1_200, days=4, window_days=1, seed=0, traced=False)
    assert [r["day"] for r in rows] == [1, 2, 3, 4]
    held = [r["incidents_held"] for r in rows]
    assert held[-1] < 2 * held[0] + 50  # a window of one day: what is held stops growing
    assert all(r["resolves_per_cpu_s"] > 0 and r["peak_rss_mb"] >= 0 for r in rows)
