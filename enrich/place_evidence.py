"""Place evidence: how plausibly two stated places are one spot.

Every place has an error radius: a feed's own point (TPS moves points to an
intersection), a story's address or "in the area of X and Y", a neighbourhood's
representative point, a district. Two feed points are judged by their distance alone; a
story's place is loose, so the same neighbourhood, the same named streets or the same
district count beside the distance, and only a distance no stated precision can explain
is a conflict.
"""

from __future__ import annotations

import math
from functools import lru_cache

from enrich.areas import municipalities_conflict
from enrich.signatures import Signature, street_tokens
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
# A wounded-person call comes from where the victim is, often a hospital they reached on
# their own, kilometres from the scene (labelling guideline): its point proves little.
WANDERING_CODES = {"WOU": 8.0}
WANDERING_WEIGHT = 0.5
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
CORE = "core"  # the old City and East York: too large and dense to be one named place
SAME_NEIGHBOURHOOD = 0.7
# A story naming one street and no corner ("crews were called to Eglinton Avenue East"):
# a feed point on that street -- within this of one of its signalised intersections, which
# lie a few hundred metres apart along the City's arterials -- is on the story's street.
ON_STREET_KM = 0.4
ON_STREET = 0.3
SAME_NAMED_AREA = 0.5  # same district or outside municipality, one side no finer
SAME_DISTRICT_PRECISE = 0.25


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in kilometres: exact enough within a city, and cheap."""
    dx = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6_371.0 * math.hypot(math.radians(lat2 - lat1), dx)


def _radius(sig: Signature, other: Signature) -> float:
    if sig.code in WANDERING_CODES:
        return WANDERING_CODES[sig.code]
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
        street = _street_place(a, b)
        if street is not None:
            return street
        # A district's point only stands for the area around it; it never links a call.
        if dist > 1.5 * reach:
            return -1.0
        if a.structured or b.structured:
            return None
        return SAME_NAMED_AREA * max(0.0, 1.0 - dist / reach)
    if same_hood and Precision.NEIGHBOURHOOD in (a.precision, b.precision):
        return SAME_NEIGHBOURHOOD  # a point inside the named neighbourhood
    if dist > 1.5 * reach and not (shared >= 2 and dist <= SAME_STREETS_REACH * reach):
        return -1.0
    weight = min(POINT_WEIGHT[a.precision], POINT_WEIGHT[b.precision])
    if a.code in WANDERING_CODES or b.code in WANDERING_CODES:
        weight *= WANDERING_WEIGHT
    return max(0.0, 1.0 - dist / reach) * weight


def _street_place(a: Signature, b: Signature) -> float | None:
    """A story placed on one street beside a feed's point: on that street or unknown."""
    story, feed = (a, b) if b.structured else (b, a)
    if not feed.structured or story.structured or story.district or not story.streets:
        return None
    if feed.lat is None or feed.lon is None:
        return None
    words = [w for w in story.streets if len(w) > 2 and w not in ("st", "ste")]  # "St. Clair"
    points = [p for name in words for p in signal_points().get(name, ())]
    if not points:
        return None  # a street without signals: nothing to tell
    near = min(distance_km(feed.lat, feed.lon, lat, lon) for lat, lon in points)
    return ON_STREET if near <= ON_STREET_KM else None


@lru_cache(maxsize=1)
def signal_points() -> dict[str, tuple[tuple[float, float], ...]]:
    """The City's signalised intersections (the packaged copy) by street-name word: each
    arterial as a chain of points."""
    from enrich.geo.boundaries import read_packaged

    found: dict[str, list[tuple[float, float]]] = {}
    for feature in (read_packaged("intersections") or {}).get("features", []):
        props = feature.get("properties") or {}
        coords = (feature.get("geometry") or {}).get("coordinates") or []
        if not coords:
            continue
        lon, lat = coords[0] if isinstance(coords[0], list) else coords
        names = " - ".join(str(props.get(k) or "") for k in ("MAIN_STREET", "SIDE1_STREET"))
        for word in street_tokens(names):
            found.setdefault(word, []).append((lat, lon))
    return {word: tuple(points) for word, points in found.items()}


def city_conflict(a: Signature, b: Signature) -> bool:
    """In the City and outside it, or two outside municipalities that cannot be one."""
    if a.area is not None and b.area is not None and a.area != b.area:
        return True
    return municipalities_conflict(a.municipality, b.municipality)


def place_evidence(a: Signature, b: Signature) -> float | None:
    """Score in [0, 1] that two places agree; -1 on a conflict; None when it proves nothing.

    Two feed points are judged by their distance alone. A story's place is loose: the
    same neighbourhood, the same named streets or the same district count beside the
    distance, and only a distance no stated precision can explain is a conflict.
    """
    if city_conflict(a, b):
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
        if same_hood and (point is None or not {a.precision, b.precision} <= PRECISE):
            scores.append(SAME_NEIGHBOURHOOD)  # two exact spots: their distance decides
        elif not same_hood and point is None:
            return -1.0  # neighbouring areas are judged by distance when points exist
    named = SAME_NAMED_AREA if a.precision in VAGUE or b.precision in VAGUE else 0.0
    stories = not (a.structured or b.structured)  # a district never links a call
    if stories and a.district and a.district == b.district:
        scores.append(named or SAME_DISTRICT_PRECISE)
    if stories and a.region and a.region == b.region and a.region != CORE:
        scores.append(named or SAME_DISTRICT_PRECISE)  # "Rexdale" lies in Etobicoke
    same_town = a.municipality and a.municipality == b.municipality
    if stories and a.area is False and b.area is False and same_town:
        scores.append(named or SAME_DISTRICT_PRECISE)
    if shared >= 2:  # both name the same two streets: one intersection
        scores.append(max(scores, default=0.0) + 0.5)
    # Nothing comparable (a district beside a call, a town beside no town): no evidence.
    return min(1.0, max(scores)) if scores else None
