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

from aims_tui.store.core import BUSY_TIMEOUT_MS, default_actor, open_checked
from aims_tui.store.errors import StoreError
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
    if path.stat().st_size == 0:
        raise StoreError(f"{path}: an empty file, not an aims database; check the --db path")
    in_use = Path(f"{path}-wal").exists()
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if in_use else "&immutable=1")

    def setup(conn: sqlite3.Connection, version: int, existed: bool) -> ReadOnlyStore:
        if version == 0:
            raise StoreError(f"{path}: an SQLite file, but not an aims database; check the --db path")
        if version < SCHEMA_VERSION:
            raise StoreError(f"{path}: written by an older aims-tui (schema {version}, this one uses "
                             f"{SCHEMA_VERSION}) and --read-only cannot upgrade it; open a copy of it instead")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        return ReadOnlyStore(conn, path, actor or default_actor())

    return open_checked(path, uri, passphrase, setup, uri=True)
