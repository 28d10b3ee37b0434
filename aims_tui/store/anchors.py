"""Anchors: the audit chain's head, recorded outside the database file.

The hash chain shows an entry edited in place, but someone who edits an entry and re-hashes every
entry after it leaves a chain that checks. So each time a Store closes (every CLI command, the end
of a TUI session) and each time a bundle is exported, the head it saw — ``(seq, hash)`` — is
appended to ``<data dir>/anchors/<sha256 of the file's path>.jsonl`` unless already there.
Legitimate work only ever *adds* entries, so every head ever recorded must still be in the chain
with the same hash; ``aims verify`` checks that and names the first entry that differs.

Limits (docs/STORAGE.md): anchors live on the computer that wrote them, under the user's own data
directory, and a person who edits the anchors too is not detected by them — only by the heads in
the reports and bundles already delivered. Recording is best effort: a read-only data directory
never stops the app.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

MAX_ANCHOR_BYTES = 4 << 20
"""An anchor file is read only up to this size (about 20,000 sessions of one engagement file)."""


def _file_for(db_path: Path) -> Path:
    from aims_tui.locations import data_dir

    key = hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return data_dir() / "anchors" / f"{key}.jsonl"


def recorded(db_path: Path) -> list[dict]:
    """The heads recorded for this path, oldest first (unreadable lines are skipped)."""
    path = _file_for(db_path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_ANCHOR_BYTES)
    except OSError:
        return []
    out = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and type(item.get("seq")) is int and isinstance(item.get("hash"), str):
            out.append(item)
    return out


def record(db_path: Path, seq: int, head: str, first: str) -> None:
    """Append the head ``(seq, head)`` for this path, unless it is the last one recorded."""
    if not seq:
        return
    path = _file_for(db_path)
    try:
        previous = recorded(db_path)
        if previous and previous[-1].get("seq") == seq and previous[-1].get("hash") == head:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"seq": seq, "hash": head, "first": first, "path": str(db_path),
                           "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}) + "\n"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)
    except OSError:
        pass  # best effort: see the module docstring
