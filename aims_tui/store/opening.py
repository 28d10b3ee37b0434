"""Deciding whether a path may be opened as an engagement file, before anything is written to it.

A file is refused only for a reason a person can act on, and a refused file is left exactly as it
was, with its ``-wal``/``-shm``/``-journal`` files: SQLite is never pointed at it for writing.

- Not a regular file (a folder, a device such as ``/dev/null``, a named pipe, a socket): refused by
  name from ``stat`` alone; nothing is opened, so a pipe cannot block and no journal is created.
- No SQLite magic: not a database, unless it is a whole number of pages (an SQLCipher file encrypts
  its header too): then a passphrase is needed, and with one the file is checked like a plain one
  through a keyed connection (``store/cipher.py``); a wrong one is "wrong passphrase or not an aims
  file", the file untouched. Fewer bytes than the header's page count says, with no journal
  beside it: truncated. With a ``-wal`` or ``-journal`` beside it the page count proves nothing (a
  kill -9 during the checkpoint at close leaves exactly that, and SQLite recovers it from the WAL),
  so it is left to SQLite.
- Whose file it is: read from the schema without writing. Without a journal beside it, through an
  ``immutable`` read-only connection (no locks, no files created); with one, from a copy of the file
  and its journal in a temporary folder, where SQLite may recover freely. Ours means the
  ``_migrations`` table lists this code's migrations in order and ``history`` exists; a newer
  aims-tui's file lists ours first and more after; anything else, whatever its ``user_version``, is
  another program's database.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import tempfile
from pathlib import Path

from aims_tui.open_files import SQLITE_MAGIC
from aims_tui.store import cipher
from aims_tui.store.errors import SQL_ERROR, PassphraseNeeded, StoreError, WrongPassphrase
from aims_tui.store.schema import MIGRATIONS, SCHEMA_VERSION

JOURNALS = ("-wal", "-journal")
_KINDS = ((stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"))


def friendly(path: Path, exc: Exception) -> StoreError:
    """An SQLite or file-system error as one line that says what to do."""
    msg = str(exc)
    if "disk is full" in msg or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) \
            or getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
        return StoreError(f"{path}: disk full: free space on {path.parent} and try again")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: the database is locked by another program; close it and try again")
    if "malformed" in msg or "not a database" in msg or "disk image" in msg:
        return StoreError(f"{path}: the database file is damaged ({msg}); restore it from a copy")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the database is read-only; copy it to a folder you can write to")
    if "unable to open" in msg:
        return StoreError(f"{path}: cannot open the database file; check that the folder exists and is writable")
    return StoreError(f"{path}: database error: {msg}")


def check_path(path: Path, passphrase: str | None = None) -> bool:
    """Refuse what cannot be an engagement file, writing nothing; return whether the file exists.
    A missing file's folder is created (it will be a new, empty engagement file). ``passphrase``
    opens an encrypted file (a plain one needs none and ignores it)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if st is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise friendly(path, exc) from None
            raise StoreError(f"{path.parent}: cannot create the folder ({exc.strerror or exc})") from None
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"{path.parent}: no permission to write here; choose another --db location")
        return False
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path}: is a folder; give a database file path such as {path / 'client.db'}")
    for test, kind in _KINDS:
        if test(st.st_mode):
            raise StoreError(f"{path}: is {kind}, not a database file; give a file path such as client.db")
    _check_file(path, st.st_size, passphrase)
    return True


def is_plain(path: Path) -> bool:
    """Whether ``path`` holds a plain (unencrypted) SQLite file; False for a missing or empty one.
    Never ask this of a database open in this process (see open_files)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _journals(path: Path) -> list[Path]:
    out = []
    for suffix in JOURNALS:
        side = path.with_name(path.name + suffix)
        try:
            if side.stat().st_size > 0:
                out.append(side)
        except OSError:
            pass
    return out


def _check_file(path: Path, size: int, passphrase: str | None) -> None:
    if size == 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except PermissionError:
        raise StoreError(f"{path}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not header.startswith(SQLITE_MAGIC):
        if size % 512:  # SQLCipher writes whole pages: this is no database, encrypted or not
            raise StoreError(f"{path}: not an aims database (not an SQLite file); check the --db path")
        if passphrase is None:
            raise PassphraseNeeded(f"{path}: encrypted or not an aims file: give the passphrase ($AIMS_PASSPHRASE)")
        _check_owner(path, _journals(path), passphrase)  # its header is encrypted: no page count to check
        return
    if len(header) < 100:
        raise StoreError(f"{path}: the file is truncated (only {size} bytes); restore it from a copy")
    journals = _journals(path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and size < page_size * pages and not journals:
        raise StoreError(
            f"{path}: the file is truncated ({size} bytes, expected {page_size * pages}); restore it from a copy"
        )
    _check_owner(path, journals)


def _check_owner(path: Path, journals: list[Path], passphrase: str | None = None) -> None:
    """Whose database this is, read without writing to it or its journals."""
    if not journals:
        uri = path.resolve().as_uri() + "?immutable=1"
        try:
            version, tables, applied = _schema(path, uri, passphrase)
        except WrongPassphrase:
            raise
        except StoreError:  # read while another process was writing: once more before calling it damaged
            version, tables, applied = _schema(path, uri, passphrase)
    else:
        # A copy, so that SQLite may recover it. Copied while another process writes, the copy can
        # catch a checkpoint half-way: one more try before calling the file damaged.
        for attempt in (1, 2):
            with tempfile.TemporaryDirectory(prefix="aims-check-") as tmp:
                target = Path(tmp) / path.name
                try:
                    shutil.copyfile(path, target)
                    for side in journals:
                        shutil.copyfile(side, Path(tmp) / side.name)
                except OSError as exc:
                    raise StoreError(f"{path}: cannot check the file: copying it to {tmp} failed "
                                     f"({exc.strerror or exc}); free space there and try again") from None
                try:
                    version, tables, applied = _schema(path, target.as_uri(), passphrase)
                    break
                except StoreError as exc:
                    if attempt == 2 or isinstance(exc, WrongPassphrase):
                        raise
    if version == 0 and not tables:
        return  # an empty SQLite file: it becomes an engagement file
    ours = [m.__name__ for m in MIGRATIONS]
    if "history" in tables and applied and version == len(applied):
        if version > SCHEMA_VERSION and applied[:SCHEMA_VERSION] == ours:
            raise StoreError(
                f"{path}: written by a newer aims-tui (schema {version}, this one knows {SCHEMA_VERSION}); "
                "upgrade aims-tui to open it"
            )
        if applied == ours[:version]:
            return
    raise StoreError(f"{path}: not an aims engagement file (an SQLite database of another program); "
                     "check the --db path")


def _schema(path: Path, uri: str, passphrase: str | None = None) -> tuple[int, set[str], list[str]]:
    """``user_version``, table names and applied migrations, read through ``uri`` (keyed with
    ``passphrase`` for an encrypted file)."""
    try:
        if passphrase is None:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            conn = cipher.connect(path, uri, passphrase, uri=True, isolation_level=None)
    except SQL_ERROR as exc:
        raise friendly(path, exc) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = ([r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
                   if "_migrations" in tables else [])
    except SQL_ERROR as exc:
        raise friendly(path, exc) from None
    finally:
        conn.close()
    return version, tables, applied
