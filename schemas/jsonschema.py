"""Generate the checked-in JSON Schema files from the topic models.

Run ``python -m schemas.jsonschema`` after changing a model; a test fails when the
files under ``schemas/json/`` are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from schemas.topics import ALL_TOPICS

SCHEMA_DIR = Path(__file__).parent / "json"


def render_all() -> dict[str, str]:
    """File name -> JSON Schema text, one per topic."""
    out: dict[str, str] = {}
    for topic in ALL_TOPICS:
        schema = topic.model.model_json_schema(mode="serialization")
        schema["$id"] = f"urn:ccrp:schema:{topic.name}"
        schema["x-topic"] = {"name": topic.name, "key": topic.key, "compacted": topic.compacted}
        out[f"{topic.name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_all().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p.name)
