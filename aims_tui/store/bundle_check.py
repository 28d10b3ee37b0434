"""Checking a bundle from other hands before anything of it is written (threat model: docs/BUNDLE.md).

Every field of every row is checked against this file's schema (known tables and columns, column
types, value ranges), the domain models and the loaded questionnaires (known question and control
ids); every row must belong to the bundle's one assessment and none may take over a row of another
assessment; the audit history must chain (version 2: recomputed from the first entry; version 1:
each entry's own hash) and no time in it may lie after the bundle's own export time. The first bad
field is named (``tables.answers[3].status``) and StoreError raised; nothing here writes.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any, ContextManager, Protocol

from pydantic import ValidationError

from aims_tui.domain.internal_audit import Audit, AuditProgramme, Interview, Sample
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
)
from aims_tui.store.audit import CHANGE_OPS, GENESIS, canonical, entry_hash
from aims_tui.store.errors import StoreError
from aims_tui.store.rows import from_row
from aims_tui.store.schema import TABLES

BUNDLE_FORMAT = "aims-tui bundle"
BUNDLE_VERSION = 2
"""2: ``history`` is the bundle's own hash chain (seq 1.., prev from GENESIS), ``history_head`` its
last hash. 1 (still read): the source file's entries with their original hashes."""
SUPPORTED_VERSIONS = (1, 2)

# Parent tables before children, for foreign keys.
ORDER = ("assessments", "settings", "systems", "interviewees", "answers", "note_drafts", "evidence", "findings",
         "risks", "risk_controls", "actions", "soa_entries", "programmes", "audits", "interviews", "samples")
MODELS = {"assessments": Assessment, "settings": Settings, "systems": AISystem, "interviewees": Interviewee,
          "answers": Answer, "evidence": EvidenceRef, "findings": Finding, "actions": Action,
          "risks": Risk, "soa_entries": SoAOverride, "programmes": AuditProgramme, "audits": Audit,
          "interviews": Interview, "samples": Sample}
SHARED_TABLES = frozenset({"programmes"})
"""Rows of the file, not of one assessment (an audit programme spans the audits of several): a bundle
carries those its rows name, and never changes one this file already has."""
TOP_FIELDS = frozenset({"format", "version", "schema", "exported_at", "exported_by", "source_head",
                        "assessment_id", "tables", "history", "history_head"})
ENTRY_FIELDS = ("seq", "ts", "actor", "table", "key", "op", "old", "new", "prev", "hash")
CHANGE_FIELDS = ("ts", "actor", "table", "key", "op", "old", "new")
ID_TABLES = frozenset(t for t, spec in TABLES.items() if spec.pk == ("id",) and t != "assessments"
                      and t not in ("programmes", "interviews"))
"""Tables whose rows carry their assessment's id (programmes belong to the file, interviews to an audit)."""
QUESTION_COLUMNS = {"answers", "note_drafts", "evidence", "findings", "actions", "samples"}
CONTROL_COLUMNS = {"evidence", "actions", "soa_entries", "risk_controls"}
TIME_COLUMNS = ("updated_at", "created_at")
ID_COLUMNS = ("id", "assessment_id", "risk_id", "system_id", "baseline_id", "programme_id", "audit_id", "evidence_id",
              "finding_id")
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""What an id looks like (the app makes hex ids): no spaces, no control characters, no markup."""
MAX_TEXT = 10_000_000
"""Characters in one field: ten times the longest note the app is tested with."""
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1
CLOCK_SKEW = timedelta(minutes=10)
"""How far two assessors' clocks may differ: a time later than that is refused as from the future."""



class BundleStore(Protocol):
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


def unwrap(text: Any) -> dict[str, Any] | None:
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



# -- checking a bundle from other hands -------------------------------------------------------------


def shown(value: Any, limit: int = 60) -> str:
    """A value from the bundle, quoted with every control character escaped, shortened."""
    text = repr(value)
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Checker:
    """Checks one bundle, reading this file but writing nothing; raises StoreError at the first
    bad field."""

    def __init__(self, store: BundleStore, source: str, content: Any) -> None:
        self.store = store
        self.source = source
        self.questions = frozenset(q.id for q in content.questions) if content is not None else None
        self.controls = frozenset(content.structure.controls) if content is not None else None
        self.ids: dict[str, set[str]] = {t: set() for t in (*TABLES, "history-risks", "history-audits")}
        """Keys of the bundle's rows by table, and of risks its history names ("history-risks")."""

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
        self.fail(where, f"{shown(value)} is not a date and time with a time zone (ISO 8601)")
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
            self.fail("version", f"{shown(version)} is not a bundle version this aims-tui reads "
                                 f"({' or '.join(map(str, SUPPORTED_VERSIONS))})")
        stray = sorted(set(bundle) - TOP_FIELDS, key=str)
        if stray:
            self.fail(shown(stray[0]), "not a field of a bundle; was this bundle edited by hand?")
        schema = bundle.get("schema", 1)
        if type(schema) is not int or schema < 1:
            self.fail("schema", f"{shown(schema)} is not a schema version")
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
        if not isinstance(aid, str) or not ID_PATTERN.fullmatch(aid):
            self.fail("assessment_id", f"{shown(aid)} is not an assessment id")
        for tbl, rows in tables.items():
            if tbl not in TABLES:
                self.fail(f"tables.{shown(tbl)}", "unknown table; was this bundle edited by hand?")
            if not isinstance(rows, list):
                self.fail(f"tables.{tbl}", "expected a list of rows")
        return version, aid, exported_at

    def value(self, where: str, kind: str, value: Any) -> None:
        if value is None:
            return
        if kind == "INTEGER":
            if type(value) is not int:
                self.fail(where, f"{shown(value)} is not a whole number")
            if not INT_MIN <= value <= INT_MAX:
                self.fail(where, f"{shown(value, 30)} is out of range")
        elif kind == "TEXT":
            if not isinstance(value, str):
                self.fail(where, f"{shown(value)} is not text")
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
                self.fail(f"{where}.{shown(name)}", "no such column in an aims engagement file; "
                                                     "was this bundle edited by hand?")
            self.value(f"{where}.{name}", columns[name], value)
        for col in ID_COLUMNS:
            if isinstance(row.get(col), str) and not ID_PATTERN.fullmatch(row[col]):
                self.fail(f"{where}.{col}", f"{shown(row[col])} is not an id (letters, digits, '.', '_', '-')")
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
            self.fail(f"{where}.id", f"{shown(row['id'])} is not the bundle's assessment ({aid})")
        if "assessment_id" in TABLES[tbl].pk or tbl in ID_TABLES:
            if row.get("assessment_id") != aid:
                self.fail(f"{where}.assessment_id", f"{shown(row.get('assessment_id'))} is not the bundle's "
                                                    f"assessment ({aid}); a bundle carries one assessment only")
        if tbl in ID_TABLES:
            local = self.store.row(tbl, {"id": row["id"]})
            if local is not None and local.get("assessment_id") != aid:
                self.fail(f"{where}.id", f"{shown(row['id'])} belongs to another assessment in this file")
        if tbl == "risk_controls" and canonical([row["risk_id"]]) not in self.ids["risks"]:
            self.fail(f"{where}.risk_id", f"{shown(row['risk_id'])} is not a risk of this bundle")
        if tbl == "interviews":  # an interview belongs to one of the bundle's audits, here too
            if canonical([row.get("audit_id")]) not in self.ids["audits"]:
                self.fail(f"{where}.audit_id", f"{shown(row.get('audit_id'))} is not an audit of this bundle")
            local = self.store.row(tbl, {"id": row["id"]})
            if local is not None and canonical([local.get("audit_id")]) not in self.ids["audits"]:
                self.fail(f"{where}.id", f"{shown(row['id'])} belongs to another audit in this file")

    def references(self, tbl: str, row: dict[str, Any], where: str) -> None:
        if tbl in QUESTION_COLUMNS and self.questions is not None and row.get("question_id") is not None \
                and row["question_id"] not in self.questions:
            self.fail(f"{where}.question_id", f"{shown(row['question_id'])} is not a question of the loaded "
                                              "questionnaires; add its questionnaire or remove the row")
        if tbl in CONTROL_COLUMNS and self.controls is not None and row.get("control_id") is not None \
                and row["control_id"] not in self.controls:
            self.fail(f"{where}.control_id", f"{shown(row['control_id'])} is not an Annex A control")
        for col, parent in (("system_id", "systems"), ("risk_id", "risks")):
            if tbl in ("risks", "actions") and row.get(col) is not None \
                    and canonical([row[col]]) not in self.ids[parent]:
                self.fail(f"{where}.{col}", f"{shown(row[col])} is not one of this bundle's {parent}")
        for col, parent, child in (("programme_id", "programmes", "audits"), ("evidence_id", "evidence", "samples"),
                                   ("finding_id", "findings", "actions")):
            if tbl == child and row.get(col) is not None and canonical([row[col]]) not in self.ids[parent]:
                self.fail(f"{where}.{col}", f"{shown(row[col])} is not one of this bundle's {parent}")

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
                inner = unwrap(change["new"])
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
                self.fail(f"{where}.{f}", f"{shown(change[f])} is not text")
            if isinstance(change[f], str) and len(change[f]) > MAX_TEXT * 2:
                self.fail(f"{where}.{f}", "too long")
        if change["table"] not in TABLES:
            self.fail(f"{where}.table", f"{shown(change['table'])} is not a table of an aims engagement file")
        if change["op"] not in CHANGE_OPS + also:
            self.fail(f"{where}.op", f"{shown(change['op'])} is not an operation a bundle may carry")
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
        elif tbl == "interviews":
            mine = canonical([row.get("audit_id")]) in self.ids["audits"] | self.ids["history-audits"]
        else:
            mine = row.get("assessment_id") == aid
        if not mine:
            self.fail(where, f"a change to {tbl} {change['key']}, which is not part of the bundle's assessment")
        if tbl in ("risks", "audits"):
            self.ids[f"history-{tbl}"].add(canonical([row["id"]]))
        return change


def check_bundle(store: BundleStore, bundle: Any, source: str,
                 content: Any) -> tuple[int, str, list[dict[str, Any]]]:
    """Check a bundle completely, writing nothing: its version, assessment id and changes, or
    StoreError naming the first bad field."""
    checker = _Checker(store, source, content)
    version, aid, exported_at = checker.header(bundle)
    tables = bundle["tables"]
    for tbl in ORDER:
        for i, row in enumerate(tables.get(tbl, [])):
            checker.row(tbl, i, row, aid, exported_at)
    named = {canonical([a.get("programme_id")]) for a in tables.get("audits", [])}
    for i, row in enumerate(tables.get("programmes", [])):
        if canonical([row["id"]]) not in named:
            checker.fail(f"tables.programmes[{i}]", "no audit of this bundle is in this programme; a bundle carries "
                                                    "only the programme of its own audit")
    return version, aid, checker.history(bundle.get("history", []), version, aid, exported_at,
                                         bundle.get("history_head"))
