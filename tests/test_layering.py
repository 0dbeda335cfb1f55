"""The library packages never import the wiring package ``ccrp``.

``ingest``, ``enrich``, ``classify``, ``sinks`` and ``schemas`` are usable on their own
(the stage functions, the store, the collectors); ``ccrp`` wires them together. Every
module of the libraries is parsed, and each import, static or through ``importlib``, is
checked; then the libraries are imported in a fresh interpreter, which must not have
loaded ``ccrp`` by the end.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

LIBRARIES = ("ingest", "enrich", "classify", "sinks", "schemas")
DYNAMIC = {"import_module", "__import__"}


def _is_wiring(name: str | None) -> bool:
    return name is not None and (name == "ccrp" or name.startswith("ccrp."))


def _wiring_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_wiring(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_wiring(node.module):
            found.append(str(node.module))
        elif isinstance(node, ast.Call) and node.args:
            func, first = node.func, node.args[0]
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            target = str(first.value) if isinstance(first, ast.Constant) else None
            if name in DYNAMIC and _is_wiring(target):
                found.append(str(target))
    return found


def _modules(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", LIBRARIES)
def test_no_library_module_imports_the_wiring(package: str) -> None:
    modules = _modules(package)
    assert modules
    offending = {
        str(path.relative_to(PROJECT_ROOT)): names
        for path in modules
        if (names := _wiring_imports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offending == {}


def test_the_check_sees_every_form_of_import() -> None:
    forms = (
        "import ccrp",
        "import ccrp.settings as s",
        "from ccrp.app import build_app",
        "from ccrp import cli",
        "importlib.import_module('ccrp.runtime')",
        "__import__('ccrp')",
    )
    for source in forms:
        assert _wiring_imports(ast.parse(source)), source
    harmless = ("import ccrp_tools", "from . import ccrp", "from schemas import ccrp_types")
    for source in harmless:
        assert not _wiring_imports(ast.parse(source)), source


def test_importing_the_libraries_loads_no_wiring() -> None:
    names = [
        ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in LIBRARIES
        for path in _modules(package)
        if "migrations" not in path.parts  # Alembic scripts, run by Alembic only
    ]
    program = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'ccrp' or m.startswith('ccrp.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
