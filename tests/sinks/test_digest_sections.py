"""The digest's urgent sections, withholding by the one privacy rule, and cleaned text."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from schemas import (
    ActivationEvent,
    ActivationType,
    IncidentStatus,
    NeighbourhoodContext,
    Priority,
    PriorityFactor,
    PriorityLevel,
    PriorityReason,
    Support,
    SupportKind,
)
from schemas.activations import RecentIncident
from sinks import Store
from sinks.digest import render, render_digest
from sinks.digest_build import build_digest
from sinks.digest_mail import subject_for
from tests.sinks.factories import T0, activation, enriched, incident, location
from tests.sinks.test_digest import BOUNDARIES, DAY, REGENT

DAY_BEFORE = T0 - timedelta(days=1)


def _with(event: ActivationEvent, **data: object) -> ActivationEvent:
    return event.model_copy(update={"data": event.ccrp.model_copy(update=data)})


def _urgent(event: ActivationEvent) -> ActivationEvent:
    return _with(
        event,
        priority=Priority(
            level=PriorityLevel.URGENT,
            score=9,
            reasons=[
                PriorityReason(factor=PriorityFactor.FATALITIES, detail="1 dead", points=5),
                PriorityReason(
                    factor=PriorityFactor.REPETITION, detail="3rd shooting in 30 days", points=2
                ),
            ],
        ),
        supports=[
            Support(kind=SupportKind.NEEDS_ASSESSMENT, why="always"),
            Support(kind=SupportKind.TRAUMA_COUNSELLING, why="a death witnessed in public"),
        ],
        neighbourhood_context=NeighbourhoodContext(
            code="024",
            name="Black Creek",
            classification="NIA",
            is_nia=True,
            ccrp_incidents_30d=3,
            same_type_30d=3,
            recent=[RecentIncident(incident_id="x", types=["shooting"], occurred_at=DAY_BEFORE)],
        ),
    )


def test_urgent_sections_in_order(store: Store, tmp_path: Path) -> None:
    # Occurred 56 h before the day's end: its window closes 16 h after it.
    old = incident("inc-closing", first_seen=T0 - timedelta(hours=43, minutes=30))
    store.upsert_incident(old)
    store.record_activation(activation(old, time=old.first_seen))
    plain = incident("inc-plain", reports=(enriched("p"),))
    store.upsert_incident(plain)
    store.record_activation(activation(plain))
    fatal = incident("inc-fatal", reports=(enriched("f", title="Man killed in shooting"),))
    store.upsert_incident(fatal)
    store.record_activation(_urgent(activation(fatal)))
    up_v1 = incident("inc-up", first_seen=DAY_BEFORE)
    up_v2 = up_v1.model_copy(update={"version": 2, "types": ["shooting", "homicide"]})
    store.upsert_incident(up_v2)
    store.record_activation(activation(up_v1, time=DAY_BEFORE))
    store.record_activation(activation(up_v2, ActivationType.UPDATED, time=T0))
    gone = incident(
        "inc-gone", first_seen=DAY_BEFORE, reports=(enriched("g", collected_at=DAY_BEFORE),)
    )
    store.upsert_incident(gone.model_copy(update={"last_seen": T0}))
    store.record_activation(activation(gone, time=DAY_BEFORE))
    cancelled = activation(gone, ActivationType.CANCELLED, time=T0)
    store.record_activation(_with(cancelled, reason="outside the City after all"))
    seen = enriched("late-1", source="news", collected_at=T0)
    early = enriched("early", collected_at=DAY_BEFORE)
    known = incident("inc-known", first_seen=DAY_BEFORE, reports=(early, seen))
    store.upsert_incident(known.model_copy(update={"last_seen": T0}))

    content = build_digest(store, DAY)
    assert [e.incident_id for e in content.closing_soon] == ["inc-closing"]
    # Most urgent first: the assessed urgent one, then the others by closing window.
    assert [e.incident_id for e in content.activations] == ["inc-fatal", "inc-up", "inc-plain"]
    assert "inc-gone" not in {e.incident_id for e in content.activations}
    kinds = [(c.kind, c.entry.incident_id) for c in content.changes]
    assert kinds == [
        ("upgrade", "inc-up"),
        ("cancelled", "inc-gone"),
        ("new source", "inc-known"),
    ]
    assert content.changes[0].detail == "shooting -> shooting, homicide"
    (black_creek,) = content.neighbourhoods
    assert black_creek.from_event and black_creek.ccrp_30d == 3

    rendered = render(store, DAY, BOUNDARIES)
    html, md = rendered.html, rendered.markdown
    order = [html.index(f'id="{key}"') for key in ("closing", "changes", "activations", "repeat")]
    assert order == sorted(order) and order[-1] < html.index("<figure>")
    assert "Thu 16 Jul 16:00 (in 16 h)" in html and "closes Thu 16 Jul 16:00 (in 16 h)" in md
    for text in (html, md):
        assert "Urgent (score 9)" in text and "3rd shooting in 30 days (+2)" in text
        assert "Trauma counselling" in text and "a death witnessed in public" in text
        assert "outside the City after all" in text and "1 new report(s): news" in text
        assert "not assessed" in text
    subject = subject_for(rendered)
    assert subject.startswith("CCRP daily digest 2026-07-15: 3 activation(s), 1 closing")
    assert "3 change(s)" in subject


def test_repeat_context_counted_from_the_store_without_event_context(store: Store) -> None:
    for n, days in enumerate((2, 9, 40)):
        earlier = incident(f"inc-earlier-{n}", first_seen=T0 - timedelta(days=days))
        store.upsert_incident(earlier)
    today = incident("inc-today")
    store.upsert_incident(today)
    store.record_activation(activation(today))
    (repeat,) = build_digest(store, DAY).neighbourhoods
    assert not repeat.from_event
    assert repeat.ccrp_30d == 3 and repeat.same_type_30d == 3  # 40 days ago is out
    assert repeat.recent[0][1] is not None and repeat.recent[0][1].utcoffset() == timedelta(
        hours=-4
    )


def test_withheld_by_wording_and_by_type_show_the_summary_only(
    store: Store, tmp_path: Path
) -> None:
    named = enriched(
        "w1",
        source="news",
        types=("other",),
        title="Jane Q Victim, 34, hurt at home; a man she had been dating is sought",
        url="https://example.org/jane-q-victim",
    )
    where = location(text="12 Sample Crescent", hood=REGENT, lat=43.66, lon=-79.36)
    store.upsert_incident(incident("inc-named", types=("other",), reports=(named,), loc=where))
    hit = enriched("w2", source="tps-calls", types=("assault",), title="Assault at 5 Sample Lane")
    store.upsert_incident(incident("inc-assault", types=("assault",), reports=(hit,), loc=where))
    rendered = render(store, DAY, BOUNDARIES)
    for text in (rendered.html, rendered.markdown):
        assert "Jane Q Victim" not in text and "jane-q-victim" not in text
        assert "Sample Crescent" not in text and "Sample Lane" not in text
        assert "Other in Regent Park (072) - Wed 15 Jul, around 11:00" in text
        assert "Assault in Regent Park (072)" in text
        assert "1 report(s): news" in text and "1 report(s): tps-calls" in text
    # Markers of withheld incidents sit at the neighbourhood's centre (the square's middle),
    # never at the reported point.
    centre = [e for e in build_digest(store, DAY).all_entries() if e.withheld]
    assert len(centre) == 2 and all(e.lat is None for e in centre)
    assert rendered.svg.count('class="incident"') == 2


def test_markup_bidi_and_hostile_links_are_neutralised(store: Store, tmp_path: Path) -> None:
    rtl = (
        "Shooting near \u202egpj.exe\u202c Jane\u200b and Finch\u2066 <img src=x onerror=alert(1)>"
    )
    hostile = [
        enriched("h1", source="news", title=rtl, url="https://news.example.org/a<script>"),
        enriched("h2", source="news", title="Second", url="javascript:alert(1)"),
        enriched("h3", source="news", title="Third", url="https://x.example.org/q?a=1\u202e&b=<b>"),
        enriched("h4", source="news", title="Fourth", url="https://evil.example.org\\@good.org/"),
    ]
    store.upsert_incident(incident("inc-hostile", reports=tuple(hostile)))
    files = render_digest(store, DAY, tmp_path)
    html = files.html.read_text(encoding="utf-8")
    md = files.markdown.read_text(encoding="utf-8")
    for text in (html, md):
        for char in ("\u202e", "\u202c", "\u200b", "\u2066"):
            assert char not in text
        assert not re.search(r"(?<!\\)<(script|img)", text) and "javascript:" not in text
        assert "https://news.example.org/a%3Cscript%3E" in text
        assert "https://x.example.org/q?a=1&b=%3Cb%3E" in text.replace("&amp;", "&")
        assert "good.org" not in text
    assert "gpj.exe Jane and Finch" in md and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "\\<img src=x onerror=alert(1)>" in md


def test_retraction_is_a_change(store: Store) -> None:
    fire = incident("inc-fire", types=("fire",), reports=(enriched("r", types=("fire",)),))
    store.upsert_incident(fire.model_copy(update={"status": IncidentStatus.RETRACTED}))
    (change,) = build_digest(store, DAY).changes
    assert change.kind == "retracted" and change.entry.incident_id == "inc-fire"


def test_changes_follow_the_incidents_versions_not_the_events_times(store: Store) -> None:
    """A police call (no published time) opens the activation as of its collection; a story
    published before it was read updates it as of its publication, an earlier time."""
    for incident_id, later in (("inc-hurt", ("shooting",)), ("inc-dead", ("shooting", "homicide"))):
        first = incident(incident_id)
        second = first.model_copy(update={"version": 2, "types": list(later)})
        store.upsert_incident(second)
        store.record_activation(activation(first, time=T0))
        store.record_activation(
            _with(activation(second, ActivationType.UPDATED, time=T0 - timedelta(minutes=50)),
                  injured=1, reason="injured None -> 1")
        )  # fmt: skip
    changes = {c.entry.incident_id: c for c in build_digest(store, DAY).changes}
    assert (changes["inc-hurt"].kind, changes["inc-hurt"].detail) == (
        "updated",
        "injured None -> 1",
    )
    assert (changes["inc-dead"].kind, changes["inc-dead"].detail) == (
        "upgrade",
        "shooting -> shooting, homicide",
    )
