"""JSON for the store's document columns: fast, and written once.

Models are serialised by pydantic's own JSON serialiser straight to text
(:func:`model_json`), and the engine's JSON serialiser passes that text through instead of
turning a dict into JSON again; any other value is encoded with orjson. Reading back uses
orjson too. Both backends take the text as it is: SQLite stores it, PostgreSQL parses it
into ``jsonb``.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from pydantic import BaseModel


class JsonText(str):
    """Text that is already a JSON document."""

    __slots__ = ()


def model_json(model: BaseModel) -> JsonText:
    """A model as the JSON document a column keeps (the same as its ``mode="json"`` dump)."""
    return JsonText(model.model_dump_json())


def dumps(value: Any) -> str:
    """The engine's JSON serialiser."""
    if isinstance(value, JsonText):
        return value
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except TypeError:  # beyond orjson (an integer over 64 bits): the standard encoder
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    """The engine's JSON deserialiser."""
    return orjson.loads(text)
