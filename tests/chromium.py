"""A real headless Chromium driven over the DevTools protocol, for tests of pages.

The browser is the system's (``/usr/bin/chromium``, or ``CCRP_TEST_CHROMIUM``); a test
that needs it skips with the reason when none can be started. One page, loaded from a
file or URL; ``evaluate`` runs JavaScript in it, ``screenshot`` captures the whole page,
and every JavaScript dialog (an ``alert`` an injected script would raise) is recorded.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import websocket

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--remote-debugging-port=0",
    "--window-size=1280,900",
]


def find_chromium() -> str | None:
    configured = os.environ.get("CCRP_TEST_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


class Page:
    """One browser tab over a DevTools websocket."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.dialogs: list[str] = []
        self.events: list[dict[str, Any]] = []
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        request_id = next(self.ids)
        self.ws.send(json.dumps({"id": request_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == request_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result") or {})
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        self.events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":
            self.dialogs.append(str(message["params"].get("message")))
            self.ws.send(
                json.dumps(
                    {
                        "id": next(self.ids),
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": False},
                    }
                )
            )

    def load(self, url: str, timeout_s: float = 30.0) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout_s
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load in {timeout_s} s")
            self._event(json.loads(self.ws.recv()))
        self.evaluate("new Promise(r => setTimeout(r, 300))")  # onerror handlers get a turn

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def screenshot(self, path: Path, max_height: float | None = None) -> Path:
        """The page beyond the window (down to ``max_height`` CSS pixels) as a PNG."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        height = min(size["height"], max_height or size["height"])
        shot = self.call(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": size["width"], "height": height, "scale": 1},
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def _devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with {process.returncode}")
        if marker.exists() and marker.read_text().strip():
            return int(marker.read_text().split()[0])
        time.sleep(0.1)
    raise TimeoutError("chromium did not open its DevTools port")


@contextmanager
def chromium_page() -> Iterator[Page]:
    """A fresh headless browser with one blank page; skips the test when there is none."""
    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium (apt-get install -y chromium, or set CCRP_TEST_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="ccrp-chromium-") as folder:
        profile = Path(folder)
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            try:
                port = _devtools_port(profile, process)
            except (RuntimeError, TimeoutError) as exc:
                pytest.skip(f"Chromium could not be started: {exc}")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                targets = json.loads(r.read())
            page_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            page = Page(page_url)
            try:
                yield page
            finally:
                page.ws.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
