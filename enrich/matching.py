"""Evidence that a report and a known incident describe the same real-world event.

A report's :class:`~enrich.signatures.Signature` is compared with the signature of every
report already in a candidate incident. Any hard conflict with one of them -- another
municipality, points or neighbourhoods far apart, times that cannot overlap -- rules the
incident out; otherwise the best time and place evidence count, scaled by how
compatible the labels are (:func:`match_score`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from enrich.affinity import MIN_AFFINITY, set_affinity
from enrich.place_evidence import NO_PLACE_PRIOR, place_evidence
from enrich.signatures import Signature

TIME_TOLERANCE = timedelta(minutes=30)
TOLERANCE_S = TIME_TOLERANCE.total_seconds()
HOUR_S = 3600.0

MIN_PLACE = 0.3
JOIN_THRESHOLD = 0.5
FOLLOW_UP_MIN_AFFINITY = 0.8
CONFIDENT_PLACE = 0.6  # below this, a match must clearly beat the runner-up
BRIDGE_SCORE = 0.6  # a report matching a second incident this well merges the two
BRIDGE_PLACE = 0.5
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate incident that passed every check, with its evidence in words."""

    incident_id: str
    score: float
    place: float | None
    why: str = ""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A candidate incident ruled out, and why."""

    incident_id: str
    why: str


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


def match_score(affinity: float, place: float | None, time: float) -> float:
    """Type affinity times the weighted place and time evidence, in [0, 1].

    A missing place counts as a weak prior, so a report with no location joins only on
    tight, precise times and only when no other incident scores nearly as well.
    """
    place_value = NO_PLACE_PRIOR if place is None else place
    return affinity * (0.65 * place_value + 0.35 * time)


def evaluate(
    report: Signature, incident_id: str, types: Iterable[str], members: Iterable[Signature]
) -> Match | Refusal:
    """The match of a report with one incident, or the refusal and its reason."""
    labels = list(types)
    affinity = set_affinity(report.types, labels)
    if affinity < (FOLLOW_UP_MIN_AFFINITY if report.is_follow_up else MIN_AFFINITY):
        # a follow-up's time is loose: its labels must agree more closely
        kinds = f"{'/'.join(sorted(report.types))} vs {'/'.join(labels)}"
        return Refusal(incident_id, f"types {kinds} (affinity {affinity:.2f})")
    best_time = 0.0
    best_place: float | None = None
    for member in members:
        time = time_evidence(report, member)
        if time is None:
            return Refusal(incident_id, f"times cannot overlap ({member.source})")
        place = place_evidence(report, member)
        if place is not None:
            if place < 0:
                return Refusal(incident_id, f"places conflict ({member.source})")
            best_place = place if best_place is None else max(best_place, place)
        best_time = max(best_time, time)
    if best_place is not None and best_place < MIN_PLACE:
        return Refusal(incident_id, f"place evidence too weak ({best_place:.2f})")
    score = match_score(affinity, best_place, best_time)
    place_words = "none" if best_place is None else f"{best_place:.2f}"
    why = f"score {score:.2f}: place {place_words}, time {best_time:.2f}, types {affinity:.2f}"
    if score < JOIN_THRESHOLD:
        return Refusal(incident_id, f"{why} below {JOIN_THRESHOLD}")
    return Match(incident_id, score, best_place, why)


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


def choose(matches: Sequence[Match]) -> Match | Refusal | None:
    """The best match, or a refusal when weak place evidence leaves it ambiguous with the
    runner-up; None without candidates."""
    if not matches:
        return None
    ranked = sorted(matches, key=lambda m: (-m.score, m.incident_id))
    best = ranked[0]
    confident = best.place is not None and best.place >= CONFIDENT_PLACE
    if not confident and len(ranked) > 1 and ranked[1].score >= best.score - AMBIGUITY_MARGIN:
        runner = ranked[1]
        why = f"ambiguous: {best.why} vs {runner.incident_id} {runner.why}"
        return Refusal(best.incident_id, why)
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
