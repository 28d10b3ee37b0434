"""The layers of docs/CONTRACT.md §5 hold: the import-linter contracts in pyproject.toml (checked here
with import-linter itself), and at run time the domain core pulls in neither the TUI, SQLite nor Word."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "sqlite3", "_sqlite3", "sqlite_utils", "docx")

_PROBE = """
import importlib, json, pkgutil, sys
import aims_tui.domain as domain
modules = sorted(m.name for m in pkgutil.walk_packages(domain.__path__, "aims_tui.domain."))
for name in modules:
    importlib.import_module(name)
forbidden = %r
pulled = sorted(m for m in sys.modules if m.split(".")[0] in forbidden)
print(json.dumps({"modules": modules, "pulled": pulled}))
"""


def test_domain_imports_no_ui_storage_or_word_library():
    # A fresh interpreter: other tests have already imported textual and sqlite3 into this one.
    out = subprocess.run([sys.executable, "-c", _PROBE % (FORBIDDEN,)], capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    assert {"aims_tui.domain.models", "aims_tui.domain.content", "aims_tui.domain.risk",
            "aims_tui.domain.scoring", "aims_tui.domain.soa"} <= set(report["modules"])
    assert report["pulled"] == [], f"the domain core imported {report['pulled']}"


def _lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    """lint-imports in a fresh interpreter on this checkout (no cache: a stale graph hides imports)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--no-cache", "--no-logo", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def test_the_import_contract_covers_what_the_contract_document_says():
    contracts = _contracts()
    assert set(contracts) == {"pure-domain", "no-tui-below", "no-cycles"}
    assert {"aims_tui.store", "aims_tui.exports", "aims_tui.tui", "textual", "sqlite3", "sqlite_utils",
            "docx"} <= set(contracts["pure-domain"]["forbidden_modules"])
    assert set(contracts["no-tui-below"]["source_modules"]) == {"aims_tui.store", "aims_tui.exports"}
    assert contracts["no-cycles"]["type"] == "acyclic_siblings" and contracts["no-cycles"]["ancestors"] == ["aims_tui"]
    assert "ignore_imports" not in contracts["no-cycles"]


def test_domain_store_and_exports_keep_their_layers():
    result = _lint_imports("pyproject.toml", "--contract", "pure-domain", "--contract", "no-tui-below")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_no_import_cycles_at_all():
    result = _lint_imports("pyproject.toml", "--contract", "no-cycles")
    assert result.returncode == 0, result.stdout + result.stderr
