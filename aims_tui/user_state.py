"""What the app remembers between runs that is no part of an engagement: for each engagement file
(by its resolved path), the folder its last export went to.

One small JSON file in ``locations.state_dir()``, on this machine only: never in the engagement
file, never sent anywhere. Remembering is a convenience: a missing, unreadable or corrupt state file
is read as empty, and one that cannot be written is left as it was, silently.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from aims_tui import locations

STATE_FILE = "state.json"


def _path() -> Path:
    return locations.state_dir() / STATE_FILE


def _key(db_path: Path) -> str:
    return str(Path(db_path).expanduser().resolve())


def _read() -> dict[str, Any]:
    try:
        state = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def export_folder(db_path: Path) -> Path | None:
    """The folder the last export of ``db_path`` went to, if it is still a folder."""
    folders = _read().get("export_folders")
    folder = folders.get(_key(db_path)) if isinstance(folders, dict) else None
    if not isinstance(folder, str) or not folder:
        return None
    try:
        return Path(folder) if Path(folder).is_dir() else None
    except (OSError, ValueError):  # a name the file system refuses
        return None


def remember_export_folder(db_path: Path, folder: Path) -> None:
    """Remember ``folder`` as where ``db_path``'s exports go (written whole, or not at all)."""
    state = _read()
    folders = state.get("export_folders")
    if not isinstance(folders, dict):
        folders = state["export_folders"] = {}
    folders[_key(db_path)] = str(Path(folder).resolve())
    target = _path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, prefix=".state-",
                                         suffix=".tmp", delete=False) as handle:
            json.dump(state, handle, indent=1, ensure_ascii=False)
        os.replace(handle.name, target)
    except OSError:
        try:
            Path(handle.name).unlink(missing_ok=True)
        except (OSError, NameError):  # nothing was created
            pass
