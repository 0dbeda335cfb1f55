"""The analysts' API fuzzed with schemathesis against its own OpenAPI description.

A bounded number of generated requests per operation, each checked for no server error
and for answers (status, content type, body) that the description documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ccrp.analysts import register_analyst
from ccrp.api import make_api
from sinks.store import Store
from tests.http_server import served
from tests.sinks.factories import T0, enriched, incident

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    from tests.ccrp.support import make_settings

    folder: Path = tmp_path_factory.mktemp("fuzz")
    settings = make_settings(folder)
    store = Store.open(settings.database_url)
    TOKEN["value"] = register_analyst(store, "fuzzer")
    assault = incident("inc-b", types=("assault",), reports=(enriched("2", title="A named man"),))
    store.upsert_incidents([incident("inc-a", reports=(enriched("1"),)), assault])
    (folder / "digest").mkdir()
    (folder / "digest" / f"ccrp-digest-{T0.date()}.html").write_text("<html></html>")
    with served(make_api(store, settings, {"024": (43.76, -79.52)})) as url:
        yield schemathesis.openapi.from_url(f"{url}/openapi.json")
    store.close()


POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
RUNS = [
    *((path, POSITIVE) for path in ("/incidents", "/incidents/{incident_id}", "/digests/latest")),
    *((path, POSITIVE) for path in ("/healthz", "/readyz")),
    ("/incidents", NEGATIVE),  # parameters that break the description: a 422, never a 500
    ("/incidents/{incident_id}", NEGATIVE),
]


@pytest.mark.parametrize(("path", "mode"), RUNS)
def test_generated_requests_get_documented_answers(
    api_schema: schemathesis.BaseSchema, path: str, mode: schemathesis.GenerationMode
) -> None:
    """Valid requests (positive) and requests breaking the description (negative)."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def answered(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN['value']}"}, checks=CHECKS)

    answered()
