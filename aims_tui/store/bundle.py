"""JSON bundles of one assessment: backup, hand-over, and merging several assessors' work.

Format and threat model: ``docs/BUNDLE.md``. A bundle comes from other hands, so it is data to be
checked, never trusted: before anything is written, every field of every row is checked against
this file's schema (known tables and columns, column types, value ranges), the domain models and the
loaded questionnaires (known question and control ids); every row must belong to the bundle's one
assessment; its audit history must chain and no time in it may lie after the bundle's own export
time. The first bad field is named (``tables.answers[3].status``) and nothing is written.

Merging: a row missing here is added; a row that differs is replaced when the bundle's last *change*
to it (its time in the audit history, wherever that change was made) is newer than this file's, and
every differing row is listed with both values. Changes travel with their own time: an import writes
its rows as ``merge`` entries and appends each of the bundle's changes once, as an ``imported`` entry
that carries it, so an old change relayed through a second file never beats a newer one.

Uses only the Store's public methods (``_Store`` below): this module is the store's client, not part
of its internals, and the repository imports it only lazily, so there is no import circle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ContextManager, Protocol

from pydantic import ValidationError

from aims_tui.domain.models import (
    Action,
    AISystem,
    Answer,
    Assessment,
    EvidenceRef,
    Finding,
    Interviewee,
    Risk,
    Settings,
    SoAOverride,
    utcnow,
)
from aims_tui.open_files import OpenDatabaseError, refuse_open_database
from aims_tui.store.audit import CHANGE_OPS, GENESIS, canonical, entry_hash, entry_id
from aims_tui.store.errors import StoreError
from aims_tui.store.import_report import ImportReport
from aims_tui.store.rows import from_row
from aims_tui.store.schema import SCHEMA_VERSION, TABLES

BUNDLE_FORMAT = "aims-tui bundle"
BUNDLE_VERSION = 2
"""2: ``history`` is the bundle's own hash chain (seq 1.., prev from GENESIS), ``history_head`` its
last hash. 1 (still read): the source file's entries with their original hashes."""
SUPPORTED_VERSIONS = (1, 2)

# Parent tables before children, for foreign keys.
ORDER = ("assessments", "settings", "systems", "interviewees", "answers", "note_drafts", "evidence", "findings",
         "risks", "risk_controls", "actions", "soa_entries")
MODELS = {"assessments": Assessment, "settings": Settings, "systems": AISystem, "interviewees": Interviewee,
          "answers": Answer, "evidence": EvidenceRef, "findings": Finding, "actions": Action,
          "risks": Risk, "soa_entries": SoAOverride}
TOP_FIELDS = frozenset({"format", "version", "schema", "exported_at", "exported_by", "source_head",
                        "assessment_id", "tables", "history", "history_head"})
ENTRY_FIELDS = ("seq", "ts", "actor", "table", "key", "op", "old", "new", "prev", "hash")
CHANGE_FIELDS = ("ts", "actor", "table", "key", "op", "old", "new")
ID_TABLES = frozenset(t for t, spec in TABLES.items() if spec.pk == ("id",) and t != "assessments")
QUESTION_COLUMNS = {"answers", "note_drafts", "evidence", "findings", "actions"}
CONTROL_COLUMNS = {"evidence", "actions", "soa_entries", "risk_controls"}
TIME_COLUMNS = ("updated_at", "created_at")
MAX_TEXT = 10_000_000
"""Characters in one field: ten times the longest note the app is tested with."""
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1
CLOCK_SKEW = timedelta(minutes=10)
"""How far two assessors' clocks may differ: a time later than that is refused as from the future."""


class _Store(Protocol):
    """The Store's public methods this module uses (see store/repository.py)."""

    actor: str

    def assessment(self, assessment_id: str) -> Any: ...
    def columns(self, tbl: str) -> dict[str, str]: ...
    def row(self, tbl: str, key: dict[str, Any]) -> dict[str, Any] | None: ...
    def rows(self, tbl: str, assessment_id: str) -> list[dict[str, Any]]: ...
    def write_row(self, tbl: str, assessment_id: str, row: dict[str, Any], *, merge: bool = False) -> str: ...
    def next_risk_ref(self, assessment_id: str) -> str: ...
    def trail(self, assessment_id: str) -> list[tuple]: ...
    def history(self, assessment_id: str | None = None, *, table: str | None = None,
                key: str | None = None, limit: int | None = None) -> list[Any]: ...
    def append_imported(self, assessment_id: str, entry: dict[str, Any]) -> None: ...
    def head_hash(self) -> str: ...
    def transaction(self) -> ContextManager[None]: ...


def read_bundle_file(path: Path) -> dict[str, Any]:
    """The parsed JSON of a bundle file; a one-line StoreError naming the file when it cannot be read.
    Whether it is a bundle at all is checked on import."""
    try:
        refuse_open_database(path, "a bundle",  # reading it would unlock it (see aims_tui/open_files.py)
                             "give the .json file written by Export or 'aims export bundle'")
        if path.exists() and not path.is_file() and not path.is_dir():
            raise StoreError(f"{path}: not a regular file (a device or pipe); give the path of a bundle .json file")
        text = path.read_text(encoding="utf-8")
    except OpenDatabaseError as exc:
        raise StoreError(exc.strerror) from None
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file; give the path of a bundle written by 'aims export bundle'") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder; give the path of a bundle .json file") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not a bundle (not a JSON text file); give the .json file written by Export "
                         "or 'aims export bundle'") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the bundle ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except (ValueError, RecursionError) as exc:  # a number too long to convert, nesting too deep
        raise StoreError(f"{path}: not a usable bundle ({' '.join(str(exc).split())[:120]})") from None


# -- export -----------------------------------------------------------------------------------------


def _unwrap(text: Any) -> dict[str, Any] | None:
    """The change an ``imported`` entry carries (older files wrapped imported entries again)."""
    for _ in range(64):
        try:
            inner = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            return None
        if not isinstance(inner, dict) or not all(f in inner for f in CHANGE_FIELDS):
            return None
        if inner["op"] != "imported":
            return {f: inner[f] for f in CHANGE_FIELDS}
        text = inner["new"]
    return None


def changes(store: _Store, assessment_id: str) -> list[dict[str, Any]]:
    """Every change to the assessment this file knows of, made here or imported, each once, oldest
    entry first. ``merge`` entries (this file taking a bundle's row) are not changes of their own."""
    out, seen = [], set()
    for _seq, ts, actor, tbl, key, op, old, new, _prev, _hash in store.trail(assessment_id):
        if op in CHANGE_OPS:
            change = dict(zip(CHANGE_FIELDS, (ts, actor, tbl, key, op, old, new)))
        elif op == "imported":
            change = _unwrap(new)
            if change is None:
                continue
        else:
            continue
        digest = entry_id(*(change[f] for f in CHANGE_FIELDS))
        if digest not in seen:
            seen.add(digest)
            out.append(change)
    return out


def export_bundle(store: _Store, assessment_id: str) -> dict[str, Any]:
    store.assessment(assessment_id)  # raises a clear error for an unknown id
    history, prev = [], GENESIS
    for seq, change in enumerate(changes(store, assessment_id), start=1):
        digest = entry_hash(prev, seq, change["ts"], change["actor"], assessment_id, change["table"],
                            change["key"], change["op"], change["old"], change["new"])
        history.append({"seq": seq, **change, "prev": prev, "hash": digest})
        prev = digest
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": utcnow().isoformat(),
        "exported_by": store.actor,
        "source_head": store.head_hash(),
        "assessment_id": assessment_id,
        "tables": {tbl: store.rows(tbl, assessment_id) for tbl in ORDER},
        "history": history,
        "history_head": prev,
    }


# -- checking a bundle from other hands -------------------------------------------------------------


def _shown(value: Any, limit: int = 60) -> str:
    """A value from the bundle, quoted with every control character escaped, shortened."""
    text = repr(value)
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Checker:
    """Checks one bundle, reading this file but writing nothing; raises StoreError at the first
    bad field."""

    def __init__(self, store: _Store, source: str, content: Any) -> None:
        self.store = store
        self.source = source
        self.questions = frozenset(q.id for q in content.questions) if content is not None else None
        self.controls = frozenset(content.structure.controls) if content is not None else None
        self.ids: dict[str, set[str]] = {t: set() for t in TABLES}

    def fail(self, where: str, message: str) -> None:
        raise StoreError(f"{self.source}: {where}: {message}")

    def time(self, value: Any, where: str) -> datetime:
        if isinstance(value, str):
            try:
                when = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if when.tzinfo is not None:
                    return when
        self.fail(where, f"{_shown(value)} is not a date and time with a time zone (ISO 8601)")
        raise AssertionError  # unreachable: fail raises

    def header(self, bundle: Any) -> tuple[int, str, datetime]:
        if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
            raise StoreError(f"{self.source}: not an aims-tui bundle (no \"format\": \"{BUNDLE_FORMAT}\"); "
                             "export one with 'aims export bundle ID'")
        version = bundle.get("version")
        if type(version) is int and version > BUNDLE_VERSION:
            raise StoreError(f"{self.source}: bundle version {version} is newer than this aims-tui understands "
                             f"({BUNDLE_VERSION}); upgrade aims-tui")
        if type(version) is not int or version not in SUPPORTED_VERSIONS:
            self.fail("version", f"{_shown(version)} is not a bundle version this aims-tui reads "
                                 f"({' or '.join(map(str, SUPPORTED_VERSIONS))})")
        stray = sorted(set(bundle) - TOP_FIELDS, key=str)
        if stray:
            self.fail(_shown(stray[0]), "not a field of a bundle; was this bundle edited by hand?")
        schema = bundle.get("schema", 1)
        if type(schema) is not int or schema < 1:
            self.fail("schema", f"{_shown(schema)} is not a schema version")
        exported_at = self.time(bundle.get("exported_at"), "exported_at")
        now = datetime.now(timezone.utc)
        if exported_at > now + CLOCK_SKEW:
            self.fail("exported_at", f"{bundle['exported_at']} is later than this computer's clock "
                                     f"({now:%Y-%m-%d %H:%M:%S} UTC); check both computers' clocks")
        tables = bundle.get("tables")
        if not isinstance(tables, dict) or not isinstance(tables.get("assessments"), list) \
                or len(tables["assessments"]) != 1 or not isinstance(tables["assessments"][0], dict):
            raise StoreError(f"{self.source}: tables.assessments must hold exactly one assessment")
        aid = bundle.get("assessment_id", tables["assessments"][0].get("id"))
        if not isinstance(aid, str) or not aid:
            self.fail("assessment_id", f"{_shown(aid)} is not an assessment id")
        for tbl, rows in tables.items():
            if tbl not in TABLES:
                self.fail(f"tables.{_shown(tbl)}", "unknown table; was this bundle edited by hand?")
            if not isinstance(rows, list):
                self.fail(f"tables.{tbl}", "expected a list of rows")
        return version, aid, exported_at

    def value(self, where: str, kind: str, value: Any) -> None:
        if value is None:
            return
        if kind == "INTEGER":
            if type(value) is not int:
                self.fail(where, f"{_shown(value)} is not a whole number")
            if not INT_MIN <= value <= INT_MAX:
                self.fail(where, f"{_shown(value, 30)} is out of range")
        elif kind == "TEXT":
            if not isinstance(value, str):
                self.fail(where, f"{_shown(value)} is not text")
            if len(value) > MAX_TEXT:
                self.fail(where, f"{len(value)} characters is more than the {MAX_TEXT} one field may hold")
        else:  # not a type this schema declares: refuse rather than guess
            self.fail(where, f"column of type {kind or 'none'} cannot be imported")

    def row(self, tbl: str, i: int, row: Any, aid: str, exported_at: datetime) -> None:
        where = f"tables.{tbl}[{i}]"
        if not isinstance(row, dict):
            self.fail(where, "expected an object with the row's fields")
        columns = self.store.columns(tbl)
        for name, value in row.items():
            if name not in columns:  # the name would reach SQL: only the schema's own names ever do
                self.fail(f"{where}.{_shown(name)}", "no such column in an aims engagement file; "
                                                     "was this bundle edited by hand?")
            self.value(f"{where}.{name}", columns[name], value)
        pk = TABLES[tbl].pk
        for col in pk:
            if not isinstance(row.get(col), str) or not row[col]:
                self.fail(f"{where}.{col}", "missing: every row needs its key")
        key = canonical([row[c] for c in pk])
        if key in self.ids[tbl]:
            self.fail(where, f"{tbl} {key} appears twice")
        self.ids[tbl].add(key)
        self.owner(tbl, row, aid, where)
        self.references(tbl, row, where)
        for col in TIME_COLUMNS:
            if row.get(col) is not None and self.time(row[col], f"{where}.{col}") > exported_at + CLOCK_SKEW:
                self.fail(f"{where}.{col}", f"{row[col]} is after the bundle's export time; refused")
        if tbl in MODELS:
            try:  # what the row would become, so that junk never reaches the file
                from_row(tbl, MODELS[tbl], row, **({"controls": []} if tbl == "risks" else {}))
            except (ValidationError, ValueError, TypeError) as exc:
                detail = exc.errors()[0] if isinstance(exc, ValidationError) else {"loc": (), "msg": str(exc)}
                field = ".".join(str(p) for p in detail["loc"]) or "row"
                self.fail(f"{where}.{field}", detail["msg"])

    def owner(self, tbl: str, row: dict[str, Any], aid: str, where: str) -> None:
        """Every row belongs to the bundle's one assessment; no row may take over another's."""
        if tbl == "assessments" and row["id"] != aid:
            self.fail(f"{where}.id", f"{_shown(row['id'])} is not the bundle's assessment ({aid})")
        if "assessment_id" in TABLES[tbl].pk or tbl in ID_TABLES:
            if row.get("assessment_id") != aid:
                self.fail(f"{where}.assessment_id", f"{_shown(row.get('assessment_id'))} is not the bundle's "
                                                    f"assessment ({aid}); a bundle carries one assessment only")
        if tbl in ID_TABLES:
            local = self.store.row(tbl, {"id": row["id"]})
            if local is not None and local.get("assessment_id") != aid:
                self.fail(f"{where}.id", f"{_shown(row['id'])} belongs to another assessment in this file")
        if tbl == "risk_controls" and canonical([row["risk_id"]]) not in self.ids["risks"]:
            self.fail(f"{where}.risk_id", f"{_shown(row['risk_id'])} is not a risk of this bundle")

    def references(self, tbl: str, row: dict[str, Any], where: str) -> None:
        if tbl in QUESTION_COLUMNS and self.questions is not None and row.get("question_id") is not None \
                and row["question_id"] not in self.questions:
            self.fail(f"{where}.question_id", f"{_shown(row['question_id'])} is not a question of the loaded "
                                              "questionnaires; add its questionnaire or remove the row")
        if tbl in CONTROL_COLUMNS and self.controls is not None and row.get("control_id") is not None \
                and row["control_id"] not in self.controls:
            self.fail(f"{where}.control_id", f"{_shown(row['control_id'])} is not an Annex A control")
        for col, parent in (("system_id", "systems"), ("risk_id", "risks")):
            if tbl in ("risks", "actions") and row.get(col) is not None \
                    and canonical([row[col]]) not in self.ids[parent]:
                self.fail(f"{where}.{col}", f"{_shown(row[col])} is not one of this bundle's {parent}")

    def history(self, history: Any, version: int, aid: str, exported_at: datetime,
                head: Any) -> list[dict[str, Any]]:
        """The bundle's changes, once its chain is recomputed and every entry checked."""
        if not isinstance(history, list):
            self.fail("history", "expected a list of entries")
        out, prev = [], GENESIS
        for i, entry in enumerate(history):
            where = f"history[{i}]"
            if not isinstance(entry, dict) or set(entry) != set(ENTRY_FIELDS):
                self.fail(where, f"expected exactly the fields {', '.join(ENTRY_FIELDS)}")
            if type(entry["seq"]) is not int or not all(isinstance(entry[f], str) for f in ("prev", "hash")):
                self.fail(where, "seq must be a whole number, prev and hash text")
            change = self.change({f: entry[f] for f in CHANGE_FIELDS}, where, aid, exported_at,
                                 ("imported",) if version == 1 else ())
            if entry_hash(entry["prev"], entry["seq"], entry["ts"], entry["actor"], aid, entry["table"],
                          entry["key"], entry["op"], entry["old"], entry["new"]) != entry["hash"]:
                self.fail(where, "its hash does not match its content: the entry was altered or forged")
            if version >= 2 and (entry["prev"] != prev or entry["seq"] != i + 1):
                self.fail(where, "does not follow the entry before it: the bundle's audit history is broken")
            prev = entry["hash"]
            if change["op"] == "imported":  # version 1: another file's change, carried
                inner = _unwrap(change["new"])
                if inner is None:
                    self.fail(f"{where}.new", "an imported entry that carries no readable change")
                change = self.change(inner, f"{where}.new", aid, exported_at, ())
            out.append(change)
        if version >= 2 and head != prev:
            self.fail("history_head", "does not match the last history entry: the bundle's audit history "
                                      "was cut or extended")
        return out

    def change(self, change: dict[str, Any], where: str, aid: str, exported_at: datetime,
               also: tuple[str, ...]) -> dict[str, Any]:
        """One change: typed, of a known table and operation, about the bundle's assessment, not from
        the future."""
        for f in CHANGE_FIELDS:
            if not (isinstance(change[f], str) or (f in ("old", "new") and change[f] is None)):
                self.fail(f"{where}.{f}", f"{_shown(change[f])} is not text")
            if isinstance(change[f], str) and len(change[f]) > MAX_TEXT * 2:
                self.fail(f"{where}.{f}", "too long")
        if change["table"] not in TABLES:
            self.fail(f"{where}.table", f"{_shown(change['table'])} is not a table of an aims engagement file")
        if change["op"] not in CHANGE_OPS + also:
            self.fail(f"{where}.op", f"{_shown(change['op'])} is not an operation a bundle may carry")
        if self.time(change["ts"], f"{where}.ts") > exported_at + CLOCK_SKEW:
            self.fail(f"{where}.ts", f"{change['ts']} is after the bundle's export time; refused")
        if change["op"] == "imported":
            return change
        text = change["old"] if change["op"] == "delete" else change["new"]
        try:
            row = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            row = None
        tbl = change["table"]
        if not isinstance(row, dict) or any(c not in row for c in TABLES[tbl].pk) \
                or canonical([row[c] for c in TABLES[tbl].pk]) != change["key"]:
            self.fail(where, "its row does not match its key")
        if tbl == "assessments":
            mine = row["id"] == aid
        elif tbl == "risk_controls":
            mine = canonical([row["risk_id"]]) in self.ids["risks"] | self.ids["history-risks"]
        else:
            mine = row.get("assessment_id") == aid
        if not mine:
            self.fail(where, f"a change to {tbl} {change['key']}, which is not part of the bundle's assessment")
        if tbl == "risks":
            self.ids["history-risks"].add(canonical([row["id"]]))
        return change


def check_bundle(store: _Store, bundle: Any, source: str, content: Any) -> tuple[str, list[dict[str, Any]]]:
    """Check a bundle completely, writing nothing: its assessment id and its changes, or StoreError
    naming the first bad field."""
    checker = _Checker(store, source, content)
    checker.ids["history-risks"] = set()
    version, aid, exported_at = checker.header(bundle)
    tables = bundle["tables"]
    for tbl in ORDER:
        for i, row in enumerate(tables.get(tbl, [])):
            checker.row(tbl, i, row, aid, exported_at)
    return aid, checker.history(bundle.get("history", []), version, aid, exported_at, bundle.get("history_head"))


# -- merging --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    """When a row was last changed, by whom, how."""

    when: datetime
    actor: str
    op: str

    def __str__(self) -> str:
        return f"{self.when.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC, {self.actor or 'unknown'}"


def _parse(ts: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(ts)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def _latest(found: list[tuple[Any, Any, Any]]) -> _Change | None:
    best = None
    for ts, actor, op in found:
        when = _parse(ts)
        if when is not None and (best is None or when > best.when):
            best = _Change(when, str(actor or ""), str(op))
    return best


def last_change(store: _Store, tbl: str, key: str) -> _Change | None:
    """The newest change to a row this file knows of: made here, or made elsewhere and imported (at
    the time it was made there, not when it arrived)."""
    found = []
    for entry in store.history(table=tbl, key=key):
        if entry.op in CHANGE_OPS:
            found.append((entry.ts, entry.actor, entry.op))
        elif entry.op == "imported":
            change = _unwrap(canonical(entry.new))
            if change is not None and change["op"] in CHANGE_OPS:
                found.append((change["ts"], change["actor"], change["op"]))
    return _latest(found)


def _values(row: dict[str, Any], columns: list[str]) -> str:
    parts = [_shown(row.get("status"), 40)[1:-1] if c == "status" and isinstance(row.get(c), str)
             else f"{c} {_shown(row.get(c), 40)}" for c in columns]
    return ", ".join(parts)


def _label(tbl: str, row: dict[str, Any], key: str) -> str:
    if tbl == "answers":
        return f"answer {_shown(row['question_id'])[1:-1]}"
    if tbl == "risks":
        return f"risk {_shown(row.get('ref'))[1:-1]} ({_shown(row.get('title'), 40)[1:-1]})"
    if tbl == "soa_entries":
        return f"SoA entry {_shown(row['control_id'])[1:-1]}"
    if tbl == "systems":
        return f"AI system {_shown(row.get('name'), 40)[1:-1]}"
    return f"{tbl} {_shown(key)[1:-1]}"


def _merge_row(store: _Store, tbl: str, row: dict[str, Any], aid: str,
               theirs: dict[tuple[str, str], _Change], report: ImportReport) -> None:
    spec = TABLES[tbl]
    row = dict(row)
    key = canonical([row[c] for c in spec.pk])
    local = store.row(tbl, {c: row[c] for c in spec.pk})
    their = theirs.get((tbl, key)) or _latest([(row.get(c), row.get("assessor"), "row") for c in TIME_COLUMNS])
    if local is None:
        ours = last_change(store, tbl, key)
        if ours is not None and ours.op == "delete" and (their is None or ours.when >= their.when):
            report.conflicts.append(f"{_label(tbl, row, key)}: kept this file's deletion ({ours}) over the "
                                    f"bundle's row ({their or 'time unknown'})")
            return
        if tbl == "risks" and any(r["ref"] == row.get("ref") for r in store.rows("risks", aid)):
            new_ref = store.next_risk_ref(aid)
            report.conflicts.append(f"risk {_shown(row['ref'])[1:-1]} ({_shown(row.get('title'), 40)[1:-1]}) "
                                    f"renumbered {new_ref}: the ref was already used here")
            row["ref"] = new_ref
        store.write_row(tbl, aid, row, merge=True)
        report.inserted[tbl] = report.inserted.get(tbl, 0) + 1
        return
    if tbl == "risks":
        row["ref"] = local["ref"]  # a renumbering made on an earlier import stands
    merged = {**local, **row}
    differ = [c for c in merged if merged[c] != local.get(c) and c not in TIME_COLUMNS]
    if not differ:
        report.unchanged += 1
        return
    ours = last_change(store, tbl, key)
    label = _label(tbl, local, key)
    here, there = f"this file, {ours or 'time unknown'}", f"the bundle, {their or 'time unknown'}"
    if their is not None and (ours is None or their.when > ours.when):
        store.write_row(tbl, aid, merged, merge=True)
        report.updated[tbl] = report.updated.get(tbl, 0) + 1
        report.conflicts.append(f"{label}: kept {_values(merged, differ)} ({there}) "
                                f"over {_values(local, differ)} ({here})")
    else:
        report.unchanged += 1
        report.conflicts.append(f"{label}: kept {_values(local, differ)} ({here}) "
                                f"over {_values(merged, differ)} ({there})")


def import_bundle(store: _Store, bundle: Any, source: str = "bundle", content: Any = None) -> ImportReport:
    """Merge a bundle into the store in one transaction; nothing is written unless all of it checks."""
    with store.transaction():
        aid, bundle_changes = check_bundle(store, bundle, source, content)
        assessment = bundle["tables"]["assessments"][0]
        report = ImportReport(assessment_id=aid, org=str(assessment.get("org", "")))
        theirs: dict[tuple[str, str], _Change] = {}
        for change in bundle_changes:
            found = _latest([(change["ts"], change["actor"], change["op"])])
            k = (change["table"], change["key"])
            if found is not None and (k not in theirs or found.when > theirs[k].when):
                theirs[k] = found
        for tbl in ORDER:
            for row in bundle["tables"].get(tbl, []):
                _merge_row(store, tbl, row, aid, theirs, report)
        known = {entry_id(*(c[f] for f in CHANGE_FIELDS)) for c in changes(store, aid)}
        for change in bundle_changes:
            digest = entry_id(*(change[f] for f in CHANGE_FIELDS))
            if digest not in known:
                store.append_imported(aid, change)
                known.add(digest)
                report.history_imported += 1
    return report
