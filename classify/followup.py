"""New incident or follow-up: is the report's news a later development of an older incident?

A follow-up is a report whose incident occurred more than 72 hours before publication, or
whose news is a later development (court, sentencing, victim identified, memorial,
commentary) of an incident, or an arrest or charge for an incident on an earlier day.
An arrest made at the scene on the same day stays part of a new incident report.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from classify.caseless import caseless
from classify.followup_cues import commentary
from classify.timeparse import OccurredAt, mentions_past_year

FOLLOW_UP_WINDOW = timedelta(hours=72)
# An arrest reported this long after the incident is news of its own, not the scene report.
LEGAL_STEP_DELAY = timedelta(hours=20)

# Developments that only ever come after the incident itself.
_LATER_DEVELOPMENT = caseless(
    r"\b(?:sentenc\w*|pleaded guilty|pleads guilty|plead guilty|convicted|found guilty|"
    r"guilty of|acquitted|on trial|trial|in court|court heard|appeared in court|courthouse|"
    r"Court of Appeal|Superior Court|Crown|bail hearing|preliminary hearing|"
    r"identified (?:as|the victim)|has been identified|have been identified|have identified|"
    r"police identify|mourns?|mourning|vigil|memorial|funeral|tribute|"
    r"in honou?r of|remembering|remembered as|anniversary|cold case|"
    r"last week|last month|last year|weeks ago|months ago|years ago|earlier this month|"
    r"earlier this year|Canada-wide warrant|arrest warrant|wanted on a warrant|"
    r"jury|jurors|testified|testimony|verdict|inquest|parole|pleaded not guilty|"
    r"pleads not guilty|plead not guilty|granted bail|denied bail|released on bail|"
    r"charges? (?:(?:was|were|has been|have been) )?(?:dropped|withdrawn|stayed)|"
    r"stay of proceedings|lawsuit|GoFundMe|fundraiser|police (?:have )?named|"
    r"named (?:the|a) (?:victim|man|woman|teen|boy|girl)|(?:has|have) been named|named as|"
    r"(?:SIU|watchdog) (?:has )?(?:cleared|clears)|cleared of wrongdoing|"
    r"no reasonable grounds|(?:a|one|two|three|four|five|ten|\d+) years? (?:since|after|later))\b"
)
# An arrest at the scene or soon after belongs to the incident's own report.
_AT_SCENE = caseless(
    r"\b(?:arrested|taken into custody|in custody) (?:at the scene|on scene|nearby|"
    r"a short time later|shortly after\w*|moments later|minutes later|a block away)\b"
)
# Legal steps that follow an incident: a follow-up only when the incident is on an earlier day.
_LEGAL_STEP = caseless(
    r"\b(?:arrest(?:ed|s)?|charged|charges?|in custody|accused|turned (?:himself|herself) in|"
    r"suspects? (?:wanted|sought))\b"
)
# The end of a missing-person case: the news is that the search is over.
_FOUND = caseless(
    r"\b(?:found safe|located safe|found safe and sound|found unharmed|safely located|"
    r"has been located|have been located|has been found safe|returned home safely)\b"
)
# A long charge sheet is the outcome of an investigation, not of an incident that just happened.
_MANY_CHARGES = caseless(
    r"\b(?:\d{2,}|dozen|slew of|several|multiple|numerous|more than \d+)\s+"
    r"(?:[\w-]+\s+){0,2}charges\b"
)


def is_follow_up(
    text: str,
    published_at: datetime | None,
    occurred: OccurredAt,
    ongoing: bool = False,
    arrest_is_incident: bool = False,
    raid: bool = False,
) -> tuple[bool, str | None]:
    """Decide follow-up and name the cue.

    ``ongoing`` (a missing person) ignores the incident's age; ``arrest_is_incident`` (raids,
    gun seizures) means a long charge sheet is the incident's own outcome; ``raid`` (search
    warrants executed) means the arrests and charges reported are the raid's, not a later step.
    """
    text = text.lower()
    found = _FOUND.search(text) if ongoing else None
    if found:
        return True, found.group(0)
    later = _LATER_DEVELOPMENT.search(text)
    if later:
        return True, later.group(0)
    reaction = commentary(text)
    if reaction:
        return True, reaction
    if mentions_past_year(text, published_at):
        return True, "earlier year"
    if (
        occurred.when is not None
        and published_at is not None
        and not ongoing
        and published_at - occurred.when > FOLLOW_UP_WINDOW
    ):
        return True, f"occurred {occurred.text}"
    if _MANY_CHARGES.search(text) and not arrest_is_incident:
        return True, "charges laid"
    # Without a time for the incident an arrest may well be at the scene: stay new, since
    # missing a new violent incident costs more than a second look at a follow-up.
    legal = None if raid or _AT_SCENE.search(text) else _LEGAL_STEP.search(text)
    if (
        legal
        and occurred.when is not None
        and occurred.earlier_day
        and published_at is not None
        and published_at - occurred.when > LEGAL_STEP_DELAY
    ):
        return True, legal.group(0)
    return False, None
