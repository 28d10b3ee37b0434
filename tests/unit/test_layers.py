"""The domain core stays pure: importing every module of aims_tui.domain pulls in neither the TUI,
SQLite nor Word (STYLE: "Nothing below the TUI imports Textual; nothing but store/ touches SQL")."""

from __future__ import annotations

import json
import subprocess
import sys

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
