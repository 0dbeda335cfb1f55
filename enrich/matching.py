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
from enrich.areas import municipalities_conflict
from enrich.signatures import Signature
from schemas import Precision

# Plausible distance (km) between a stated location and the real spot, by precision.
RADIUS_KM = {
    Precision.ADDRESS: 0.4,
    Precision.INTERSECTION: 0.5,  # news: "in the area of X and Y"
    Precision.NEIGHBOURHOOD: 2.0,
    Precision.DISTRICT: 9.0,  # the former municipalities span 10-20 km
}
# A feed's own point: TPS moves points to an intersection, not always the one its text
# names. Over every call and fire incident of the shared feeds, a point lies within
# 0.55 km (calls) and 0.70 km (fire) of its own named intersection nine times in ten.
FEED_RADIUS_KM = 0.6
SAME_FEED_RADIUS_KM = 0.4  # two points of one feed are placed the same way: tighter
# Two places naming the same two streets are one intersection, whatever their points say,
# up to this many times the reach of their radii.
SAME_STREETS_REACH = 3.0
# How much a close point counts: a neighbourhood's representative point proves less.
POINT_WEIGHT = {
    Precision.ADDRESS: 1.0,
    Precision.INTERSECTION: 1.0,
    Precision.NEIGHBOURHOOD: 0.75,
}
VAGUE = frozenset({Precision.DISTRICT, Precision.CITY, Precision.UNKNOWN})
PRECISE = frozenset({Precision.ADDRESS, Precision.INTERSECTION})
TIME_TOLERANCE = timedelta(minutes=30)
TOLERANCE_S = TIME_TOLERANCE.total_seconds()
HOUR_S = 3600.0

SAME_NEIGHBOURHOOD = 0.7
SAME_NAMED_AREA = 0.5  # same district or outside municipality, one side no finer
SAME_DISTRICT_PRECISE = 0.25
NO_PLACE_PRIOR = 0.3
MIN_PLACE = 0.3
JOIN_THRESHOLD = 0.5
FOLLOW_UP_MIN_AFFINITY = 0.8
CONFIDENT_PLACE = 0.6  # below this, a match must clearly beat the runner-up
BRIDGE_SCORE = 0.6  # a report matching a second incident this well merges the two
BRIDGE_PLACE = 0.5
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate incident that passed every check, with its evidence."""

    incident_id: str
    score: float
    place: float | None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in kilometres: exact enough within a city, and cheap."""
    dx = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6_371.0 * math.hypot(math.radians(lat2 - lat1), dx)


def time_evidence(a: Signature, b: Signature) -> float | None:
    """Score in [0, 1] for two event-time intervals; None when they cannot overlap."""
    if max(a.lo - b.hi, b.lo - a.hi) > TOLERANCE_S:
        return None
    if a.precise and b.precise:
        centre_gap = abs((a.lo + a.hi) - (b.lo + b.hi)) / 2
        return max(0.3, 1.0 - centre_gap / (3 * HOUR_S))
    if a.is_follow_up or b.is_follow_up:
        return 0.5
    if a.precise or b.precise:
        # Police calls come minutes to hours before the story about them.
        event, story = (a, b) if a.precise else (b, a)
        lag = story.anchor - (event.lo + event.hi) / 2
    else:
        lag = abs(a.anchor - b.anchor)
    hours = lag / HOUR_S
    return 0.7 if hours <= 12 else 0.5 if hours <= 24 else 0.3


def _radius(sig: Signature, other: Signature) -> float:
    if sig.structured and sig.precision in PRECISE:
        same_feed = other.structured and other.source == sig.source
        return SAME_FEED_RADIUS_KM if same_feed else FEED_RADIUS_KM
    return RADIUS_KM[sig.precision]


def _point_evidence(a: Signature, b: Signature, same_hood: bool, shared: int) -> float | None:
    """Evidence from two points; -1 when they are too far apart; None if not comparable."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    if a.precision not in RADIUS_KM or b.precision not in RADIUS_KM:
        return None
    reach = _radius(a, b) + _radius(b, a)
    dist = distance_km(a.lat, a.lon, b.lat, b.lon)
    if Precision.DISTRICT in (a.precision, b.precision):
        # A district's point only stands for the area around it.
        return SAME_NAMED_AREA if dist <= reach else -1.0 if dist > 1.5 * reach else 0.0
    if same_hood and Precision.NEIGHBOURHOOD in (a.precision, b.precision):
        return SAME_NEIGHBOURHOOD  # a point inside the named neighbourhood
    if dist > 1.5 * reach and not (shared >= 2 and dist <= SAME_STREETS_REACH * reach):
        return -1.0
    weight = min(POINT_WEIGHT[a.precision], POINT_WEIGHT[b.precision])
    return max(0.0, 1.0 - dist / reach) * weight


def place_evidence(a: Signature, b: Signature) -> float | None:
    """Score in [0, 1] that two places agree; -1 on a conflict; None when it proves nothing.

    Two feed points are judged by their distance alone. A story's place is loose: the
    same neighbourhood, the same named streets or the same district count beside the
    distance, and only a distance no stated precision can explain is a conflict.
    """
    if a.area is not None and b.area is not None and a.area != b.area:
        return -1.0
    if municipalities_conflict(a.municipality, b.municipality):
        return -1.0
    same_hood = a.neighbourhood is not None and a.neighbourhood == b.neighbourhood
    shared = len(a.streets & b.streets)
    point = _point_evidence(a, b, same_hood, shared)
    if point is not None and point < 0:
        return -1.0
    if point is not None and a.structured and b.structured:
        return point  # two feed points: their distance says it all
    if a.region and b.region and a.region != b.region:
        return -1.0  # "North York" and "Scarborough" are not one place
    scores = [] if point is None else [point]
    if a.neighbourhood and b.neighbourhood:
        if same_hood:
            scores.append(SAME_NEIGHBOURHOOD)
        elif point is None:
            return -1.0  # neighbouring areas are judged by distance when points exist
    named = SAME_NAMED_AREA if a.precision in VAGUE or b.precision in VAGUE else 0.0
    if a.district and a.district == b.district:
        scores.append(named or SAME_DISTRICT_PRECISE)
    if a.area is False and b.area is False and a.municipality and a.municipality == b.municipality:
        scores.append(named or SAME_DISTRICT_PRECISE)
    if a.streets and b.streets:
        base = max(scores, default=0.0)
        scores.append(base + (0.5 if shared >= 2 else 0.25 if shared == 1 else 0.0))
    best = max(scores, default=0.0)
    # A vague place that does not conflict proves little either way: no evidence.
    return min(1.0, best) if best >= NO_PLACE_PRIOR else None


def match_score(affinity: float, place: float | None, time: float) -> float:
    """Type affinity times the weighted place and time evidence, in [0, 1].

    A missing place counts as a weak prior, so a report with no location joins only on
    tight, precise times and only when no other incident scores nearly as well.
    """
    place_value = NO_PLACE_PRIOR if place is None else place
    return affinity * (0.65 * place_value + 0.35 * time)


def evaluate(
    report: Signature, incident_id: str, types: Iterable[str], members: Iterable[Signature]
) -> Match | None:
    """The match of a report with one incident, or None if anything rules it out."""
    affinity = set_affinity(report.types, types)
    if affinity < (FOLLOW_UP_MIN_AFFINITY if report.is_follow_up else MIN_AFFINITY):
        return None  # a follow-up's time is loose: its labels must agree more closely
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


def bridges(matches: Sequence[Match], joined: str) -> list[Match]:
    """Other incidents a report matched as firmly as a join needs, with some place
    evidence: the report shows they and the one it joined are one incident."""
    return [
        m
        for m in sorted(matches, key=lambda m: (-m.score, m.incident_id))
        if m.incident_id != joined
        and m.score >= BRIDGE_SCORE
        and m.place is not None
        and m.place >= BRIDGE_PLACE
    ]


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


def compatible(
    types_a: Iterable[str],
    members_a: Iterable[Signature],
    types_b: Iterable[str],
    members_b: Iterable[Signature],
) -> bool:
    """Whether two incidents can be one: compatible labels, and no report of one conflicts
    in time or place with any report of the other."""
    if set_affinity(types_a, types_b) < MIN_AFFINITY:
        return False
    others = list(members_b)
    for a in members_a:
        for b in others:
            if time_evidence(a, b) is None:
                return False
            place = place_evidence(a, b)
            if place is not None and place < 0:
                return False
    return True
