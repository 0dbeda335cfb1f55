"""Shared fixtures: the real Toronto data beside the project, skipped when absent."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("CCRP_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def shared_path(relative: str) -> Path:
    """Path of a file under the shared data folder; skips the test when it is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"shared data file {relative} is absent (expected beside the project)")
    return path


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("the shared Toronto data folder is absent (expected beside the project)")
    return SHARED_DATA


def closed_port_url() -> str:
    """A CKAN URL on a loopback port nothing listens on: every request is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/3/action/package_show?id=neighbourhoods"
