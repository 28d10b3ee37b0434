"""Opening a database file read-only (``aims --read-only``): for an auditor who must not change a
client's file. Nothing is written: not the file, not its -wal or -shm.

SQLite's ``mode=ro`` alone is not enough: a read-only connection to a WAL database still creates
the -wal and -shm files, and cannot remove them on close. So a file that was closed cleanly (no
-wal beside it) is opened ``immutable``: SQLite reads it as it is, takes no locks and creates
nothing. A file with a -wal beside it is in use by another program (or was not closed cleanly) and
its latest changes live in that -wal: it is opened ``mode=ro``, which reads them (SQLite may update
the shared-memory -shm index, which is never part of the data).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from aims_tui import open_files
from aims_tui.store import cipher
from aims_tui.store.errors import SQL_ERROR, StoreError
from aims_tui.store.core import BUSY_TIMEOUT_MS, default_actor, open_key, remember_key
from aims_tui.store.opening import check_path, friendly, is_plain
from aims_tui.store.repository import Store
from aims_tui.store.schema import SCHEMA_VERSION


class ReadOnlyStore(Store):
    """A Store whose every write is refused with one line, before SQLite is asked."""

    read_only = True

    @contextmanager
    def _tx(self) -> Iterator[None]:
        raise StoreError(f"{self.path}: opened read-only (aims --read-only); nothing can be changed in this "
                         "session: open it without --read-only (or a copy of it) to make changes")
        yield  # pragma: no cover  (a generator, for contextmanager)


def open_read_only(path: Path | str, actor: str | None = None, passphrase: str | None = None) -> ReadOnlyStore:
    """Open an existing aims database without writing anything; StoreError with one line otherwise.
    ``passphrase`` opens an encrypted file."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a database file path such as {path / 'client.db'}")
    if not path.is_file():
        raise StoreError(f"{path}: no such file; --read-only opens an existing database (check the --db path)")
    if open_files.is_open_database(path):  # reading it would unlock it (see open_files)
        known = open_key(path)  # its header cannot be read: what the open Store knows
        encrypted, passphrase = known is not None, passphrase or known
    else:
        check_path(path, passphrase)  # a device, a foreign or damaged file: refused before SQLite opens it
        encrypted = passphrase is not None and not is_plain(path)
    if path.stat().st_size == 0:
        raise StoreError(f"{path}: an empty file, not an aims database; check the --db path")
    in_use = Path(f"{path}-wal").exists()
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if in_use else "&immutable=1")
    kwargs = dict(uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn = (cipher.connect(path, uri, passphrase, **kwargs) if encrypted  # type: ignore[arg-type]
                else sqlite3.connect(uri, **kwargs))  # type: ignore[arg-type]
    except SQL_ERROR as exc:
        raise friendly(path, exc) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: written by a newer aims-tui (schema {version}, this one knows "
                             f"{SCHEMA_VERSION}); upgrade aims-tui to open it")
        if version == 0:
            raise StoreError(f"{path}: an SQLite file, but not an aims database; check the --db path")
        if version < SCHEMA_VERSION:
            raise StoreError(f"{path}: written by an older aims-tui (schema {version}, this one uses "
                             f"{SCHEMA_VERSION}) and --read-only cannot upgrade it; open a copy of it instead")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
    except StoreError:
        conn.close()
        raise
    except SQL_ERROR as exc:
        conn.close()
        raise friendly(path, exc) from None
    store = ReadOnlyStore(conn, path, actor or default_actor())
    store.encrypted = encrypted
    store._file_id = open_files.register(path)
    if encrypted:
        remember_key(store._file_id, passphrase)  # type: ignore[arg-type]
    return store
