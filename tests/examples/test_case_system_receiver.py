"""The example case-system receiver, run as shipped, against the real webhook client."""

from __future__ import annotations

import importlib.util
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import httpx

from sinks.settings import WebhookSettings
from sinks.webhook import WebhookClient, new_secret, sign, structured_message
from tests.sinks.factories import activation, incident

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "case_system_receiver.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("case_system_receiver", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_keeps_each_event_once_and_refuses_forgeries(tmp_path: Path) -> None:
    example = load_example()
    secret = new_secret()
    system = example.CaseSystem(secret, tmp_path / "events.jsonl")
    server = example.make_server(system, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/events"
    event = activation(incident("inc-9"), time=datetime.now(UTC))
    try:
        client = WebhookClient(WebhookSettings(url=url, secret=secret, timeout_s=5))
        assert client.send(event.id, event.model_dump_json()).delivered
        assert client.send(event.id, event.model_dump_json()).delivered  # a redelivery
        client.close()
        forged = WebhookClient(WebhookSettings(url=url, secret=new_secret(), timeout_s=5))
        assert forged.send(event.id, event.model_dump_json()).status == "401"
        forged.close()
        message = structured_message(event.model_dump_json())
        stale = sign(secret, event.id, datetime.now(UTC) - timedelta(hours=1), message.body)
        replay = httpx.post(url, content=message.body, headers=message.headers | stale)
        assert replay.status_code == 401
    finally:
        server.shutdown()
        server.server_close()
    assert [e.id for e in system.kept] == [event.id]
    assert len((tmp_path / "events.jsonl").read_text().splitlines()) == 1
    assert example.describe(event).startswith("activation.created")


def test_the_readme_quotes_the_example_as_it_is() -> None:
    readme = (EXAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    contracts = readme.split("## Contracts", 1)[1]
    quoted = contracts.split("```python\n", 1)[1].split("```", 1)[0].splitlines()
    shipped = {line.strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines()}
    assert quoted and all(line.strip() in shipped for line in quoted)
