"""Evidence that a report and a known incident describe the same real-world event.

A report's :class:`~enrich.signatures.Signature` is compared with the signature of every
report already in a candidate incident. Any hard conflict with one of them -- another
municipality, points or neighbourhoods far apart, times that cannot overlap -- rules the
incident out; otherwise the best time and place evidence count, scaled by how
compatible the labels are (:func:`match_score`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from enrich.affinity import MIN_AFFINITY, set_affinity
from enrich.signatures import Signature
from schemas import Precision

# Plausible distance (km) between a stated location and the real spot, by precision.
RADIUS_KM = {
    Precision.ADDRESS: 0.25,
    Precision.INTERSECTION: 0.4,
    Precision.NEIGHBOURHOOD: 2.0,
    Precision.DISTRICT: 9.0,  # the former municipalities span 10-20 km
}
# How much a close point counts: a neighbourhood's representative point proves less.
POINT_WEIGHT = {
    Precision.ADDRESS: 1.0,
    Precision.INTERSECTION: 1.0,
    Precision.NEIGHBOURHOOD: 0.75,
}
VAGUE = frozenset({Precision.DISTRICT, Precision.CITY, Precision.UNKNOWN})
TIME_TOLERANCE = timedelta(hours=1)

SAME_NEIGHBOURHOOD = 0.7
SAME_NAMED_AREA = 0.5  # same district or outside municipality, one side no finer
SAME_DISTRICT_PRECISE = 0.25
NO_PLACE_PRIOR = 0.3
MIN_PLACE = 0.3
JOIN_THRESHOLD = 0.5
CONFIDENT_PLACE = 0.6  # below this, a match must clearly beat the runner-up
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate incident that passed every check, with its evidence."""

    incident_id: str
    score: float
    place: float | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12_742.0 * math.asin(math.sqrt(min(1.0, h)))


def time_evidence(a: Signature, b: Signature) -> float | None:
    """Score in [0, 1] for two event-time intervals; None when they cannot overlap."""
    gap = max(a.lo - b.hi, b.lo - a.hi, timedelta(0))
    if gap > TIME_TOLERANCE:
        return None
    if a.precise and b.precise:
        if gap:
            return 0.4
        centre_gap = abs((a.lo + (a.hi - a.lo) / 2) - (b.lo + (b.hi - b.lo) / 2))
        return max(0.5, 1.0 - centre_gap / timedelta(hours=6))
    if a.is_follow_up or b.is_follow_up:
        return 0.5
    if a.precise or b.precise:
        # Police calls come minutes to hours before the story about them.
        event, story = (a, b) if a.precise else (b, a)
        lag = story.anchor - (event.lo + (event.hi - event.lo) / 2)
    else:
        lag = abs(a.anchor - b.anchor)
    hours = lag / timedelta(hours=1)
    return 0.7 if hours <= 12 else 0.5 if hours <= 24 else 0.3


def place_evidence(a: Signature, b: Signature) -> float | None:
    """Score in [0, 1] that two places agree; -1 on a conflict; None when incomparable."""
    if a.area is not None and b.area is not None and a.area != b.area:
        return -1.0
    if a.municipality and b.municipality and a.municipality != b.municipality:
        return -1.0
    scores: list[float] = []
    same_hood = a.neighbourhood is not None and a.neighbourhood == b.neighbourhood
    points_compared = False
    if (
        a.lat is not None
        and a.lon is not None
        and b.lat is not None
        and b.lon is not None
        and a.precision in RADIUS_KM
        and b.precision in RADIUS_KM
    ):
        points_compared = True
        reach = RADIUS_KM[a.precision] + RADIUS_KM[b.precision]
        dist = haversine_km(a.lat, a.lon, b.lat, b.lon)
        if dist > 1.5 * reach and not same_hood:
            return -1.0
        if dist > reach:
            scores.append(0.0)
        elif Precision.DISTRICT in (a.precision, b.precision):
            scores.append(SAME_NAMED_AREA)  # a district's point only stands for the area
        else:
            weight = min(POINT_WEIGHT[a.precision], POINT_WEIGHT[b.precision])
            scores.append((1.0 - 0.5 * dist / reach) * weight)
    if a.neighbourhood and b.neighbourhood:
        if same_hood:
            scores.append(SAME_NEIGHBOURHOOD)
        elif not points_compared:
            return -1.0  # neighbouring areas are judged by distance when points exist
    named = SAME_NAMED_AREA if a.precision in VAGUE or b.precision in VAGUE else 0.0
    if a.district and a.district == b.district:
        scores.append(named or SAME_DISTRICT_PRECISE)
    elif a.district and b.district:
        scores.append(0.0)
    if a.area is False and b.area is False and a.municipality and a.municipality == b.municipality:
        scores.append(named or SAME_DISTRICT_PRECISE)
    if a.streets and b.streets:
        shared = len(a.streets & b.streets)
        base = max(scores, default=0.0)
        scores.append(base + (0.5 if shared >= 2 else 0.25 if shared == 1 else 0.0))
    if not scores:
        return None
    return min(1.0, max(scores))


def match_score(affinity: float, place: float | None, time: float) -> float:
    """Type affinity times the weighted place and time evidence, in [0, 1].

    A missing place counts as a weak prior, so a report with no location joins only on
    tight, precise times and only when no other incident scores nearly as well.
    """
    place_value = NO_PLACE_PRIOR if place is None else place
    return affinity * (0.65 * place_value + 0.35 * time)


def evaluate(
    report: Signature, incident_id: str, types: Iterable[str], members: Sequence[Signature]
) -> Match | None:
    """The match of a report with one incident, or None if anything rules it out."""
    affinity = set_affinity(report.types, types)
    if affinity < MIN_AFFINITY:
        return None
    best_time = 0.0
    best_place: float | None = None
    for member in members:
        time = time_evidence(report, member)
        if time is None:
            return None
        place = place_evidence(report, member)
        if place is not None:
            if place < 0:
                return None
            best_place = place if best_place is None else max(best_place, place)
        best_time = max(best_time, time)
    if best_place is not None and best_place < MIN_PLACE:
        return None
    score = match_score(affinity, best_place, best_time)
    return Match(incident_id, score, best_place) if score >= JOIN_THRESHOLD else None


def choose(matches: Sequence[Match]) -> Match | None:
    """The best match, unless weak place evidence leaves it ambiguous with another."""
    if not matches:
        return None
    ranked = sorted(matches, key=lambda m: (-m.score, m.incident_id))
    best = ranked[0]
    confident = best.place is not None and best.place >= CONFIDENT_PLACE
    if not confident and len(ranked) > 1 and ranked[1].score >= best.score - AMBIGUITY_MARGIN:
        return None
    return best
