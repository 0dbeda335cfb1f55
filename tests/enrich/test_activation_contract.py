"""What a CCRP activation event carries for the case system, and what it never shows."""

from __future__ import annotations

import json
from datetime import timedelta

import jsonschema

from enrich.activation import decide_activations
from enrich.history import NeighbourhoodHistory
from schemas import ActivationType, Precision, PriorityLevel, SupportKind
from schemas.jsonschema import SCHEMA_DIR
from tests.enrich.incidents import AT, incident

SCHEMA = json.loads((SCHEMA_DIR / "ccrp.activations.v1.schema.json").read_text())
SOON = AT + timedelta(hours=1)


def test_created_event_carries_priority_supports_and_context() -> None:
    history = NeighbourhoodHistory()
    history.observe(incident(["shooting"], at=AT - timedelta(days=4)))
    this = incident(["shooting"], injured=1)
    history.observe(this)
    (event,) = decide_activations(this, None, SOON, history.repetition(this))
    data = event.ccrp
    assert data.priority is not None and data.priority.level == PriorityLevel.HIGH
    assert "2nd shooting in Glenfield-Jane Heights in 30 days" in [
        r.detail for r in data.priority.reasons
    ]
    assert data.supports[0].kind == SupportKind.NEEDS_ASSESSMENT
    assert data.neighbourhood_context is not None
    assert data.neighbourhood_context.ccrp_incidents_30d == 2
    assert data.location.text == "Jane Street and Sheppard Avenue" and not data.withheld
    assert data.report_urls == [f"https://news.example.org/{this.incident_id}"]
    jsonschema.validate(event.model_dump(mode="json"), SCHEMA)


def test_withheld_incident_shows_the_generated_summary_and_the_neighbourhood_only() -> None:
    title = "Man killed by his ex-partner identified as John Example"
    this = incident(["homicide", "stabbing"], fatalities=1, title=title)
    (event,) = decide_activations(this, None, SOON)
    data = event.ccrp
    assert data.withheld
    assert data.summary.startswith("Homicide, stabbing in Glenfield-Jane Heights (025)")
    assert data.report_urls == []
    location = data.location
    assert (location.lat, location.lon, location.text) == (None, None, None)
    assert location.precision == Precision.NEIGHBOURHOOD
    assert location.neighbourhood is not None and location.neighbourhood.code == "025"
    text = event.model_dump_json()
    assert "John" not in text and "Jane Street" not in text and "news.example.org" not in text
    jsonschema.validate(event.model_dump(mode="json"), SCHEMA)


def test_a_change_of_priority_level_is_an_update() -> None:
    this = incident(["shots_fired"], incident_id="inc-p")
    (created,) = decide_activations(this, None, SOON)
    assert created.ccrp.priority is not None
    assert created.ccrp.priority.level == PriorityLevel.STANDARD
    hurt = this.model_copy(
        update={
            "version": 2,
            "types": ["shooting"],
            "attributes": this.attributes.model_copy(update={"injured": 3, "youth_involved": True}),
        }
    )
    (update,) = decide_activations(hurt, created, SOON + timedelta(hours=1))
    assert update.type == ActivationType.UPDATED
    assert "priority standard -> urgent" in update.ccrp.reason
    assert "a young person involved" in update.ccrp.reason
    assert any(s.kind == SupportKind.SCHOOL_YOUTH for s in update.ccrp.supports)


def test_a_withheld_incident_is_not_updated_for_its_hidden_place() -> None:
    this = incident(["homicide"], fatalities=1, incident_id="inc-w")
    (created,) = decide_activations(this, None, SOON)
    assert created.ccrp.withheld
    corroborated = this.model_copy(update={"version": 2})
    assert decide_activations(corroborated, created, SOON + timedelta(hours=1)) == []
