"""``aims verify``: the audit chain, its recorded heads, the schema's guards, SQLite's own check,
and evidence files. What it can and cannot detect: docs/STORAGE.md ("What verify detects").
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from aims_tui import open_files
from aims_tui.store import anchors
from aims_tui.store.audit import REPLAYED_OPS, VerifyReport, canonical, verify_chain
from aims_tui.store.errors import SQL_ERROR
from aims_tui.store.opening import friendly
from aims_tui.store.schema import HISTORY_GUARDS

if TYPE_CHECKING:
    from aims_tui.store.core import StoreCore

MAX_EVIDENCE_BYTES = 1 << 30
"""The largest evidence file attached (1 GiB): hashing is bounded, whatever a path points at."""


def verify_store(store: StoreCore) -> VerifyReport:
    try:
        report = verify_chain(store.conn)
        if store.conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            report.problems.insert(0, f"{store.path}: SQLite integrity check failed")
        _check_guards(store.conn, report)
        _check_anchors(store, report)
        _check_evidence(store.conn, report)
        return report
    except SQL_ERROR as exc:
        raise friendly(store.path, exc) from None


def _check_guards(conn: sqlite3.Connection, report: VerifyReport) -> None:
    """The triggers that make the trail append-only must exist exactly as created."""
    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    for name, sql in HISTORY_GUARDS.items():
        if name not in found:
            report.problems.append(f"the audit trail's guard {name} is missing: it was dropped outside the app, "
                                   "and the trail could then be edited")
        elif " ".join(found[name].split()) != sql:
            report.problems.append(f"the audit trail's guard {name} was changed outside the app")


def _check_anchors(store: StoreCore, report: VerifyReport) -> None:
    """Every head recorded when this file was closed or exported must still be in the chain."""
    chain = dict(store.conn.execute("SELECT seq, hash FROM history").fetchall())
    first = chain.get(min(chain)) if chain else None
    for anchor in anchors.recorded(store.path):
        seq, digest, when = anchor["seq"], anchor["hash"], anchor.get("at", "?")
        if anchor.get("first") not in (None, first):
            report.problems.append(f"the audit trail does not start as it did at {when} (recorded for "
                                   f"{store.path}): it was rewritten from its first entry, or the file was replaced")
            return
        if seq not in chain:
            report.problems.append(f"history entry {seq} is missing: the trail had it at {when}; entries were "
                                   "removed from its end")
            return
        if chain[seq] != digest:
            report.problems.append(f"history entry {seq} is not the one recorded at {when}: the trail was edited "
                                   "and re-hashed from that entry or before")
            return


def _check_evidence(conn: sqlite3.Connection, report: VerifyReport) -> None:
    for eid, title, file_path, sha, size in conn.execute(
        "SELECT id, title, file_path, sha256, size FROM evidence WHERE file_path IS NOT NULL"
    ).fetchall():
        label = f"evidence {eid} ({title!r})"
        if not _attached_here(conn, eid):  # its path names a file on another computer
            report.notes.append(f"{label}: attached on another computer ({file_path}); not read here — "
                                "attach the file again to check it")
            continue
        path = Path(file_path)
        if not os.path.lexists(path):
            report.evidence_problems.append(f"{label}: file {path} has vanished")
            continue
        try:
            digest, now_size = file_digest(path, limit=size if isinstance(size, int) else MAX_EVIDENCE_BYTES)
        except FileTooLarge:
            report.evidence_problems.append(f"{label}: file {path} changed since it was attached (it grew "
                                            f"beyond {size} bytes)")
            continue
        except OSError as exc:
            report.evidence_problems.append(f"{label}: cannot read {path} ({exc.strerror or exc})")
            continue
        if digest != sha or now_size != size:
            report.evidence_problems.append(
                f"{label}: file {path} changed since it was attached (size {size} → {now_size})"
            )


def _attached_here(conn: sqlite3.Connection, evidence_id: str) -> bool:
    """Whether the evidence's current file (path and hash) was attached in this file, not taken from
    a bundle: the last change to either was made here, whatever else changed since."""
    here = True
    for op, old, new in conn.execute(
        "SELECT op, old, new FROM history WHERE tbl = 'evidence' AND key = ? AND op IN (%s) ORDER BY seq"
        % ",".join("?" * len(REPLAYED_OPS)), (canonical([evidence_id]), *REPLAYED_OPS)
    ):
        before, after = (json.loads(old) if old else {}), (json.loads(new) if new else {})
        if (before.get("file_path"), before.get("sha256")) != (after.get("file_path"), after.get("sha256")):
            here = op != "merge"
    return here


class FileTooLarge(OSError):
    """A file larger than the bound it is read to."""


def file_digest(path: Path, limit: int = MAX_EVIDENCE_BYTES) -> tuple[str, int]:
    """SHA-256 and size of a regular file of at most ``limit`` bytes. A folder, device, pipe or socket
    is refused without reading it (opened non-blocking, so a pipe cannot stall us)."""
    open_files.refuse_open_database(path, "an evidence file",  # reading it would unlock it
                                    "attach a copy of it, if that is what you meant")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, device or pipe)")
        if st.st_size > limit:
            raise FileTooLarge(errno.EFBIG, f"larger than {limit} bytes")
        h = hashlib.sha256()
        size = 0
        while chunk := fh.read(min(1 << 20, limit + 1 - size)):
            h.update(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(errno.EFBIG, f"larger than {limit} bytes")
    return h.hexdigest(), size
