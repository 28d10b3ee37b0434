"""``aims verify``: the audit chain, the schema's guards, SQLite's own check, and evidence files.

What it can and cannot detect is written down in docs/STORAGE.md ("What verify detects").
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from aims_tui import open_files
from aims_tui.store.audit import VerifyReport, verify_chain
from aims_tui.store.opening import friendly

if TYPE_CHECKING:
    from aims_tui.store.core import StoreCore


def verify_store(store: StoreCore) -> VerifyReport:
    try:
        report = verify_chain(store.conn)
        if store.conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            report.problems.insert(0, f"{store.path}: SQLite integrity check failed")
        for eid, aid, title, file_path, sha, size in store.conn.execute(
            "SELECT id, assessment_id, title, file_path, sha256, size FROM evidence WHERE file_path IS NOT NULL"
        ):
            path = Path(file_path)
            if not path.exists():
                report.evidence_problems.append(f"evidence {eid} ({title!r}): file {path} has vanished")
                continue
            try:
                digest, now_size = file_digest(path)
            except OSError as exc:
                report.evidence_problems.append(f"evidence {eid} ({title!r}): cannot read {path} ({exc})")
                continue
            if digest != sha or now_size != size:
                report.evidence_problems.append(
                    f"evidence {eid} ({title!r}): file {path} changed since it was attached "
                    f"(size {size} → {now_size})"
                )
        return report
    except sqlite3.Error as exc:
        raise friendly(store.path, exc) from None



def file_digest(path: Path) -> tuple[str, int]:
    open_files.refuse_open_database(path, "an evidence file",  # reading it would unlock it
                                    "attach a copy of it, if that is what you meant")
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size

