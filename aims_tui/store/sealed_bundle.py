"""Encrypted bundles (``aims export bundle ID --encrypt``), for the USB stick between sites.

The bundle's JSON, exactly as a plain bundle holds it, is stored in the one table of an
SQLCipher file (``aims_bundle``: the format name and the JSON text), encrypted with a passphrase:
nothing of the assessment is readable in the file. Import opens it read-only (``immutable``: nothing
written beside it) with the passphrase and hands the JSON to the usual bundle checks.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from aims_tui.open_files import SQLITE_MAGIC, OpenDatabaseError, refuse_open_database
from aims_tui.store import cipher
from aims_tui.store.errors import SQL_ERROR, StoreError, WrongPassphrase

FORMAT = "aims-tui encrypted bundle 1"
EXTENSION = "aimsbundle"


def is_sealed(path: Path) -> bool:
    """Whether ``path`` looks like an encrypted bundle (whole pages, no SQLite or JSON header);
    a plain JSON bundle, a missing file or anything else is left to the usual bundle reader."""
    try:
        refuse_open_database(path, "a bundle", "give the file written by 'aims export bundle'")
        if not path.is_file() or path.stat().st_size == 0 or path.stat().st_size % 512:
            return False
        with path.open("rb") as fh:
            head = fh.read(16)
    except (OpenDatabaseError, OSError):
        return False
    return not head.startswith(SQLITE_MAGIC) and not head.lstrip().startswith(b"{")


def write_sealed(bundle: dict[str, Any], out: Path, passphrase: str) -> Path:
    """Write ``bundle`` encrypted to ``out`` (replacing it, as a named export does): a temporary
    name beside it first, renamed into place once complete."""
    dbapi2 = cipher.driver()
    tmp = out.with_name(f".{out.name}.aims-{uuid.uuid4().hex[:8]}.tmp")
    try:
        conn = dbapi2.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(cipher.key_pragma(passphrase))
            conn.execute("CREATE TABLE aims_bundle (format TEXT NOT NULL, json TEXT NOT NULL)")
            conn.execute("INSERT INTO aims_bundle VALUES (?, ?)",
                         (FORMAT, json.dumps(bundle, ensure_ascii=False, sort_keys=True)))
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except SQL_ERROR as exc:
        raise StoreError(f"{out}: cannot write the encrypted bundle ({exc})") from None
    except OSError as exc:
        raise StoreError(f"{out}: cannot write the encrypted bundle ({exc.strerror or exc})") from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    return out


def read_sealed(path: Path, passphrase: str) -> dict[str, Any]:
    """The bundle inside an encrypted bundle file; one line naming the file otherwise."""
    try:
        conn = cipher.connect(path, path.resolve().as_uri() + "?immutable=1", passphrase, uri=True)
    except WrongPassphrase:
        raise WrongPassphrase(f"{path}: wrong passphrase or not an aims bundle") from None
    except SQL_ERROR as exc:
        raise StoreError(f"{path}: cannot read the encrypted bundle ({exc})") from None
    try:
        row = conn.execute("SELECT format, json FROM aims_bundle").fetchone()
    except SQL_ERROR:
        row = None
    finally:
        conn.close()
    if row is None or row[0] != FORMAT:
        raise StoreError(f"{path}: an encrypted file, but not an aims bundle; give the file written by "
                         "'aims export bundle --encrypt'")
    try:
        return json.loads(row[1])
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{path}: not a usable bundle ({' '.join(str(exc).split())[:120]})") from None
