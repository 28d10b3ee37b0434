"""The store's core: opening a file, transactions, and the audited write every change goes through.

Every write runs in a ``BEGIN IMMEDIATE`` transaction (so two processes never interleave inside
one change) and appends to the hash-chained history in the same transaction. WAL journal with
``synchronous=FULL``: an acknowledged change survives a killed process and a power cut. Which files
may be opened at all is decided in ``store/opening.py``; rows <-> models in ``store/rows.py``; the
entities (assessments, answers, risks, ...) in ``store/repository.py``.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from aims_tui import open_files
from aims_tui.store import anchors, cipher
from aims_tui.store.audit import GENESIS, canonical, entry_hash
from aims_tui.store.errors import SQL_ERROR, SQL_OPERATIONAL_ERROR, StoreError
from aims_tui.store.opening import check_path, friendly, is_plain
from aims_tui.store.schema import SCHEMA_VERSION, TABLES, migrate

BUSY_TIMEOUT_MS = 10_000
_OPEN_KEYS: dict[tuple[int, int], str] = {}
"""The passphrase of each encrypted file a Store in this process holds open, by (device, inode), in
memory only: a second Store on it (a worker thread's) opens without asking again."""
S = TypeVar("S", bound="StoreCore")


def open_key(path: Path) -> str | None:
    """The passphrase of ``path`` when a Store in this process holds it open encrypted."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _OPEN_KEYS.get((st.st_dev, st.st_ino))


def remember_key(file_id: tuple[int, int] | None, passphrase: str) -> None:
    """Keep an open encrypted file's passphrase (in memory) until its last Store closes."""
    if file_id is not None:
        _OPEN_KEYS[file_id] = passphrase


def open_checked(path: Path, target: str, passphrase: str | None,
                 setup: Callable[[sqlite3.Connection, int, bool], S], **kwargs: Any) -> S:
    """What every open of an engagement file shares (``StoreCore.open``, ``open_read_only``): the
    file checked before SQLite is pointed at it (``store/opening.py``; a file open in this process
    is not read again, and its passphrase is known), a plain or keyed connection to ``target`` (a
    path or a URI), a newer schema refused, then ``setup(conn, user_version, existed)`` builds the
    Store. Any failure closes the connection and is one line (StoreError); only a usable Store is
    registered as open (see open_files) with its passphrase kept in memory."""
    kwargs = dict(isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, **kwargs)
    try:
        if open_files.is_open_database(path):  # checked already, and reading it would unlock it
            existed, known = True, open_key(path)
            encrypted, passphrase = known is not None, passphrase or known  # its header cannot be read
        else:
            existed = check_path(path, passphrase)
            encrypted = passphrase is not None and not is_plain(path)
        conn = (cipher.connect(path, target, passphrase, **kwargs) if encrypted  # type: ignore[arg-type]
                else sqlite3.connect(target, **kwargs))
    except SQL_ERROR as exc:
        raise friendly(path, exc) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: written by a newer aims-tui (schema {version}, this one knows "
                             f"{SCHEMA_VERSION}); upgrade aims-tui to open it")
        store = setup(conn, version, existed)
        store.encrypted = encrypted
        store._passphrase = passphrase if encrypted else None
    except StoreError:
        conn.close()
        raise
    except SQL_ERROR as exc:
        conn.close()
        raise friendly(path, exc) from None
    store._file_id = open_files.register(path)
    if encrypted:
        remember_key(store._file_id, passphrase)  # type: ignore[arg-type]
    return store


def new_id(length: int = 12) -> str:
    return uuid.uuid4().hex[:length]


def default_actor() -> str:
    env = os.environ.get("AIMS_ASSESSOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    ts: str
    actor: str
    assessment_id: str | None
    table: str
    key: str
    op: str
    old: dict | None
    new: dict | None
    hash: str


class StoreCore:
    """One database file: opening, transactions, the audited write and the raw trail. Not
    thread-safe: use one Store per thread."""

    read_only = False
    """True when opened by ``open_read_only`` (``aims --read-only``): every write is refused."""

    def __init__(self, conn: sqlite3.Connection, path: Path, actor: str):
        self.conn = conn
        self.path = path
        self.actor = actor
        self.created = False
        """True when this open created the file (a new, empty database)."""
        self.encrypted = False
        """True when the file is encrypted (SQLCipher)."""
        self._passphrase: str | None = None  # in memory only, for reopen(); never written anywhere
        self._depth = 0
        self.last_write: tuple[int, int] | None = None
        """The audit trail's sequence numbers around the last write transaction: (the head before it,
        the head after it); None if it changed nothing. A window that knew the head before its own
        write knows, without another query, whether anyone else wrote meanwhile (``change_count``)."""
        self._file_id: tuple[int, int] | None = None
        self._columns: dict[str, dict[str, str]] = {}

    # -- opening --------------------------------------------------------------------------------

    @classmethod
    def open(cls: type[S], path: Path | str, actor: str | None = None, passphrase: str | None = None) -> S:
        """Open (creating if missing) a database file; raise StoreError with one line otherwise.
        With ``passphrase`` an encrypted file opens, and a missing or empty file is created encrypted
        (a plain file opens as plain: it needs no passphrase)."""
        path = Path(path).expanduser()

        def setup(conn: sqlite3.Connection, version: int, existed: bool) -> S:
            if existed and version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{path}: an SQLite file, but not an aims database; check the --db path")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            store = cls(conn, path, actor or default_actor())
            store.created = not existed
            if version < SCHEMA_VERSION:
                with store._tx():
                    migrate(store.conn, store._audit_migrated_rows)
            return store

        return open_checked(path, str(path), passphrase, setup)

    def reopen(self: S, actor: str | None = None) -> S:
        """Another Store on this file (its own connection, e.g. for a worker thread), opened with
        the passphrase this one was given: the user is asked once per session."""
        return type(self).open(self.path, actor or self.actor, passphrase=self._passphrase)

    def close(self) -> None:
        self.anchor()
        self.conn.close()
        fid, self._file_id = self._file_id, None
        open_files.unregister(fid)
        if fid is not None and not open_files.is_open_database(self.path):
            _OPEN_KEYS.pop(fid, None)

    def __enter__(self: S) -> S:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- transactions and the audited write -----------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except SQL_ERROR as exc:
            raise friendly(self.path, exc) from None
        self._depth = 1
        self.last_write = None
        try:
            yield
        except SQL_OPERATIONAL_ERROR as exc:  # disk full, locked, I/O: one line that says what to do
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise friendly(self.path, exc) from None
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except SQL_ERROR as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise friendly(self.path, exc) from None

    def transaction(self):
        """Group several changes into one commit (used by imports and the demo)."""
        return self._tx()

    def _row(self, tbl: str, key: dict[str, Any]) -> dict[str, Any] | None:
        where = " AND ".join(f"[{c}] = ?" for c in key)
        cur = self.conn.execute(f"SELECT * FROM [{tbl}] WHERE {where}", tuple(key.values()))
        values = cur.fetchone()
        if values is None:
            return None
        return dict(zip([d[0] for d in cur.description], values))

    def _append_history(self, assessment_id: str | None, tbl: str, key: str, op: str,
                        old: str | None, new: str | None, ts: str | None = None, actor: str | None = None) -> str:
        last = self.conn.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        self.last_write = (self.last_write[0] if self.last_write else seq - 1, seq)
        ts = ts or datetime.now(timezone.utc).isoformat()
        actor = self.actor if actor is None else actor
        digest = entry_hash(prev, seq, ts, actor, assessment_id, tbl, key, op, old, new)
        self.conn.execute(
            "INSERT INTO history (seq, ts, actor, assessment_id, tbl, key, op, old, new, prev, hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (seq, ts, actor, assessment_id, tbl, key, op, old, new, prev, digest),
        )
        return digest

    def _audit_migrated_rows(self, migration: str, before: dict[str, list[dict]]) -> None:
        """An ``update`` entry for every row a schema migration changed (columns added), so the trail
        still replays to exactly what the tables hold. Runs inside the migration's transaction."""
        actor = f"aims-tui schema migration {migration}"
        for tbl, rows in before.items():
            for old in rows:
                new = self._row(tbl, {"id": old["id"]})
                if new is not None and new != old:
                    self._append_history(old.get("assessment_id"), tbl, canonical([old["id"]]), "update",
                                         canonical(old), canonical(new), actor=actor)

    def columns(self, tbl: str) -> dict[str, str]:
        """The columns of one of our tables as this file declares them (name -> ``TEXT``/``INTEGER``),
        read from the schema, never from data."""
        if tbl not in TABLES:
            raise StoreError(f"{tbl}: not a table of an aims engagement file")
        cached = self._columns.get(tbl)
        if cached is None:
            cached = {r[1]: (r[2] or "").upper() for r in self.conn.execute(
                "SELECT * FROM pragma_table_info(?)", (tbl,))}
            self._columns[tbl] = cached
        return cached

    def _write(self, tbl: str, assessment_id: str | None, row: dict[str, Any] | None,
               key: dict[str, Any] | None = None, merge: bool = False) -> str:
        """Insert, replace or (row=None) delete one row and audit it. Returns the operation.
        ``merge``: the row comes from a bundle; audited as ``merge`` (its change time is the
        bundle's, recorded by the ``imported`` entries, not this write's)."""
        spec = TABLES[tbl]
        key = key or {c: row[c] for c in spec.pk}  # type: ignore[index]
        known = self.columns(tbl)
        stray = [c for c in (row or key) if c not in known]
        if stray:  # column names go into SQL: only the schema's own ever may
            raise StoreError(f"{tbl}: no column {stray[0]!r} in this file's schema")
        with self._tx():
            old = self._row(tbl, key)
            if row is None:
                if old is None:
                    return "none"
                self.conn.execute(
                    f"DELETE FROM [{tbl}] WHERE " + " AND ".join(f"[{c}] = ?" for c in key), tuple(key.values())
                )
                op = "delete"
            else:
                if old is not None:
                    row = {**old, **row}
                    if row == old:
                        return "none"
                cols = list(row)
                self.conn.execute(
                    f"INSERT OR REPLACE INTO [{tbl}] ({', '.join(f'[{c}]' for c in cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)})",
                    tuple(row.values()),
                )
                # Read back exactly what SQLite stored (column order, affinity) for the trail.
                row = self._row(tbl, key)
                op = "merge" if merge else "insert" if old is None else "update"
            self._append_history(
                assessment_id, tbl, canonical(list(key.values())), op,
                None if old is None else canonical(old), None if row is None else canonical(row),
            )
            return op

    def _select(self, tbl: str, where: str, params: tuple, order: str | None = None) -> list[dict]:
        sql = f"SELECT * FROM [{tbl}] WHERE {where}" + (f" ORDER BY {order}" if order else "")
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur]

    # -- audit trail -----------------------------------------------------------------------------

    def anchor(self) -> None:
        """Record the chain's head outside the file (store/anchors.py), for ``verify``."""
        try:
            last = self.conn.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
            first = self.conn.execute("SELECT hash FROM history ORDER BY seq LIMIT 1").fetchone()
        except SQL_ERROR:  # closed already, or unreadable: nothing to record
            return
        if last is not None:
            anchors.record(self.path, last[0], last[1], first[0])

    def change_count(self) -> int:
        """Grows with every change committed to this file, by any window or process: poll it to
        know when a view must be read again."""
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM history").fetchone()[0]

    def head_hash(self) -> str:
        row = self.conn.execute("SELECT hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else GENESIS

    def history(self, assessment_id: str | None = None, *, table: str | None = None,
                key: str | None = None, limit: int | None = None) -> list[HistoryEntry]:
        """Audit entries, newest first."""
        clauses, params = [], []
        if assessment_id is not None:
            clauses.append("assessment_id = ?")
            params.append(assessment_id)
        if table is not None:
            clauses.append("tbl = ?")
            params.append(table)
        if key is not None:
            clauses.append("key = ?")
            params.append(key)
        sql = ("SELECT seq, ts, actor, assessment_id, tbl, key, op, old, new, hash FROM history"
               + (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY seq DESC"
               + (f" LIMIT {int(limit)}" if limit else ""))
        return [HistoryEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                             json.loads(r[7]) if r[7] else None, json.loads(r[8]) if r[8] else None, r[9])
                for r in self.conn.execute(sql, params)]

    def answer_history(self, assessment_id: str, question_id: str) -> list[HistoryEntry]:
        return self.history(assessment_id, table="answers", key=canonical([assessment_id, question_id]))

    # -- raw rows and trail entries, for bundles (see store/bundle.py) ---------------------------

    def row(self, tbl: str, key: dict[str, Any]) -> dict[str, Any] | None:
        """One row exactly as stored, or None."""
        return self._row(tbl, key)

    def rows(self, tbl: str, assessment_id: str) -> list[dict[str, Any]]:
        """One assessment's rows of a table exactly as stored, in the order they were added."""
        if tbl == "assessments":
            return self._select(tbl, "id = ?", (assessment_id,))
        if tbl == "risk_controls":
            return self._select(tbl, "risk_id IN (SELECT id FROM risks WHERE assessment_id = ?)",
                                (assessment_id,), "rowid")
        if tbl == "interviews":  # an audit's interview schedule
            return self._select(tbl, "audit_id IN (SELECT id FROM audits WHERE assessment_id = ?)",
                                (assessment_id,), "rowid")
        if tbl == "programmes":  # the programme the assessment's audit is in (programmes belong to the file)
            return self._select(tbl, "id IN (SELECT programme_id FROM audits WHERE assessment_id = ?)",
                                (assessment_id,), "rowid")
        return self._select(tbl, "assessment_id = ?", (assessment_id,), "rowid")

    def write_row(self, tbl: str, assessment_id: str, row: dict[str, Any], *, merge: bool = False) -> str:
        """Insert or replace one row as stored, audited; only this file's own columns are accepted."""
        return self._write(tbl, assessment_id, row, merge=merge)

    def trail(self, assessment_id: str) -> list[tuple]:
        """The assessment's audit entries, oldest first, as stored:
        ``(seq, ts, actor, tbl, key, op, old, new, prev, hash)``."""
        return self.conn.execute(
            "SELECT seq, ts, actor, tbl, key, op, old, new, prev, hash FROM history "
            "WHERE assessment_id = ? ORDER BY seq", (assessment_id,)).fetchall()

    def append_imported(self, assessment_id: str, entry: dict[str, Any]) -> None:
        """Append another file's change to this trail as an ``imported`` entry that carries it."""
        self._append_history(assessment_id, entry["table"], entry["key"], "imported", None, canonical(entry))
