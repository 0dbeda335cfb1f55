"""How strongly two reports say they tell of one incident: a calibrated probability.

A story compared with another report gives a few features -- place and time evidence, how
compatible their labels are, the streets both name, the stated details that agree (an age,
a name, the vehicle) or conflict, whether the other is a feed's report, whether either is a
follow-up -- and a logistic model turns them into the probability that both tell of one
incident. The weights (``evidence_weights.json`` beside this module) are fitted by
``ccrp resolve fit`` on labelled pairs. Two feed reports carry no story to read: they are
judged by the fixed rule of their distance, time and labels (:func:`feed_score`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from enrich.details import NONE, Details
from enrich.signatures import Signature

HOUR_S = 3600.0
TOLERANCE_S = 1800.0  # intervals this close still count as touching
NO_PLACE_PRIOR = 0.3
FLOOR = 0.05  # the least a piece of evidence counts for in the model (log 0.05 = -3)
FEATURES = (
    "place",
    "no_place",
    "time",
    "types",
    "streets",
    "agree",
    "conflict",
    "feed",
    "follow_up",
)
WEIGHTS_FILE = Path(__file__).with_name("evidence_weights.json")


def load_weights(path: Path = WEIGHTS_FILE) -> tuple[float, dict[str, float]]:
    """(bias, weights) as ``ccrp resolve fit`` wrote them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return float(data["bias"]), {name: float(data["weights"][name]) for name in FEATURES}


BIAS, WEIGHTS = load_weights()
_WEIGHTS = tuple(WEIGHTS[name] for name in FEATURES)


def time_evidence(a: Signature, b: Signature) -> float | None:
    """Score in [0, 1] for two event-time intervals; None when they cannot overlap.

    Two feed times count by how far apart they are. A time of day stated in a story
    ("just after 11 p.m.", "Friday night") counts by how far the other time lies from it
    on the scale of the statement's own precision; a day, an unstated time or a
    follow-up's weeks count only by how wide the window is (and a story that states no
    time is less likely about an event a day before it than hours before).
    """
    if max(a.lo - b.hi, b.lo - a.hi) > TOLERANCE_S:
        return None
    centre_gap = abs((a.lo + a.hi) - (b.lo + b.hi)) / 2
    if a.feed and b.feed:
        return max(0.3, 1.0 - centre_gap / (3 * HOUR_S))
    wide = max(a.hi - a.lo, b.hi - b.lo)
    cap = 1.0 if wide <= 2 * HOUR_S else max(0.25, 1.0 - 0.12 * math.log2(wide / (2 * HOUR_S)))
    if a.precise and b.precise:
        sigma = wide / 4  # "just after 11 p.m." (+-2 h): within an hour; "Friday night": 2 h
        return cap * max(0.05, math.exp(-0.5 * (centre_gap / sigma) ** 2))
    if a.is_follow_up or b.is_follow_up or not (a.precise or b.precise):
        lag = abs(a.anchor - b.anchor)
    else:  # a stated time and a story that states none: how long before it appeared
        event, story = (a, b) if a.precise else (b, a)
        lag = story.anchor - (event.lo + event.hi) / 2
    return cap * (1.0 if lag <= 12 * HOUR_S else 0.85 if lag <= 24 * HOUR_S else 0.7)


def feed_score(affinity: float, place: float | None, time: float) -> float:
    """Two feed reports: type affinity times the weighted place and time evidence."""
    place_value = NO_PLACE_PRIOR if place is None else place
    return affinity * (0.65 * place_value + 0.35 * time)


def _ages_agree(a: Details, b: Details) -> bool | None:
    """True when both state one age (within a year); False when their stated ages and
    decades cannot include one person ("in his 40s" and 16); None otherwise."""
    if not (a.ages or a.decades) or not (b.ages or b.decades):
        return None
    if any(abs(x - y) <= 1 for x in a.ages for y in b.ages):
        return True
    if any(d <= x <= d + 9 for x in a.ages for d in b.decades) or any(
        d <= y <= d + 9 for y in b.ages for d in a.decades
    ):
        return None  # consistent, but a decade is no evidence
    return None if a.decades & b.decades else False


def detail_words(a: Details, b: Details, follow_up: bool) -> tuple[list[str], list[str]]:
    """(what agrees, what conflicts) between two stories' stated details."""
    agree: list[str] = []
    conflict: list[str] = []
    if a is NONE or b is NONE:
        return agree, conflict  # a feed's report states none
    ages = _ages_agree(a, b)
    if ages:
        agree.append("ages")
    elif ages is False and not follow_up:  # a charge states the accused's age
        conflict.append("ages")
    agree += [f"name {n}" for n in sorted(a.names & b.names)[:2]]
    agree += [f"vehicle {v}" for v in sorted(a.vehicles & b.vehicles)[:1]]
    if a.parties and b.parties and not a.parties & b.parties:
        conflict.append("road users")  # a pedestrian struck, a cyclist struck
    if (
        a.fatalities is not None
        and a.injured is not None
        and (a.fatalities, a.injured)
        == (
            b.fatalities,
            b.injured,
        )
    ):
        agree.append(f"{a.fatalities} dead {a.injured} hurt")
    elif a.fatalities and a.fatalities == b.fatalities and a.fatalities > 1:
        agree.append(f"{a.fatalities} dead")
    elif a.injured and a.injured == b.injured and a.injured > 1:
        agree.append(f"{a.injured} hurt")
    if a.fatalities and b.fatalities and a.fatalities != b.fatalities and not follow_up:
        conflict.append("deaths")
    if follow_up:
        return agree, conflict  # a charge or a tribute names others, and counts change
    if (a.fatalities and b.injured == 0 and not b.fatalities) or (
        b.fatalities and a.injured == 0 and not a.fatalities
    ):
        conflict.append("casualties")
    if a.sex and b.sex and a.sex != b.sex:
        conflict.append("victim")
    if a.streets and b.streets and not a.streets & b.streets:
        conflict.append("streets")
    return agree, conflict


@dataclass(frozen=True, slots=True)
class Evidence:
    """One comparison of a story with another report, and its probability."""

    place: float | None
    time: float
    affinity: float
    streets: float
    agree: tuple[str, ...]
    conflict: tuple[str, ...]
    feed: bool
    follow_up: bool
    elsewhere: bool = False  # a follow-up whose stated place conflicts: its place is unknown

    def features(self) -> tuple[float, ...]:
        # Place, time and labels are each a likelihood: their logarithms add up, so any
        # one of them near zero (a call hours off the stated minute) outweighs the rest.
        return (
            math.log(max(self.place, FLOOR)) if self.place is not None else 0.0,
            1.0 if self.place is None else 0.0,
            math.log(max(self.time, FLOOR)),
            math.log(max(self.affinity, FLOOR)),
            self.streets,
            float(min(3, len(self.agree))),
            float(min(2, len(self.conflict))),
            1.0 if self.feed else 0.0,
            1.0 if self.follow_up else 0.0,
        )

    @property
    def probability(self) -> float:
        z = BIAS
        for weight, x in zip(_WEIGHTS, self.features(), strict=True):
            z += weight * x
        return 1.0 / (1.0 + math.exp(-z))

    def words(self) -> str:
        place = "none" if self.place is None else f"{self.place:.2f}"
        text = f"place {place}, time {self.time:.2f}, types {self.affinity:.2f}"
        if self.streets:
            text += f", streets {self.streets:g}"
        if self.agree:
            text += f", agree {'/'.join(self.agree)}"
        if self.conflict:
            text += f", conflict {'/'.join(self.conflict)}"
        if self.elsewhere:
            text += ", follow-up told elsewhere"
        return text


def shared_streets(a: Signature, b: Signature) -> float:
    """How many streets both name (at most 2); one street shared while both name another,
    different one (the same road at another corner) counts half."""
    mine, theirs = a.named_streets, b.named_streets
    shared = len(mine & theirs)
    if shared == 1 and len(mine) > 1 and len(theirs) > 1:
        return 0.5
    return float(min(2, shared))


def story_evidence(
    a: Signature,
    b: Signature,
    place: float | None,
    time: float,
    affinity: float,
    elsewhere: bool = False,
) -> Evidence:
    """The evidence of a comparison in which at least one report is a story
    (``elsewhere``: a follow-up whose stated place conflicts, a vigil or a court)."""
    streets = shared_streets(a, b)
    follow_up = a.is_follow_up or b.is_follow_up
    agree, conflict = detail_words(a.details, b.details, follow_up)
    feed = a.feed or b.feed
    return Evidence(
        place, time, affinity, streets, tuple(agree), tuple(conflict), feed, follow_up, elsewhere
    )
