"""``aims encrypt`` / ``aims decrypt``: an engagement file converted, encrypted or plain, in place or
to a new file.

SQLCipher's ``sqlcipher_export`` copies every table, index and trigger into an attached database
keyed with the new passphrase (an empty key: plain); the copy is written under a temporary name
beside its destination, checked (it opens, ``integrity_check``, the whole audit trail) and synced
before anything else happens. Then:

- to a new file (``--out``): linked into place in one step, never over an existing file; the
  original is left as it is (the user asked for a second file).
- in place: the original is locked for the whole conversion (refused if another program has it
  open), its ``-wal`` folded back in and a stale ``-shm`` removed while the lock is held, then the
  copy renamed over it in one step: the original's name never holds a half-written file, and the
  plain (or encrypted) original is not left behind under any name.

A conversion that fails half-way leaves the original as it was and no temporary file.
"""

from __future__ import annotations

import os
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any

from aims_tui.store import cipher
from aims_tui.store.core import BUSY_TIMEOUT_MS
from aims_tui.store.errors import SQL_ERROR, StoreError
from aims_tui.store.opening import friendly


def convert(path: Path, out: Path | None, passphrase: str | None, new_passphrase: str | None) -> None:
    """Write ``path`` (encrypted with ``passphrase``, or plain when None) encrypted with
    ``new_passphrase`` (plain when None) to the new file ``out``, leaving ``path`` as it is, or with
    ``out`` None over ``path`` itself. Check ``path`` with ``Store.open`` first (whose file it is,
    migrations), and close that Store before calling this: a second connection closed in this
    process would drop the Store's locks (see open_files)."""
    in_place = out is None
    target = path.resolve() if out is None else out  # through a symlink: the file it points to
    if not in_place and (target.exists() or target.is_symlink()):
        raise _exists(target)
    tmp = target.with_name(f".{target.name}.aims-{uuid.uuid4().hex[:8]}.tmp")
    conn: Any = None
    try:
        conn = _source(target if in_place else path, passphrase, in_place)
        entries = _export(conn, tmp, new_passphrase)
        if not in_place:
            conn.close()
            conn = None
        _check_copy(tmp, new_passphrase, entries)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if in_place:
            conn = _swap(conn, tmp, target)
        else:
            _move_into_place(tmp, target)
        _sync_folder(target)
    except SQL_ERROR as exc:
        if in_place and "locked" in str(exc):
            raise StoreError(f"{path}: in use by another program (an aims window?); close it and try again "
                             "(nothing was changed)") from None
        raise friendly(target, exc) from None
    except OSError as exc:
        raise StoreError(f"{target}: cannot write ({exc.strerror or exc}); nothing was changed") from None
    finally:
        if conn is not None:
            conn.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _source(path: Path, passphrase: str | None, exclusive: bool) -> Any:
    """A connection to the file being converted; ``exclusive``: one that keeps the file locked
    against every other connection until it is closed (it fails when another one has it open)."""
    kwargs: dict[str, Any] = dict(isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    if exclusive:
        kwargs["timeout"] = 0.5  # someone holds it open: say so at once, do not wait for them
    conn = (cipher.driver().connect(str(path), **kwargs) if passphrase is None
            else cipher.connect(path, str(path), passphrase, **kwargs))
    if exclusive:
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # the lock outlives the transaction below
        except BaseException:
            conn.close()
            raise
    return conn


def _export(conn: Any, tmp: Path, new_passphrase: str | None) -> int:
    """Copy the whole database into ``tmp`` (keyed with ``new_passphrase``, plain when None), with
    its schema version; return how many audit entries were copied."""
    conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), new_passphrase or ""))
    conn.execute("BEGIN EXCLUSIVE")  # no other program writes while the copy is taken
    version = conn.execute("PRAGMA main.user_version").fetchone()[0]
    entries = conn.execute("SELECT count(*) FROM main.history").fetchone()[0]
    conn.execute("SELECT sqlcipher_export('converted')")
    conn.execute(f"PRAGMA converted.user_version = {int(version)}")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE converted")
    return entries


def _swap(conn: Any, tmp: Path, path: Path) -> Any:
    """Rename ``tmp`` over ``path`` while ``conn`` holds it locked; return the connection still to
    close (None once closed). Its ``-wal`` is folded back in first (rollback journal, whose header
    SQLite zeroes while the lock is held, and deletes when the lock goes), so no journal of the old
    file is ever taken for the new one's."""
    conn.execute("PRAGMA journal_mode = DELETE")
    Path(f"{path}-shm").unlink(missing_ok=True)  # unused while locked exclusively; stale beside the new file
    try:
        os.replace(tmp, path)
    except PermissionError:  # Windows: an open file cannot be replaced; release it, then rename
        conn.close()
        os.replace(tmp, path)
        return None
    return conn


def _sync_folder(target: Path) -> None:
    """The new name made durable; not possible on every platform."""
    with suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


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
