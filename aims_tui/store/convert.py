"""``aims encrypt`` / ``aims decrypt``: an engagement file written to a new file, encrypted or plain.

SQLCipher's ``sqlcipher_export`` copies every table, index and trigger into an attached database
keyed with the new passphrase (an empty key: plain); the copy is written under a temporary name
beside the new file, checked (it opens, ``integrity_check``, the whole audit trail), synced, then
linked into place in one step. The original is never changed or removed.
"""

from __future__ import annotations

import os
import uuid
from contextlib import suppress
from pathlib import Path

from aims_tui.store import cipher
from aims_tui.store.core import BUSY_TIMEOUT_MS
from aims_tui.store.errors import SQL_ERROR, StoreError
from aims_tui.store.opening import friendly


def convert(path: Path, out: Path, passphrase: str | None, new_passphrase: str | None) -> None:
    """Write ``path`` (encrypted with ``passphrase``, or plain when None) to the new file ``out``,
    encrypted with ``new_passphrase`` (plain when None): written to a temporary name beside ``out``,
    checked, then moved into place in one step; ``path`` is left as it is. Check ``path`` with
    ``Store.open`` first (whose file it is, migrations), and close that Store before calling this:
    a second connection closed in this process would drop the Store's locks (see open_files)."""
    dbapi2 = cipher.driver()
    if out.exists() or out.is_symlink():
        raise _exists(out)
    tmp = out.with_name(f".{out.name}.aims-{uuid.uuid4().hex[:8]}.tmp")
    try:
        if passphrase is None:
            conn = dbapi2.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = cipher.connect(path, str(path), passphrase, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), new_passphrase or ""))
            conn.execute("BEGIN IMMEDIATE")  # no other program writes while the copy is taken
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            entries = conn.execute("SELECT count(*) FROM main.history").fetchone()[0]
            conn.execute("SELECT sqlcipher_export('converted')")
            conn.execute(f"PRAGMA converted.user_version = {int(version)}")
            conn.execute("COMMIT")
            conn.execute("DETACH DATABASE converted")
        finally:
            conn.close()
        _check_copy(tmp, new_passphrase, entries)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        _move_into_place(tmp, out)
    except SQL_ERROR as exc:
        raise friendly(out, exc) from None
    except OSError as exc:
        raise StoreError(f"{out}: cannot write ({exc.strerror or exc}); nothing was written") from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _exists(out: Path) -> StoreError:
    return StoreError(f"{out}: already exists; give --out a new file name (nothing was written)")


def _check_copy(tmp: Path, passphrase: str | None, entries: int) -> None:
    """The converted copy opens with its passphrase, is intact and holds the whole audit trail."""
    dbapi2 = cipher.driver()
    conn = cipher.connect(tmp, str(tmp), passphrase) if passphrase else dbapi2.connect(str(tmp))
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = conn.execute("SELECT count(*) FROM history").fetchone()[0]
    finally:
        conn.close()
    if not ok or copied != entries:
        raise StoreError(f"{tmp}: the converted copy did not check out; nothing was written")


def _move_into_place(tmp: Path, out: Path) -> None:
    """``tmp`` becomes ``out`` in one step, never replacing a file created meanwhile."""
    try:
        os.link(tmp, out)  # fails if ``out`` appeared meanwhile
    except FileExistsError:
        raise _exists(out) from None
    except OSError:  # no hard links here (FAT on a USB stick): rename, having checked just before
        if out.exists():
            raise _exists(out) from None
        os.replace(tmp, out)
    with suppress(OSError):  # the new name made durable; not possible on every platform
        dir_fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
