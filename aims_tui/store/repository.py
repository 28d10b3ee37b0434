"""The repository: maps rows to domain models, commits every change at once, audits every change.

Every write runs in a ``BEGIN IMMEDIATE`` transaction (so two processes never interleave inside
one change) and appends to the hash-chained history in the same transaction. WAL journal with
``synchronous=FULL``: an acknowledged change survives a killed process and a power cut.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, TypeVar

from aims_tui import open_files
from aims_tui.open_files import SQLITE_MAGIC
from aims_tui.store.audit import GENESIS, VerifyReport, canonical, entry_hash, verify_chain
from aims_tui.store.errors import StoreError
from aims_tui.store.schema import SCHEMA_VERSION, TABLES, migrate

if TYPE_CHECKING:
    from pydantic import BaseModel

    from aims_tui.domain.models import (
        Action,
        AISystem,
        Answer,
        Assessment,
        Engagement,
        EvidenceRef,
        Finding,
        Interviewee,
        Risk,
        RiskMatrix,
        Settings,
        SoAOverride,
    )


class _LazyModels:
    """``aims_tui.domain.models``, imported on first use. Opening a file and listing its
    assessments (the home list) need no pydantic, whose import costs ~100 ms at start-up."""

    def __getattr__(self, name: str) -> Any:
        from aims_tui.domain import models as module

        value = getattr(module, name)
        setattr(self, name, value)
        return value


models: Any = _LazyModels()

M = TypeVar("M", bound="BaseModel")
BUSY_TIMEOUT_MS = 10_000


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
class AssessmentSummary:
    """One line of the home list."""

    id: str
    org: str
    kind: str
    date: str
    archived: bool
    answered: int
    updated_at: str
    created_at: str
    scope: str


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


_TABLE_WORDS = {
    "assessments": ("assessment", "assessments"), "settings": ("set of risk settings", "sets of risk settings"),
    "systems": ("AI system", "AI systems"), "interviewees": ("interviewee", "interviewees"),
    "answers": ("answer", "answers"), "note_drafts": ("note draft", "note drafts"),
    "evidence": ("evidence reference", "evidence references"), "findings": ("finding", "findings"),
    "risks": ("risk", "risks"), "risk_controls": ("risk-control link", "risk-control links"),
    "actions": ("action", "actions"), "soa_entries": ("SoA entry", "SoA entries"),
}


def _count(n: int, table: str) -> str:
    """``1 answer``, ``3 SoA entries``: what an import did, in words."""
    one, many = _TABLE_WORDS.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


@dataclass
class ImportReport:
    assessment_id: str
    org: str
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    history_imported: int = 0

    def lines(self) -> list[str]:
        out = [f"merged assessment {self.assessment_id} ({self.org})"]
        for tbl, n in sorted(self.inserted.items()):
            out.append(f"  added {_count(n, tbl)}")
        for tbl, n in sorted(self.updated.items()):
            out.append(f"  updated {_count(n, tbl)}")
        same = f"{self.unchanged} row{'s' if self.unchanged != 1 else ''} already identical"
        trail = (f"{self.history_imported} audit-trail entr{'ies' if self.history_imported != 1 else 'y'} from the "
                 "bundle appended to this file's trail" if self.history_imported
                 else "the bundle's audit trail was already in this file")
        out.append(f"  {same}; {trail}")
        if self.conflicts:
            n = len(self.conflicts)
            out.append(f"  {n} conflict{'' if n == 1 else 's'} (newer answer kept):")
            out.extend(f"    {c}" for c in self.conflicts)
        return out


def _check_file(path: Path) -> None:
    """Refuse files that are not SQLite or are visibly truncated, before SQLite touches them."""
    try:
        size = path.stat().st_size
        if size == 0:
            return
        with path.open("rb") as fh:
            header = fh.read(100)
    except PermissionError:
        raise StoreError(f"{path}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path}: not an aims database (not an SQLite file); check the --db path")
    if len(header) < 100:
        raise StoreError(f"{path}: the file is truncated (only {size} bytes); restore it from a copy")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and size < page_size * pages:
        raise StoreError(
            f"{path}: the file is truncated ({size} bytes, expected {page_size * pages}); restore it from a copy"
        )


def _friendly(path: Path, exc: sqlite3.Error) -> StoreError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: the database is locked by another program; close it and try again")
    if "malformed" in msg or "not a database" in msg or "disk image" in msg:
        return StoreError(f"{path}: the database file is damaged ({msg}); restore it from a copy")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the database is read-only; copy it to a folder you can write to")
    if "unable to open" in msg:
        return StoreError(f"{path}: cannot open the database file; check that the folder exists and is writable")
    return StoreError(f"{path}: database error: {msg}")


class Store:
    """One database file. Not thread-safe: use one Store per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path, actor: str):
        self.conn = conn
        self.path = path
        self.actor = actor
        self.created = False
        """True when this open created the file (a new, empty database)."""
        self._depth = 0
        self._file_id: tuple[int, int] | None = None

    # -- opening --------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, actor: str | None = None) -> "Store":
        """Open (creating if missing) a database file; raise StoreError with one line otherwise."""
        path = Path(path).expanduser()
        if path.is_dir():
            raise StoreError(f"{path}: is a folder; give a database file path such as {path / 'client.db'}")
        existed = path.exists()
        if existed and not open_files.is_open_database(path):  # open here: checked, and opening it would unlock it
            _check_file(path)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create the folder ({exc.strerror or exc})") from None
            if not os.access(path.parent, os.W_OK):
                raise StoreError(f"{path.parent}: no permission to write here; choose another --db location")
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise _friendly(path, exc) from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: written by a newer aims-tui (schema {version}, this one knows {SCHEMA_VERSION}); "
                    "upgrade aims-tui to open it"
                )
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
                    migrate(store.conn)
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise _friendly(path, exc) from None
        # Only once it is usable: a failed open must not leave the file marked open (see open_files).
        store._file_id = open_files.register(path)
        return store

    def close(self) -> None:
        self.conn.close()
        fid, self._file_id = self._file_id, None
        open_files.unregister(fid)

    def __enter__(self) -> "Store":
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
        except sqlite3.Error as exc:
            raise _friendly(self.path, exc) from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _friendly(self.path, exc) from None

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
        ts = ts or models.utcnow().isoformat()
        actor = self.actor if actor is None else actor
        digest = entry_hash(prev, seq, ts, actor, assessment_id, tbl, key, op, old, new)
        self.conn.execute(
            "INSERT INTO history (seq, ts, actor, assessment_id, tbl, key, op, old, new, prev, hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (seq, ts, actor, assessment_id, tbl, key, op, old, new, prev, digest),
        )
        return digest

    def _write(self, tbl: str, assessment_id: str | None, row: dict[str, Any] | None,
               key: dict[str, Any] | None = None) -> str:
        """Insert, replace or (row=None) delete one row and audit it. Returns the operation."""
        spec = TABLES[tbl]
        key = key or {c: row[c] for c in spec.pk}  # type: ignore[index]
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
                op = "insert" if old is None else "update"
            self._append_history(
                assessment_id, tbl, canonical(list(key.values())), op,
                None if old is None else canonical(old), None if row is None else canonical(row),
            )
            return op

    # -- row <-> model ---------------------------------------------------------------------------

    @staticmethod
    def _to_row(tbl: str, model: BaseModel, exclude: set[str] = frozenset()) -> dict[str, Any]:
        spec = TABLES[tbl]
        data = model.model_dump(mode="json", exclude=set(exclude))
        for col in spec.json_columns:
            if col in data:
                data[col] = None if data[col] is None else canonical(data[col])
        for col in spec.bool_columns:
            if col in data and data[col] is not None:
                data[col] = int(data[col])
        return data

    @staticmethod
    def _from_row(tbl: str, cls: type[M], row: dict[str, Any], **extra: Any) -> M:
        spec = TABLES[tbl]
        data = dict(row)
        for col in spec.json_columns:
            if data.get(col) is not None:
                data[col] = json.loads(data[col])
        for col in spec.bool_columns:
            if data.get(col) is not None:
                data[col] = bool(data[col])
        data = {k: v for k, v in data.items() if v is not None or k in cls.model_fields}
        data.update(extra)
        return cls.model_validate(data)

    def _select(self, tbl: str, where: str, params: tuple, order: str | None = None) -> list[dict]:
        sql = f"SELECT * FROM [{tbl}] WHERE {where}" + (f" ORDER BY {order}" if order else "")
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur]

    # -- assessments -----------------------------------------------------------------------------

    def create_assessment(self, org: str, scope: str = "", *, assessors: list[str] | None = None,
                          date_: date | None = None, kind: str = "gap", baseline_id: str | None = None,
                          matrix: RiskMatrix, assessment_id: str | None = None) -> Assessment:
        if baseline_id is not None:
            baseline_id = self.resolve_id(baseline_id)
        assessment = models.Assessment(
            id=assessment_id or new_id(10), org=org, scope=scope, assessors=assessors or [],
            date=date_ or date.today(), kind=kind, baseline_id=baseline_id,
        )
        with self._tx():
            self._write("assessments", assessment.id, self._to_row("assessments", assessment))
            self._write("settings", assessment.id,
                        self._to_row("settings", models.Settings(assessment_id=assessment.id, matrix=matrix)))
        return assessment

    def resolve_id(self, given: str) -> str:
        """An assessment id, or a unique prefix of one."""
        rows = self.conn.execute(
            "SELECT id FROM assessments WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 3",
            (given, given.replace("%", "\\%").replace("_", "\\_") + "%"),
        ).fetchall()
        ids = {r[0] for r in rows}
        if given in ids:
            return given
        if len(ids) == 1:
            return ids.pop()
        if not ids:
            raise StoreError(f"no assessment with id {given!r} in {self.path}; run 'aims list' to see the ids")
        raise StoreError(f"assessment id {given!r} is ambiguous in {self.path}; type more of it")

    def assessment(self, assessment_id: str) -> Assessment:
        row = self._row("assessments", {"id": assessment_id})
        if row is None:
            raise StoreError(f"no assessment with id {assessment_id!r} in {self.path}")
        return self._from_row("assessments", models.Assessment, row)

    def update_assessment(self, assessment_id: str, **changes: Any) -> Assessment:
        current = self.assessment(assessment_id)
        updated = current.model_validate({**current.model_dump(), **changes, "updated_at": models.utcnow()})
        self._write("assessments", assessment_id, self._to_row("assessments", updated))
        return updated

    def archive_assessment(self, assessment_id: str, archived: bool = True) -> Assessment:
        return self.update_assessment(assessment_id, archived=archived)

    def list_assessments(self, include_archived: bool = True) -> list[AssessmentSummary]:
        sql = (
            "SELECT a.id, a.org, a.kind, a.date, a.archived, "
            "(SELECT count(*) FROM answers w WHERE w.assessment_id = a.id), a.updated_at, a.created_at, a.scope "
            "FROM assessments a " + ("" if include_archived else "WHERE a.archived = 0 ")
            + "ORDER BY a.created_at DESC, a.id"
        )
        try:
            return [AssessmentSummary(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8] or "")
                    for r in self.conn.execute(sql)]
        except sqlite3.Error as exc:
            raise _friendly(self.path, exc) from None

    def settings(self, assessment_id: str) -> Settings:
        row = self._row("settings", {"assessment_id": assessment_id})
        if row is None:
            raise StoreError(f"assessment {assessment_id!r} has no settings row; run 'aims verify'")
        return self._from_row("settings", models.Settings, row)

    def set_matrix(self, assessment_id: str, matrix: RiskMatrix) -> Settings:
        settings = models.Settings(assessment_id=assessment_id, matrix=matrix)
        self._write("settings", assessment_id, self._to_row("settings", settings))
        return settings

    def duplicate_as_follow_up(self, baseline_id: str, *, date_: date | None = None) -> Assessment:
        """A new follow-up assessment that starts from the baseline's scope, systems and risks;
        answers start empty, so the follow-up measures progress."""
        base = self.assessment(baseline_id)
        with self._tx():
            new = self.create_assessment(base.org, base.scope, assessors=base.assessors, date_=date_,
                                         kind="follow-up", baseline_id=base.id,
                                         matrix=self.settings(base.id).matrix)
            system_map = {}
            for system in self.systems(base.id):
                copy = self.add_system(new.id, **system.model_dump(exclude={"id", "assessment_id"}))
                system_map[system.id] = copy.id
            for risk in self.risks(base.id):
                data = risk.model_dump(exclude={"id", "assessment_id", "ref", "created_at", "updated_at"})
                data["system_id"] = system_map.get(risk.system_id) if risk.system_id else None
                self.add_risk(new.id, **data)
        return new

    # -- answers ---------------------------------------------------------------------------------

    def answer(self, assessment_id: str, question_id: str) -> Answer | None:
        row = self._row("answers", {"assessment_id": assessment_id, "question_id": question_id})
        return None if row is None else self._from_row("answers", models.Answer, row)

    def answers(self, assessment_id: str) -> dict[str, Answer]:
        return {
            r["question_id"]: self._from_row("answers", models.Answer, r)
            for r in self._select("answers", "assessment_id = ?", (assessment_id,))
        }

    def set_answer(self, assessment_id: str, question_id: str, **changes: Any) -> Answer:
        """Create or change an answer; only the given fields change. A new answer needs a status."""
        with self._tx():
            current = self.answer(assessment_id, question_id)
            if current is None:
                if "status" not in changes or changes["status"] is None:
                    raise ValueError("a new answer needs a status (met, partial, not-met, not-applicable)")
                draft = self.note_draft(assessment_id, question_id)
                if draft is not None:  # notes typed before the status move into the answer
                    changes.setdefault("notes", draft)
                    self._write("note_drafts", assessment_id, None,
                                {"assessment_id": assessment_id, "question_id": question_id})
                data = {"assessment_id": assessment_id, "question_id": question_id, **changes}
            else:
                data = {**current.model_dump(), **changes}
            data["updated_at"] = models.utcnow()
            data.setdefault("assessor", self.actor)
            if "assessor" not in changes:
                data["assessor"] = self.actor
            answer = models.Answer.model_validate(data)
            self._write("answers", assessment_id, self._to_row("answers", answer))
            for name in answer.interviewees:
                if self._row("interviewees", {"assessment_id": assessment_id, "name": name}) is None:
                    self.set_interviewee(assessment_id, name)
        return answer

    def clear_answer(self, assessment_id: str, question_id: str) -> None:
        """Back to unanswered. The notes are kept, as a note draft, so clearing a status never loses words."""
        with self._tx():
            current = self.answer(assessment_id, question_id)
            if current is None:
                return
            self._write("answers", assessment_id, None, {"assessment_id": assessment_id, "question_id": question_id})
            if current.notes:
                self.save_note_draft(assessment_id, question_id, current.notes)

    # -- notes typed before a status ---------------------------------------------------------------

    def save_note_draft(self, assessment_id: str, question_id: str, notes: str) -> None:
        """Keep notes typed on an unanswered question (empty notes remove the draft). On an answered
        question this simply updates the answer's notes."""
        with self._tx():
            if self.answer(assessment_id, question_id) is not None:
                self.set_answer(assessment_id, question_id, notes=notes)
                return
            key = {"assessment_id": assessment_id, "question_id": question_id}
            if notes:
                self._write("note_drafts", assessment_id,
                            {**key, "notes": notes, "updated_at": models.utcnow().isoformat()})
            else:
                self._write("note_drafts", assessment_id, None, key)

    def note_draft(self, assessment_id: str, question_id: str) -> str | None:
        row = self._row("note_drafts", {"assessment_id": assessment_id, "question_id": question_id})
        return None if row is None else row["notes"]

    def note_drafts(self, assessment_id: str) -> dict[str, str]:
        return {r["question_id"]: r["notes"] for r in self._select("note_drafts", "assessment_id = ?", (assessment_id,))}

    # -- interviewees ----------------------------------------------------------------------------

    def set_interviewee(self, assessment_id: str, name: str, role: str | None = None) -> Interviewee:
        current = self._row("interviewees", {"assessment_id": assessment_id, "name": name})
        person = models.Interviewee(assessment_id=assessment_id, name=name,
                             role=role if role is not None else (current or {}).get("role") or "")
        self._write("interviewees", assessment_id, self._to_row("interviewees", person))
        return person

    def interviewees(self, assessment_id: str) -> list[Interviewee]:
        return [self._from_row("interviewees", models.Interviewee, r)
                for r in self._select("interviewees", "assessment_id = ?", (assessment_id,), "name")]

    # -- generic entity helpers ------------------------------------------------------------------

    def _add(self, tbl: str, cls: type[M], assessment_id: str, **fields: Any) -> M:
        model = cls.model_validate({"id": new_id(), "assessment_id": assessment_id, **fields})
        with self._tx():
            self._write(tbl, assessment_id, self._to_row(tbl, model))
        return model

    def _get(self, tbl: str, cls: type[M], entity_id: str) -> M:
        row = self._row(tbl, {"id": entity_id})
        if row is None:
            raise StoreError(f"no {tbl[:-1] if tbl.endswith('s') else tbl} with id {entity_id!r}")
        return self._from_row(tbl, cls, row)

    def _update(self, tbl: str, cls: type[M], entity_id: str, **changes: Any) -> M:
        with self._tx():
            current = self._get(tbl, cls, entity_id)
            updated = cls.model_validate({**current.model_dump(), **changes})
            self._write(tbl, updated.assessment_id, self._to_row(tbl, updated))  # type: ignore[attr-defined]
        return updated

    def _delete(self, tbl: str, cls: type[M], entity_id: str) -> None:
        with self._tx():
            current = self._get(tbl, cls, entity_id)
            self._write(tbl, current.assessment_id, None, {"id": entity_id})  # type: ignore[attr-defined]

    def _list(self, tbl: str, cls: type[M], assessment_id: str, order: str = "rowid") -> list[M]:
        return [self._from_row(tbl, cls, r) for r in self._select(tbl, "assessment_id = ?", (assessment_id,), order)]

    # -- AI systems ------------------------------------------------------------------------------

    def add_system(self, assessment_id: str, **fields: Any) -> AISystem:
        return self._add("systems", models.AISystem, assessment_id, **fields)

    def update_system(self, system_id: str, **changes: Any) -> AISystem:
        return self._update("systems", models.AISystem, system_id, **changes)

    def delete_system(self, system_id: str) -> None:
        with self._tx():
            for row in self._select("risks", "system_id = ?", (system_id,)):
                self.update_risk(row["id"], system_id=None)
            self._delete("systems", models.AISystem, system_id)

    def systems(self, assessment_id: str) -> list[AISystem]:
        return self._list("systems", models.AISystem, assessment_id)

    def find_system(self, assessment_id: str, name: str) -> AISystem | None:
        rows = self._select("systems", "assessment_id = ? AND name = ?", (assessment_id, name))
        return self._from_row("systems", models.AISystem, rows[0]) if rows else None

    # -- evidence --------------------------------------------------------------------------------

    def add_evidence(self, assessment_id: str, *, title: str, file: Path | str | None = None, **fields: Any) -> EvidenceRef:
        """Record an evidence reference; with ``file``, its SHA-256 and size are recorded."""
        if file is not None:
            fields.update(_evidence_file(file))
            fields.setdefault("location", str(Path(file).expanduser()))
        return self._add("evidence", models.EvidenceRef, assessment_id, title=title, **fields)

    def update_evidence(self, evidence_id: str, *, file: Path | str | None = None,
                        **changes: Any) -> EvidenceRef:
        """Change an evidence reference; with ``file``, attach that file (its SHA-256 and size recorded)."""
        if file is not None:
            changes.update(_evidence_file(file))
        return self._update("evidence", models.EvidenceRef, evidence_id, **changes)

    def delete_evidence(self, evidence_id: str) -> None:
        self._delete("evidence", models.EvidenceRef, evidence_id)

    def evidence(self, assessment_id: str) -> list[EvidenceRef]:
        return self._list("evidence", models.EvidenceRef, assessment_id)

    # -- findings and actions --------------------------------------------------------------------

    def add_finding(self, assessment_id: str, **fields: Any) -> Finding:
        return self._add("findings", models.Finding, assessment_id, **fields)

    def update_finding(self, finding_id: str, **changes: Any) -> Finding:
        return self._update("findings", models.Finding, finding_id, **changes)

    def delete_finding(self, finding_id: str) -> None:
        self._delete("findings", models.Finding, finding_id)

    def findings(self, assessment_id: str) -> list[Finding]:
        return self._list("findings", models.Finding, assessment_id)

    def add_action(self, assessment_id: str, **fields: Any) -> Action:
        return self._add("actions", models.Action, assessment_id, **fields)

    def update_action(self, action_id: str, **changes: Any) -> Action:
        return self._update("actions", models.Action, action_id, **changes)

    def delete_action(self, action_id: str) -> None:
        self._delete("actions", models.Action, action_id)

    def actions(self, assessment_id: str) -> list[Action]:
        return self._list("actions", models.Action, assessment_id)

    # -- risks -----------------------------------------------------------------------------------

    def _risk_controls(self, risk_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT control_id FROM risk_controls WHERE risk_id = ? ORDER BY rowid", (risk_id,))]

    def _set_risk_controls(self, assessment_id: str, risk_id: str, controls: list[str]) -> None:
        have = self._risk_controls(risk_id)
        for control in have:
            if control not in controls:
                self._write("risk_controls", assessment_id, None, {"risk_id": risk_id, "control_id": control})
        for control in dict.fromkeys(controls):
            if control not in have:
                self._write("risk_controls", assessment_id, {"risk_id": risk_id, "control_id": control})

    def _next_risk_ref(self, assessment_id: str) -> str:
        refs = [r[0] for r in self.conn.execute("SELECT ref FROM risks WHERE assessment_id = ?", (assessment_id,))]
        numbers = [int(r[2:]) for r in refs if r.startswith("R-") and r[2:].isdigit()]
        return f"R-{max(numbers, default=0) + 1:03d}"

    def add_risk(self, assessment_id: str, **fields: Any) -> Risk:
        with self._tx():
            fields.setdefault("ref", self._next_risk_ref(assessment_id))
            risk = models.Risk.model_validate({"id": new_id(), "assessment_id": assessment_id, **fields})
            self._write("risks", assessment_id, self._to_row("risks", risk, exclude={"controls"}))
            self._set_risk_controls(assessment_id, risk.id, risk.controls)
        return risk

    def risk(self, risk_id: str) -> Risk:
        row = self._row("risks", {"id": risk_id})
        if row is None:
            raise StoreError(f"no risk with id {risk_id!r}")
        return self._from_row("risks", models.Risk, row, controls=self._risk_controls(risk_id))

    def update_risk(self, risk_id: str, **changes: Any) -> Risk:
        with self._tx():
            current = self.risk(risk_id)
            updated = models.Risk.model_validate({**current.model_dump(), **changes, "updated_at": models.utcnow()})
            self._write("risks", updated.assessment_id, self._to_row("risks", updated, exclude={"controls"}))
            self._set_risk_controls(updated.assessment_id, risk_id, updated.controls)
        return updated

    def delete_risk(self, risk_id: str) -> None:
        with self._tx():
            current = self.risk(risk_id)
            self._set_risk_controls(current.assessment_id, risk_id, [])
            for action in self._select("actions", "risk_id = ?", (risk_id,)):
                self.update_action(action["id"], risk_id=None)
            self._write("risks", current.assessment_id, None, {"id": risk_id})

    def risks(self, assessment_id: str) -> list[Risk]:
        links: dict[str, list[str]] = {}
        for risk_id, control in self.conn.execute(
            "SELECT rc.risk_id, rc.control_id FROM risk_controls rc JOIN risks r ON r.id = rc.risk_id "
            "WHERE r.assessment_id = ? ORDER BY rc.rowid", (assessment_id,)
        ):
            links.setdefault(risk_id, []).append(control)
        return [self._from_row("risks", models.Risk, r, controls=links.get(r["id"], []))
                for r in self._select("risks", "assessment_id = ?", (assessment_id,), "ref")]

    # -- SoA -------------------------------------------------------------------------------------

    def set_soa_override(self, assessment_id: str, control_id: str, **changes: Any) -> SoAOverride:
        """Record the assessor's edits to one SoA entry (None clears a field back to the draft)."""
        with self._tx():
            row = self._row("soa_entries", {"assessment_id": assessment_id, "control_id": control_id})
            current = (self._from_row("soa_entries", models.SoAOverride, row) if row
                       else models.SoAOverride(assessment_id=assessment_id, control_id=control_id))
            updated = models.SoAOverride.model_validate({**current.model_dump(), **changes})
            self._write("soa_entries", assessment_id, self._to_row("soa_entries", updated))
        return updated

    def soa_overrides(self, assessment_id: str) -> dict[str, SoAOverride]:
        return {r["control_id"]: self._from_row("soa_entries", models.SoAOverride, r)
                for r in self._select("soa_entries", "assessment_id = ?", (assessment_id,))}

    # -- the whole engagement --------------------------------------------------------------------

    def engagement(self, assessment_id: str) -> Engagement:
        """Everything in one assessment, read in one transaction (a consistent snapshot)."""
        self.conn.execute("BEGIN")
        try:
            return models.Engagement(
                assessment=self.assessment(assessment_id),
                settings=self.settings(assessment_id),
                systems=self.systems(assessment_id),
                answers=self.answers(assessment_id),
                interviewees=self.interviewees(assessment_id),
                evidence=self.evidence(assessment_id),
                findings=self.findings(assessment_id),
                actions=self.actions(assessment_id),
                risks=self.risks(assessment_id),
                soa_overrides=self.soa_overrides(assessment_id),
                audit_head=self.head_hash(),
            )
        except sqlite3.Error as exc:
            raise _friendly(self.path, exc) from None
        finally:
            self.conn.execute("COMMIT")

    # -- audit trail -----------------------------------------------------------------------------

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

    def verify(self) -> VerifyReport:
        """Recompute the hash chain, replay it against the tables, and re-hash evidence files."""
        try:
            report = verify_chain(self.conn)
            if self.conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                report.problems.insert(0, f"{self.path}: SQLite integrity check failed")
            for eid, aid, title, file_path, sha, size in self.conn.execute(
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
            raise _friendly(self.path, exc) from None

    # -- bundles (see store/bundle.py for the format) --------------------------------------------

    def export_bundle(self, assessment_id: str) -> dict[str, Any]:
        from aims_tui.store.bundle import export_bundle

        return export_bundle(self, assessment_id)

    def import_bundle(self, bundle: dict[str, Any], source: str = "bundle") -> ImportReport:
        from aims_tui.store.bundle import import_bundle

        return import_bundle(self, bundle, source)


def _evidence_file(file: Path | str) -> dict[str, Any]:
    """The evidence fields that record a local file: its resolved path, SHA-256 and size."""
    path = Path(file).expanduser()
    try:
        digest, size = file_digest(path)
    except open_files.OpenDatabaseError as exc:
        raise StoreError(exc.strerror) from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the evidence file ({exc.strerror or exc})") from None
    return {"file_path": str(path.resolve()), "sha256": digest, "size": size}


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

