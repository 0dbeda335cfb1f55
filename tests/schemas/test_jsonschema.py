"""The checked-in JSON Schema files must match the models they are generated from."""

from __future__ import annotations

import json

from schemas import ACTIVATIONS, ENRICHED, RAW, ActivationEvent, ActivationType
from schemas.jsonschema import SCHEMA_DIR, render_all
from schemas.topics import ALL_TOPICS


def test_checked_in_schemas_are_fresh() -> None:
    stale = [
        name
        for name, text in render_all().items()
        if not (SCHEMA_DIR / name).exists() or (SCHEMA_DIR / name).read_text() != text
    ]
    assert not stale, f"run `python -m schemas.jsonschema`: stale {stale}"


def test_topic_names_are_versioned_and_contracted() -> None:
    assert all(topic.name.endswith(".v1") for topic in ALL_TOPICS)
    assert ENRICHED.compacted and not RAW.compacted
    assert ACTIVATIONS.name == "ccrp.activations.v1"


def test_activation_schema_is_a_cloudevent() -> None:
    schema = json.loads((SCHEMA_DIR / "ccrp.activations.v1.schema.json").read_text())
    for attribute in ("specversion", "id", "source", "type", "time", "subject", "data"):
        assert attribute in schema["properties"]
    assert set(schema["required"]) >= {"id", "type", "time", "subject", "data"}
    assert ActivationEvent.model_fields["specversion"].default == "1.0"


def test_event_types_are_named_under_a_reverse_dns_prefix() -> None:
    schema = json.loads((SCHEMA_DIR / "ccrp.activations.v1.schema.json").read_text())
    committed = schema["$defs"]["ActivationType"]["enum"]
    assert committed == [kind.value for kind in ActivationType]
    assert all(kind.startswith("ca.toronto.ccrp.") for kind in committed)
