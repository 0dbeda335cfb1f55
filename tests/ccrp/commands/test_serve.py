"""``ccrp serve`` as its own process on a loopback port, over the store that ``ccrp process
--store`` filled from the real feeds: a real HTTP client gets exactly what ``ccrp
incidents`` prints, filter by filter, and nothing without a token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import geojson
import httpx
import pytest

from ccrp.broker import free_loopback_port
from tests.ccrp.conftest import DevStore, invoke_cli


@dataclass
class Served:
    """The ``ccrp serve`` process: a client holding an analyst's token, and one without."""

    client: httpx.Client
    anonymous: httpx.Client
    env: dict[str, str | None]


def _environment(dev: DevStore) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("CCRP_")}
    return inherited | {k: v for k, v in dev.env.items() if v is not None}


@pytest.fixture(scope="module")
def served(dev_store: DevStore) -> Iterator[Served]:
    token = invoke_cli(dev_store.env, "api", "add-token", "served").strip().splitlines()[-1]
    invoke_cli(dev_store.env, "digest", "--day", "2026-07-11")  # into CCRP_DATA_DIR/digest
    port = free_loopback_port()
    command = [sys.executable, "-m", "ccrp", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=_environment(dev_store), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    anonymous = httpx.Client(base_url=base, timeout=30)
    deadline = time.monotonic() + 60
    while True:
        try:
            if anonymous.get("/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            output = server.communicate()[0].decode(errors="replace")
            pytest.fail(f"ccrp serve did not come up:\n{output}")
        time.sleep(0.2)
    client = httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"})
    try:
        yield Served(client, anonymous, dev_store.env)
    finally:
        client.close()
        anonymous.close()
        server.terminate()
        server.communicate(timeout=20)


def command_records(served: Served, *args: str) -> list[dict[str, Any]]:
    return list(json.loads(invoke_cli(served.env, "incidents", *args, "--format", "json")))


def api_records(served: Served, **params: Any) -> list[dict[str, Any]]:
    page = served.client.get("/incidents", params={"limit": 5000, **params})
    assert page.status_code == 200, page.text
    assert page.json()["total"] == page.json()["count"]
    return list(page.json()["incidents"])


def test_without_a_token_only_the_health_probes_answer(served: Served) -> None:
    for path in ("/incidents", "/incidents/inc-1", "/digests/latest"):
        response = served.anonymous.get(path)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert served.anonymous.get("/healthz").json() == {"ok": True}
    assert served.anonymous.get("/readyz").json() == {"ready": True}
    assert "# HELP" in served.anonymous.get("/metrics/").text


def test_the_shootings_since_9_july_as_geojson_are_the_commands(served: Served) -> None:
    args = ["--since", "2026-07-09", "--type", "shooting", "--format", "geojson"]
    printed = geojson.loads(invoke_cli(served.env, "incidents", *args))
    answer = served.client.get(
        "/incidents", params={"since": "2026-07-09", "type": "shooting", "format": "geojson"}
    )
    assert answer.headers["content-type"].startswith("application/geo+json")
    collection = geojson.loads(answer.text)
    assert collection.is_valid, collection.errors()
    assert collection == printed and len(collection["features"]) >= 5


def test_each_filter_gives_the_commands_records(served: Served) -> None:
    everything = api_records(served)
    assert everything == command_records(served)
    hoods = Counter(
        (r["neighbourhood"]["code"], r["neighbourhood"]["name"])
        for r in everything
        if r["neighbourhood"]
    )
    (code, name), _ = hoods.most_common(1)[0]
    filters = [
        {"since": "2026-07-12", "until": "2026-07-13"},
        {"type": "stabbing"},
        {"neighbourhood": code},
        {"neighbourhood": name.lower()},
        {"nia": "emerging"},
        {"program": "ccrp"},
        {"status": "corroborated"},
        {"status": "merged"},
    ]
    for params in filters:
        args = [part for key, value in params.items() for part in (f"--{key}", value)]
        found = api_records(served, **params)
        assert 0 < len(found) < len(everything), params
        assert found == command_records(served, *args), params
    survivors = {r["incident_id"]: r for r in everything}
    for alias in api_records(served, status="merged"):  # merges in the real feeds
        assert survivors[alias["merged_into"]]["status"] != "merged" and not alias["reports"]


def test_one_incident_with_its_versions_the_digest_and_openapi(served: Served) -> None:
    record = max(api_records(served, status="corroborated"), key=lambda r: r["version"])
    detail = served.client.get(f"/incidents/{record['incident_id']}").json()
    assert [v["version"] for v in detail["versions"]][-1] == detail["version"] == record["version"]
    assert len(detail["versions"]) > 1 and len(detail["reports"]) == detail["report_count"]
    assert all(r["source"] and r["first_version"] for r in detail["reports"])
    page = served.client.get("/digests/latest")
    assert page.status_code == 200 and "CCRP daily incident digest 2026-07-11" in page.text
    paths = served.anonymous.get("/openapi.json").json()["paths"]
    assert {"/incidents", "/incidents/{incident_id}", "/digests/latest", "/healthz"} <= set(paths)
