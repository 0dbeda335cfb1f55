"""Fitting the evidence weights: labelled pairs of reports, a logistic regression, and how
well the fitted probabilities hold on pairs it was not fitted on.

Every pair the resolver could be asked to judge -- a story and another report of compatible
labels whose times can overlap and whose places do not conflict -- is a labelled example:
one incident or not, by the cluster labels. Two feed reports are left out (their rule is
fixed) and so is what the hard rules refuse (a code that says nothing, a district beside a
call).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from enrich.affinity import MIN_AFFINITY, set_affinity
from enrich.evidence import FEATURES, Evidence, time_evidence
from enrich.matching import FOLLOW_UP_MIN_AFFINITY, compare, told_elsewhere
from enrich.place_evidence import place_evidence
from enrich.signatures import Signature

# Weakly informative priors, in log-odds per unit: the fit moves a weight from its prior
# only as far as the labelled pairs show. A feature that barely varies in them (the labels of
# two stories almost always agree) keeps its prior instead of a meaningless fitted value.
PRIOR: dict[str, float] = {
    "place": 2.0,
    "no_place": 0.0,
    "time": 2.0,
    "types": 2.0,
    "streets": 1.0,
    "agree": 1.0,
    "conflict": -2.0,
    "feed": 0.0,
    "follow_up": 0.0,
}
PENALTY = 1.0  # the prior's weight: a Gaussian of variance 1 around each prior value


@dataclass(frozen=True)
class Pair:
    """Two reports, their evidence, and whether the labels make them one incident."""

    a: str
    b: str
    evidence: Evidence
    same: bool


def labelled_pairs(
    signatures: Mapping[str, Signature],
    truth: Mapping[str, str],
    days: Mapping[str, date],
    first: date,
    last: date,
) -> list[Pair]:
    """Every judgeable pair with a story whose later report's local date lies in
    ``first..last`` (the evaluation's rule: a pair belongs to the half of its later item)."""
    ids = sorted(signatures)
    order = {rid: i for i, rid in enumerate(ids)}
    pairs = []
    for story in (rid for rid in ids if not signatures[rid].feed):
        s = signatures[story]
        for other in ids:
            o = signatures[other]
            if other == story or (not o.feed and order[other] < order[story]):
                continue  # each pair of stories once
            if not first <= max(days[story], days[other]) <= last:
                continue
            evidence = _evidence(s, o)
            if evidence is not None:
                same = story in truth and truth[story] == truth.get(other)
                pairs.append(Pair(story, other, evidence, same))
    return pairs


def _evidence(a: Signature, b: Signature) -> Evidence | None:
    affinity = set_affinity(a.types, b.types)
    follow_up = a.is_follow_up or b.is_follow_up
    if affinity < (FOLLOW_UP_MIN_AFFINITY if follow_up else MIN_AFFINITY):
        return None
    time = time_evidence(a, b)
    if time is None:
        return None
    place = place_evidence(a, b)
    if place is not None and place < 0:
        if not told_elsewhere(a, b):
            return None
        place = math.nan
    found = compare(a, b, place, time)
    return found.evidence if found.score > 0 else None  # a rule refuses it whatever the weights


def fit(pairs: Iterable[Pair], penalty: float = PENALTY) -> tuple[float, dict[str, float]]:
    """(bias, weights) of a logistic regression with Gaussian priors around :data:`PRIOR`
    (the bias has none), by Newton's method."""
    pairs = list(pairs)
    x = np.array([[1.0, *p.evidence.features()] for p in pairs])
    y = np.array([1.0 if p.same else 0.0 for p in pairs])
    prior = np.array([0.0, *(PRIOR[name] for name in FEATURES)])
    w = prior.copy()
    rate = min(max(float(y.mean()), 0.01), 0.99)
    w[0] = math.log(rate / (1 - rate)) - float((x[:, 1:] @ prior[1:]).mean())
    ridge = np.eye(x.shape[1]) * penalty
    ridge[0, 0] = 1e-6  # the bias is free
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + ridge @ (w - prior)
        hessian = (x.T * (p * (1 - p))) @ x + ridge
        step = np.linalg.solve(hessian, gradient)
        w -= step / max(1.0, float(np.abs(step).max()))  # damped: at most 1 per weight
        if float(np.abs(step).max()) < 1e-8:
            break
    return float(w[0]), {name: float(v) for name, v in zip(FEATURES, w[1:], strict=True)}


def check(pairs: Iterable[Pair], probability=None) -> dict[str, float]:
    """Log loss, Brier score, and precision and recall of the pairs at p >= 0.5."""
    pairs = list(pairs)
    if not pairs:
        return {"pairs": 0}
    scored = [(min(max(_p(pr, probability), 1e-6), 1 - 1e-6), pr.same) for pr in pairs]
    loss = -sum(math.log(p if y else 1 - p) for p, y in scored) / len(scored)
    brier = sum((p - y) ** 2 for p, y in scored) / len(scored)
    hits = sum(1 for p, y in scored if p >= 0.5 and y)
    said = sum(1 for p, _ in scored if p >= 0.5)
    true = sum(1 for _, y in scored if y)
    return {
        "pairs": len(scored),
        "same": true,
        "log_loss": round(loss, 4),
        "brier": round(brier, 4),
        "precision": round(hits / said, 3) if said else 1.0,
        "recall": round(hits / true, 3) if true else 1.0,
    }


def _p(pair: Pair, probability) -> float:
    return pair.evidence.probability if probability is None else probability(pair.evidence)


def calibrated(bias: float, weights: Mapping[str, float]):
    """A probability function with these weights (to check a fit before writing it)."""

    def probability(evidence: Evidence) -> float:
        z = bias + sum(weights[n] * v for n, v in zip(FEATURES, evidence.features(), strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    return probability


def weights_json(bias: float, weights: Mapping[str, float], fitted_on: str) -> str:
    """The text of the packaged weights file for these weights."""
    data = {
        "fitted_on": fitted_on,
        "bias": round(bias, 3),
        "weights": {name: round(weights[name], 3) for name in FEATURES},
    }
    return json.dumps(data, indent=2) + "\n"
