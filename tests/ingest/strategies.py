"""Hypothesis strategies for the parsers' property tests: JSON, XML-safe text, broken bodies."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ingest.base import Collector
from ingest.errors import CollectError
from ingest.settings import CollectSettings
from ingest.sources_file import SourceConfig

T = TypeVar("T")

# A per-example deadline doubles as the "never hangs" check; two cores are shared.
PROPERTY = settings(
    max_examples=100,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)

# Text an XML 1.0 document can carry, without markup characters (so it reads back as itself).
xml_text = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Cn"], exclude_characters="<>&\"'\u2028\u2029"
    ),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")
ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20)


@st.composite
def damaged(draw: st.DrawFn, bodies: st.SearchStrategy[bytes]) -> bytes:
    """A body cut short, with bytes flipped or spliced in, or left whole."""
    body = draw(bodies)
    how = draw(st.sampled_from(["whole", "cut", "flip", "splice"]))
    if how == "whole" or not body:
        return body
    at = draw(st.integers(0, len(body) - 1))
    if how == "cut":
        return body[:at]
    if how == "flip":
        return body[:at] + bytes([body[at] ^ draw(st.integers(1, 255))]) + body[at + 1 :]
    return body[:at] + draw(st.binary(min_size=1, max_size=20)) + body[at:]


def json_bytes(values: st.SearchStrategy[Any] = json_values) -> st.SearchStrategy[bytes]:
    return values.map(lambda value: json.dumps(value).encode())


def own_errors_only(call: Callable[[], T]) -> T | CollectError:
    """The call's result, or the collector error it raised; any other exception fails."""
    try:
        return call()
    except CollectError as exc:
        return exc


@cache
def _client() -> httpx.Client:
    return httpx.Client()  # building one costs ~40 ms (TLS context): one for every example


def collector(kind: type[Collector], url: str = "http://127.0.0.1:9/", **options: Any) -> Any:
    """A collector for parsing tests; ``url`` may be a ``file://`` place holding the body."""
    config = SourceConfig(name="prop", kind=kind.kind, url=url, options=options)
    return kind(config, _client(), CollectSettings(retries=0))


@contextmanager
def served_file(name: str, body: bytes) -> Iterator[str]:
    """``body`` in a temporary folder as ``name``; yields the folder's ``file://`` URL."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(body)
        yield Path(folder).as_uri() + "/"
