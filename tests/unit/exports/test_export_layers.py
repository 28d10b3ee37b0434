"""Exports take domain objects only: importing them pulls in neither SQLite nor Textual."""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json, sys
import aims_tui.exports
pulled = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "sqlite3", "_sqlite3", "sqlite_utils")
                or m.startswith("aims_tui.store") or m.startswith("aims_tui.tui"))
print(json.dumps(pulled))
"""


def test_exports_import_no_storage_or_ui():
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
