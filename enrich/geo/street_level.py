"""Street-level answers: which of several named streets says most, and when a street alone
is enough to name the neighbourhood.

A call on ``"QUEEN ST W - REBECCA ST"`` whose second street is unknown still names Queen
Street West; within the call's police division the known points of that street may all lie
in one neighbourhood, which then is the answer, at neighbourhood precision.
"""

from __future__ import annotations

from collections import Counter

from enrich.geo.gazetteer import Gazetteer
from enrich.geo.mentions import Mention, MentionKind
from enrich.geo.neighbourhoods import NeighbourhoodIndex
from enrich.geo.points import Hit
from schemas import Precision


def best_street_hit(
    gazetteer: Gazetteer, mentions: list[Mention], patrol: str | None
) -> tuple[Mention, Hit] | None:
    """Among the single-street mentions, the one whose known points lie closest together
    (a short side street places a call better than the long road it meets)."""
    best: tuple[Mention, Hit] | None = None
    for mention in mentions:
        if mention.kind is not MentionKind.STREET:
            continue
        hit = gazetteer.geocode(mention, patrol)
        if hit is not None and (best is None or hit.gap_m < best[1].gap_m):
            best = (mention, hit)
    return best


def settle_street(hit: Hit, index: NeighbourhoodIndex | None) -> Hit:
    """A street answer whose supporting points all fall in one neighbourhood supports that
    neighbourhood, however long the street; the point moves into it."""
    if not hit.support or index is None or hit.precision is Precision.NEIGHBOURHOOD:
        return hit
    lats = [p[0] for p in hit.support]
    lons = [p[1] for p in hit.support]
    hoods = index.lookup_many(lats, lons)
    codes = Counter(h.code for h in hoods if h is not None)
    if len(codes) != 1 or sum(codes.values()) != len(hoods):
        return hit
    return Hit(hit.lat, hit.lon, Precision.NEIGHBOURHOOD, "street-one-neighbourhood", hit.gap_m)
