"""Evidence that a report and a known incident describe the same real-world event.

A report's :class:`~enrich.signatures.Signature` is compared with the signature of every
report already in a candidate incident. Any hard conflict with one of them -- another
municipality, points or neighbourhoods far apart, times that cannot overlap -- rules the
incident out; otherwise the member that gives the strongest evidence decides: a story
compared with any report by the calibrated probability of :mod:`enrich.evidence`, two
feed reports by their distance, time and labels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from enrich.affinity import MIN_AFFINITY, set_affinity
from enrich.evidence import Evidence, feed_score, story_evidence, time_evidence
from enrich.place_evidence import city_conflict, place_evidence
from enrich.signatures import Signature

TIME_TOLERANCE = timedelta(minutes=30)

MIN_PLACE = 0.3  # two feed reports: weaker place evidence never joins them
JOIN_THRESHOLD = 0.5
FOLLOW_UP_MIN_AFFINITY = 0.8
CONFIDENT_PLACE = 0.6  # with weaker place evidence, a match must clearly beat the runner-up
BRIDGE_SCORE = 0.6  # a report matching a second incident this well merges the two
BRIDGE_PLACE = 0.5
AMBIGUITY_LOGIT = 1.0  # "clearly": its odds at least e times the runner-up's
_SILENT = frozenset({"other"})  # a code that says nothing of the event (unknown trouble)
FEED_FIT = 0.8  # a call joins a story only with a code that fits it (a shooting call, a shooting)


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate incident that passed every check, with its evidence in words."""

    incident_id: str
    score: float
    place: float | None
    why: str = ""
    streets: float = 0.0


@dataclass(frozen=True, slots=True)
class Refusal:
    """A candidate incident ruled out, and why."""

    incident_id: str
    why: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """A report compared with one member of an incident: its score (0 when a rule refuses
    the pair, ``note`` saying which), and the evidence behind it, put in words on demand."""

    score: float
    place: float | None
    evidence: Evidence | None = None
    time: float = 0.0
    affinity: float = 0.0
    note: str = ""

    def words(self) -> str:
        if self.note:
            return self.note
        if self.evidence is not None:
            return self.evidence.words()
        place = "none" if self.place is None else f"{self.place:.2f}"
        return f"place {place}, time {self.time:.2f}, types {self.affinity:.2f}"


# What a rule refuses, whatever the weights (shared: the resolver meets them constantly).
_SILENT_CODE = Comparison(0.0, None, note="the call's code says nothing of the event")
_UNFIT_CODE = Comparison(0.0, None, note="the call's code does not fit the story")
_NO_PLACE = Comparison(0.0, None, note="no place finer than a district links a call")
_ELSEWHERE = Comparison(0.0, None, note="a follow-up told elsewhere needs a name both state")


def compare(a: Signature, b: Signature, place: float | None, time: float) -> Comparison:
    """One comparison that passed the hard checks (``place`` None when it proves nothing,
    nan when a follow-up is told elsewhere): a probability when a story is involved, the
    feed rule for two feed reports."""
    affinity = set_affinity(a.types, b.types)
    if a.feed and b.feed:
        if place is not None and place < MIN_PLACE:
            return Comparison(0.0, place, note=f"place evidence too weak ({place:.2f})")
        return Comparison(feed_score(affinity, place, time), place, None, time, affinity)
    if a.feed or b.feed:
        feed, story = (a, b) if a.feed else (b, a)
        if feed.types <= _SILENT and not story.types <= _SILENT:
            return _SILENT_CODE
        if affinity < FEED_FIT:
            return _UNFIT_CODE
        if place is None and not a.named_streets & b.named_streets:
            return _NO_PLACE
    elsewhere = place is not None and math.isnan(place)
    evidence = story_evidence(a, b, None if elsewhere else place, time, affinity, elsewhere)
    if elsewhere and not (evidence.streets or any(w.startswith("name ") for w in evidence.agree)):
        return _ELSEWHERE  # an age or a count alone is too common a coincidence
    return Comparison(evidence.probability, evidence.place, evidence)


def told_elsewhere(a: Signature, b: Signature) -> bool:
    """A follow-up may be told where it happened later -- a vigil, a tribute, a court --
    so between two stories in the City its place conflict is not final."""
    follow_up = a.is_follow_up or b.is_follow_up
    return follow_up and not (a.feed or b.feed) and not city_conflict(a, b)


def evaluate(
    report: Signature, incident_id: str, types: Sequence[str], members: Iterable[Signature]
) -> Match | Refusal:
    """The match of a report with one incident, or the refusal and its reason.

    The member that gives the strongest evidence decides, but what the report's stated
    details contradict in any story of the incident counts against it too.
    """
    affinity = set_affinity(report.types, types)
    if affinity < (FOLLOW_UP_MIN_AFFINITY if report.is_follow_up else MIN_AFFINITY):
        # a follow-up's time is loose: its labels must agree more closely
        kinds = f"{'/'.join(sorted(report.types))} vs {'/'.join(types)}"
        return Refusal(incident_id, f"types {kinds} (affinity {affinity:.2f})")
    # The best feed pair is kept as plain numbers (most pairs are two calls); a story pair
    # as its comparison.
    feed_best, feed_place, feed_time, feed_source = -1.0, None, 0.0, ""
    best: Comparison | None = None
    best_source = ""
    conflicts: tuple[str, ...] = ()
    for member in members:
        time = time_evidence(report, member)
        if time is None:
            return Refusal(incident_id, f"times cannot overlap ({member.source})")
        place = place_evidence(report, member)
        if place is not None and place < 0:
            if not told_elsewhere(report, member):
                return Refusal(incident_id, f"places conflict ({member.source})")
            place = math.nan
        if report.feed and member.feed:
            score = (
                0.0
                if place is not None and place < MIN_PLACE
                else feed_score(affinity, place, time)
            )
            if score > feed_best:
                feed_best, feed_place, feed_time, feed_source = score, place, time, member.source
            continue
        found = compare(report, member, place, time)
        if found.evidence is not None and found.evidence.conflict:
            conflicts += found.evidence.conflict
        if best is None or found.score > best.score:
            best, best_source = found, member.source
    if feed_best >= 0 and (best is None or feed_best > best.score):
        weak = feed_place is not None and feed_place < MIN_PLACE
        note = f"place evidence too weak ({feed_place:.2f})" if weak else ""
        best = Comparison(feed_best, feed_place, None, feed_time, affinity, note)
        best_source = feed_source
    if best is None:
        return Refusal(incident_id, "no member")
    if best.evidence is not None and set(conflicts) - set(best.evidence.conflict):
        pooled = replace(best.evidence, conflict=tuple(sorted(set(conflicts))))
        best = Comparison(pooled.probability, best.place, pooled)
    why = f"score {best.score:.2f}: {best.words()} ({best_source})"
    if best.score < JOIN_THRESHOLD:
        return Refusal(incident_id, f"{why} below {JOIN_THRESHOLD}")
    streets = best.evidence.streets if best.evidence is not None else 0.0
    return Match(incident_id, best.score, best.place, why, streets)


def bridges(matches: Sequence[Match], joined: str) -> list[Match]:
    """Other incidents a report matched as firmly as a merge needs, with place evidence
    (close points, or the same two streets named): the report shows they and the one it
    joined are one incident."""
    return [
        m
        for m in sorted(matches, key=lambda m: (-m.score, m.incident_id))
        if m.incident_id != joined
        and m.score >= BRIDGE_SCORE
        and ((m.place is not None and m.place >= BRIDGE_PLACE) or m.streets >= 2)
    ]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def choose(
    matches: Sequence[Match], mergeable: Callable[[str, str], bool] | None = None
) -> Match | Refusal | None:
    """The best match, or a refusal when, without a confident place, the runner-up is
    nearly as likely (their odds within a factor of e); None without candidates.

    Each probability is that of one comparison alone: two candidates both likely cannot
    both be right, so only a clear lead (a closer place, a detail that agrees) decides --
    unless the runner-up is one the report would merge into the best anyway (``mergeable``:
    nothing in the two incidents conflicts), which makes them one incident.
    """
    if not matches:
        return None
    ranked = sorted(matches, key=lambda m: (-m.score, -(m.place or 0.0), m.incident_id))
    best = ranked[0]
    confident = best.place is not None and best.place >= CONFIDENT_PLACE
    if not confident and len(ranked) > 1:
        runner = ranked[1]
        close = _logit(best.score) - _logit(runner.score) < AMBIGUITY_LOGIT
        merges = bool(bridges([runner], best.incident_id)) and (
            mergeable is not None and mergeable(best.incident_id, runner.incident_id)
        )
        if close and not merges:
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
