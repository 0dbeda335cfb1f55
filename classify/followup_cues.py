"""Phrase lists of the commentary rule: reaction to an earlier incident is a follow-up.

Commentary is a later development of an incident: people other than the responders speak
about what happened (an expert's analysis, residents' reaction, a politician's call for
change). The rule needs two things in one text, so that ordinary incident reports stay new:

- a **commentator speaking**: a non-police speaker with a speech verb ("experts say",
  "residents are calling for", "says criminologist"); police appeals ("police call for more
  witnesses") never count, since responders are no commentators;
- and either **reaction wording** ("raises questions", "calls for change", "more must be
  done") or a **reference to the incident as past** ("after last week's shooting",
  "weeks after the crash", "in the wake of the deadly stabbing").

A headline that a crash "sparks calls for a safety review" has no commentator and stays a
new report; "in the wake of a fight" describes the incident itself and stays new.
"""

from __future__ import annotations

import re

from classify.caseless import caseless

COMMENTATORS = (
    "expert", "experts", "professor", "professors", "researcher", "researchers",
    "criminologist", "criminologists", "academic", "academics", "analyst", "analysts",
    "advocate", "advocates", "critic", "critics", "activist", "activists",
    "community leader", "community leaders", "councillor", "councillors", "mayor",
    "politicians", "mpp", "mpps", "premier", "trustee", "trustees",
)  # fmt: skip
# Residents, neighbours and relatives are witnesses in a new report ("neighbours say they
# heard shots"): they comment only when they demand something or gather.
COMMUNITY = (
    "residents", "neighbours", "neighbors", "parents", "families", "community members",
    "community", "mourners", "friends",
)  # fmt: skip
DEMAND_VERBS = (
    "want", "wants", "demand", "demands", "call for", "calls for", "are calling for",
    "urge", "urges", "rally", "rallies", "march", "gather", "gathered", "push for",
    "pushing for", "plead for", "question", "questions",
)  # fmt: skip
SPEECH_VERBS = (
    "say", "says", "said", "warn", "warns", "argue", "argues", "question", "questions",
    "want", "wants", "demand", "demands", "urge", "urges", "call for", "calls for",
    "are calling for", "is calling for", "renew calls", "renews calls", "react", "reacts",
    "speak out", "speaks out", "weigh in", "weighs in", "worry", "worries", "fear", "fears",
)  # fmt: skip
REACTION_WORDING = (
    "raises questions", "raise questions", "more questions",
    "questions remain", "prompts calls", "sparks calls", "spurs calls", "calls for change",
    "calls for action", "call for action",
    "calls for answers", "demand answers", "demands answers", "more must be done",
    "more needs to be done", "root causes", "what went wrong", "lessons from", "outcry",
    "backlash", "debate", "wake-up call",
    "the bigger picture", "the underlying issue", "the real issue", "renewed calls",
)  # fmt: skip
# Determiners that point back at a known incident: "after *the* shooting", "after *last
# week's* crash", "in the wake of *Sunday's* stabbing".
PAST_POINTERS = (
    "the", "this", "that", "last week's", "last month's", "last weekend's", "the weekend's",
    "this week's", "this weekend's", "a recent", "the recent", "recent", "monday's",
    "tuesday's", "wednesday's", "thursday's", "friday's", "saturday's", "sunday's",
)  # fmt: skip
PAST_LINKS = (
    "after", "following", "in the wake of", "since", "days after", "weeks after",
    "months after", "a day after", "a week after", "in response to", "in light of",
)  # fmt: skip
INCIDENT_NOUNS = (
    "shooting", "shootings", "stabbing", "stabbings", "killing", "killings", "death", "deaths",
    "homicide", "murder", "crash", "collision", "attack", "assault", "fire", "swarming",
    "brawl", "violence", "tragedy", "incident",
)  # fmt: skip

FOLLOW_UP_PHRASES: dict[str, list[str]] = {
    "commentator": list(COMMENTATORS),
    "community": list(COMMUNITY),
    "reaction": list(REACTION_WORDING),
}


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SPEAKER = (
    rf"(?:{_alternatives(COMMENTATORS)})(?:\s+[\w'-]+){{0,6}}?\s+(?:{_alternatives(SPEECH_VERBS)})"
)
# "..., expert says" and "says a York professor" put the verb before or after the speaker.
_SPEAKER_AFTER = rf"(?:{_alternatives(SPEECH_VERBS)})\s+(?:an?\s+|the\s+)?(?:[\w'-]+\s+){{0,2}}?"
_DEMAND = (
    rf"(?:{_alternatives(COMMUNITY)})(?:\s+[\w'-]+){{0,3}}?\s+(?:{_alternatives(DEMAND_VERBS)})"
)
COMMENTATOR_SPEAKS = caseless(
    rf"\b(?:{_SPEAKER}|{_SPEAKER_AFTER}(?:{_alternatives(COMMENTATORS)})|{_DEMAND})\b"
)
REACTION = caseless(rf"\b(?:{_alternatives(REACTION_WORDING)})\b")
PAST_INCIDENT = caseless(
    rf"\b(?:{_alternatives(PAST_LINKS)})\s+(?:(?:{_alternatives(PAST_POINTERS)})\s+)?"
    rf"(?:[\w'-]+\s+){{0,3}}?(?:{_alternatives(INCIDENT_NOUNS)})\b"
)


def commentary(lower: str) -> str | None:
    """The commentary wording of a lower-cased text, or None when it reports no reaction."""
    speaks = COMMENTATOR_SPEAKS.search(lower)
    if not speaks:
        return None
    about = REACTION.search(lower) or PAST_INCIDENT.search(lower)
    return f"{speaks.group(0)} / {about.group(0)}" if about else None
