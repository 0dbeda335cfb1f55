"""The analysts' read-only API served by uvicorn on loopback, over the real feeds' store."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ccrp.analysts import NeighbourhoodPoints, register_analyst
from ccrp.api import make_api
from sinks.store import Store
from tests.ccrp.conftest import DevStore, invoke_cli
from tests.http_server import served


@dataclass
class Api:
    """A served API: a client with an analyst's token, and the store behind it."""

    client: httpx.Client
    url: str
    store: Store
    digests: Path


@pytest.fixture(scope="module")
def api(dev_store: DevStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    store = Store.open(dev_store.settings.database_url)
    token = register_analyst(store, "safeto-data")
    digests = tmp_path_factory.mktemp("digests")
    app = make_api(store, dev_store.settings, NeighbourhoodPoints(dev_store.settings), digests)
    with served(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield Api(client, url, store, digests)
    store.close()


def incidents(api: Api, **params: Any) -> list[dict[str, Any]]:
    response = api.client.get("/incidents", params={"limit": 5000, **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["count"] == len(page["incidents"]) == page["total"]
    return list(page["incidents"])


def test_no_token_or_a_wrong_one_is_401(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        for path in ("/incidents", "/incidents/inc-1", "/digests/latest"):
            response = httpx.get(f"{api.url}{path}", headers=headers)
            assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


def test_the_same_records_as_the_command(api: Api, dev_store: DevStore) -> None:
    args = ["--since", "2026-07-11", "--until", "2026-07-13", "--type", "stabbing"]
    command = json.loads(invoke_cli(dev_store.env, "incidents", *args, "--format", "json"))
    served = incidents(api, since="2026-07-11", until="2026-07-13", type="stabbing")
    assert command and served == command
    geo = api.client.get("/incidents", params={"type": "shooting", "format": "geojson"})
    command_geo = invoke_cli(
        dev_store.env, "incidents", "--type", "shooting", "--format", "geojson"
    )
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert geo.json() == json.loads(command_geo)


def test_each_filter_is_answered(api: Api) -> None:
    everything = incidents(api)
    hoods = Counter(r["neighbourhood"]["code"] for r in everything if r["neighbourhood"])
    code = hoods.most_common(1)[0][0]
    name = next(
        r["neighbourhood"]["name"]
        for r in everything
        if r["neighbourhood"] and r["neighbourhood"]["code"] == code
    )

    def when(r: dict[str, Any]) -> str:
        return str(r["occurred_at"] or r["first_seen"])

    def hood(r: dict[str, Any]) -> dict[str, Any]:
        return r["neighbourhood"] or {}

    checks: dict[str, tuple[dict[str, Any], Callable[[dict[str, Any]], object]]] = {
        "since": ({"since": "2026-07-15T00:00:00-04:00"}, lambda r: when(r) >= "2026-07-15T04"),
        "until": ({"until": "2026-07-11"}, lambda r: when(r) < "2026-07-11T04"),
        "type": ({"type": ["fire", "robbery"]}, lambda r: {"fire", "robbery"} & set(r["types"])),
        "neighbourhood code": ({"neighbourhood": code}, lambda r: hood(r)["code"] == code),
        "neighbourhood name": ({"neighbourhood": name.upper()}, lambda r: hood(r)["code"] == code),
        "nia": ({"nia": "nia"}, lambda r: hood(r)["classification"] == "NIA"),
        "program": ({"program": "ccrp"}, lambda r: r["withheld"] or "ccrp" in r["programs"]),
        "status": ({"status": "corroborated"}, lambda r: r["status"] == "corroborated"),
    }
    for label, (params, holds) in checks.items():
        found = incidents(api, **params)
        assert 0 < len(found) < len(everything), label
        assert all(holds(r) for r in found), label


def test_pages_follow_on(api: Api) -> None:
    first = api.client.get("/incidents", params={"limit": 10}).json()
    second = api.client.get("/incidents", params={"limit": 10, "offset": first["next_offset"]})
    assert first["next_offset"] == 10 and second.json()["offset"] == 10
    both = first["incidents"] + second.json()["incidents"]
    assert [r["incident_id"] for r in both] == [r["incident_id"] for r in incidents(api)[:20]]


def test_an_incident_with_its_versions_and_provenance(api: Api) -> None:
    record = max(incidents(api), key=lambda r: (r["version"], not r["withheld"]))
    response = api.client.get(f"/incidents/{record['incident_id']}")
    detail = response.json()

    assert response.status_code == 200 and detail["version"] == record["version"] > 1
    assert [v["version"] for v in detail["versions"]] == sorted(
        {v["version"] for v in detail["versions"]}
    )
    assert detail["versions"][-1]["version"] == detail["version"]
    assert {r["first_version"] for r in detail["reports"]} >= {detail["versions"][0]["version"]}
    assert all(r["source"] and r["collected_at"] for r in detail["reports"])
    as_feature = api.client.get(f"/incidents/{record['incident_id']}", params={"format": "geojson"})
    assert (
        as_feature.json()["type"] == "Feature" and as_feature.json()["id"] == record["incident_id"]
    )
    missing = api.client.get("/incidents/inc-does-not-exist")
    assert missing.status_code == 404


def test_invalid_filters_are_422(api: Api) -> None:
    for params in ({"since": "yesterday"}, {"since": "2026-02-31"}, {"nia": "maybe"}, {"limit": 0}):
        response = api.client.get("/incidents", params=params)
        assert response.status_code == 422, params
        assert isinstance(response.json()["detail"], list)


def test_the_latest_digest_page(api: Api) -> None:
    assert api.client.get("/digests/latest").status_code == 404
    (api.digests / "ccrp-digest-2026-07-12.html").write_text("<html>12 July</html>")
    (api.digests / "ccrp-digest-2026-07-13.html").write_text("<html>13 July</html>")
    (api.digests / "ccrp-digest-2026-07-13.md").write_text("# 13 July")
    response = api.client.get("/digests/latest")
    assert response.status_code == 200 and response.text == "<html>13 July</html>"
    assert response.headers["content-type"].startswith("text/html")


def test_health_and_readiness(api: Api, dev_store: DevStore) -> None:
    assert httpx.get(f"{api.url}/healthz").json() == {"ok": True}
    assert httpx.get(f"{api.url}/readyz").json() == {"ready": True}
    unreachable = Store("postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2")
    with served(make_api(unreachable, dev_store.settings, {})) as url:
        assert httpx.get(f"{url}/healthz").status_code == 200
        assert httpx.get(f"{url}/readyz").status_code == 503
    unreachable.close()


def test_openapi_is_published(api: Api) -> None:
    document = httpx.get(f"{api.url}/openapi.json").json()
    assert {"/incidents", "/incidents/{incident_id}", "/digests/latest"} <= set(document["paths"])
    assert "HTTPBearer" in document["components"]["securitySchemes"]
