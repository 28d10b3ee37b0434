"""The database schema: declared once, applied by named forward migrations.

``PRAGMA user_version`` holds the number of migrations applied; the ``_migrations`` table records
their names and when they ran. A file with a higher version than this code knows is refused.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # sqlite-utils is imported only when a migration runs: it costs ~60 ms at start-up
    import sqlite_utils


@dataclass(frozen=True)
class TableSpec:
    """How the store and the audit trail treat one table."""

    name: str
    pk: tuple[str, ...]
    json_columns: frozenset[str] = frozenset()
    bool_columns: frozenset[str] = frozenset()


# Every table of assessment data; each write to these goes through the audit trail.
TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec("assessments", ("id",), frozenset({"assessors"}), frozenset({"archived"})),
        TableSpec("settings", ("assessment_id",), frozenset({"matrix"})),
        TableSpec("systems", ("id",), frozenset({"affected_groups"}), frozenset({"in_scope"})),
        TableSpec("interviewees", ("assessment_id", "name")),
        TableSpec("answers", ("assessment_id", "question_id"), frozenset({"interviewees"})),
        TableSpec("evidence", ("id",)),
        TableSpec("findings", ("id",)),
        TableSpec("actions", ("id",)),
        TableSpec("risks", ("id",)),
        TableSpec("risk_controls", ("risk_id", "control_id")),
        TableSpec("soa_entries", ("assessment_id", "control_id"), frozenset({"reasons"}),
                  frozenset({"applicable"})),
        TableSpec("note_drafts", ("assessment_id", "question_id")),
    )
}

HISTORY_GUARDS = {
    name: f"CREATE TRIGGER {name} BEFORE {op} ON history BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    for name, op in (("history_no_update", "UPDATE"), ("history_no_delete", "DELETE"))
}
"""The triggers that keep the audit trail append-only, exactly as created; ``aims verify`` checks them."""

Migration = Callable[["sqlite_utils.Database"], "dict[str, list[dict]] | None"]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register a forward migration; its position in the list is its version."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    fk = lambda *cols: [(c, "assessments", "id") for c in cols]  # noqa: E731
    db["assessments"].create(
        {"id": str, "org": str, "scope": str, "assessors": str, "date": str, "end_date": str, "kind": str,
         "baseline_id": str, "document_version": str, "archived": int, "created_at": str, "updated_at": str},
        pk="id", not_null={"org", "date", "kind"},
    )
    db["settings"].create({"assessment_id": str, "matrix": str}, pk="assessment_id",
                          foreign_keys=fk("assessment_id"))
    db["systems"].create(
        {"id": str, "assessment_id": str, "name": str, "purpose": str, "owner": str, "role": str,
         "data_sources": str, "lifecycle_stage": str, "supplier": str, "tier": str,
         "affected_groups": str, "in_scope": int, "scope_reason": str},
        pk="id", foreign_keys=fk("assessment_id"), not_null={"assessment_id", "name"},
    )
    db["interviewees"].create({"assessment_id": str, "name": str, "role": str},
                              pk=("assessment_id", "name"), foreign_keys=fk("assessment_id"))
    db["answers"].create(
        {"assessment_id": str, "question_id": str, "status": str, "maturity": int, "notes": str,
         "interviewees": str, "assessor": str, "updated_at": str},
        pk=("assessment_id", "question_id"), foreign_keys=fk("assessment_id"), not_null={"status"},
    )
    db["evidence"].create(
        {"id": str, "assessment_id": str, "question_id": str, "control_id": str, "title": str,
         "location": str, "state": str, "date": str, "file_path": str, "sha256": str, "size": int},
        pk="id", foreign_keys=fk("assessment_id"),
    )
    db["findings"].create({"id": str, "assessment_id": str, "question_id": str, "type": str, "text": str},
                          pk="id", foreign_keys=fk("assessment_id"))
    db["actions"].create(
        {"id": str, "assessment_id": str, "title": str, "owner": str, "due": str, "priority": str,
         "status": str, "question_id": str, "control_id": str, "risk_id": str, "created_at": str},
        pk="id", foreign_keys=fk("assessment_id"),
    )
    db["risks"].create(
        {"id": str, "assessment_id": str, "ref": str, "title": str, "description": str, "system_id": str,
         "category": str, "catalogue_id": str, "likelihood": int, "impact": int, "treatment": str,
         "owner": str, "due": str, "residual_likelihood": int, "residual_impact": int,
         "acceptance_reason": str, "created_at": str, "updated_at": str},
        pk="id", foreign_keys=fk("assessment_id") + [("system_id", "systems", "id")],
    )
    db["risk_controls"].create({"risk_id": str, "control_id": str}, pk=("risk_id", "control_id"),
                               foreign_keys=[("risk_id", "risks", "id")])
    db["soa_entries"].create(
        {"assessment_id": str, "control_id": str, "applicable": int, "reasons": str, "justification": str,
         "status": str, "owner": str, "evidence": str},
        pk=("assessment_id", "control_id"), foreign_keys=fk("assessment_id"),
    )
    # The audit trail: append-only, each entry's hash covers the previous entry's hash.
    db["history"].create(
        {"seq": int, "ts": str, "actor": str, "assessment_id": str, "tbl": str, "key": str, "op": str,
         "old": str, "new": str, "prev": str, "hash": str},
        pk="seq", not_null={"ts", "tbl", "key", "op", "hash"},
    )
    for table, cols in (("systems", ["assessment_id"]), ("evidence", ["assessment_id"]),
                        ("findings", ["assessment_id"]), ("actions", ["assessment_id"]),
                        ("risks", ["assessment_id"]), ("history", ["assessment_id"]),
                        ("history", ["tbl", "key"]), ("assessments", ["created_at"])):
        db[table].create_index(cols)
    for sql in HISTORY_GUARDS.values():
        db.execute(sql)


@migration
def m002_note_drafts(db: sqlite_utils.Database) -> None:
    """Notes typed on a question before it has a status: kept (and audited) like any other change,
    and moved into the answer when the status is set."""
    db["note_drafts"].create(
        {"assessment_id": str, "question_id": str, "notes": str, "updated_at": str},
        pk=("assessment_id", "question_id"), foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"notes"},
    )


@migration
def m003_content_versions(db: sqlite_utils.Database) -> None:
    """The questionnaire versions each assessment was answered with (store/content_upgrade.py). An
    assessment with no row was answered before versions were kept (version 1). A new assessment gets
    a '*' row: 'stamp with the content that opens it next', without carrying any answer."""
    db["content_versions"].create({"assessment_id": str, "questionnaire": str, "version": int},
                                  pk=("assessment_id", "questionnaire"))
    db.execute("CREATE TRIGGER content_versions_new AFTER INSERT ON assessments BEGIN "
               "INSERT OR IGNORE INTO content_versions (assessment_id, questionnaire, version) "
               "VALUES (NEW.id, '*', NULL); END")


# Internal audits (issue 14): the programme, its audits, their interview schedules and samples.
TABLES.update({t.name: t for t in (
    TableSpec("programmes", ("id",)),
    TableSpec("audits", ("id",), frozenset({"scope", "auditors"})),
    TableSpec("interviews", ("id",), frozenset({"topics"}), frozenset({"done"})),
    TableSpec("samples", ("id",), frozenset({"items"}), frozenset({"seen"})),
)})


@migration
def m004_internal_audit(db: sqlite_utils.Database) -> None:
    """Nonconformity statements (requirement, evidence) on findings; the corrective-action lifecycle
    on actions; tables for the audit programme, audits, interview schedules and samples. The new
    columns change every existing finding and action row, so each gets an audit-trail entry:
    ``aims verify`` replays the trail to exactly what the tables hold (returned to ``migrate``,
    whose caller audits them)."""
    new_columns = {
        "findings": {"ref": "", "evidence": ""},
        "actions": {"finding_id": None, "correction": "", "root_cause": "", "verified_by": "",
                    "verified_on": None, "effective": None, "verification_note": ""},
    }
    before = {tbl: list(db[tbl].rows) for tbl in new_columns}
    for tbl, cols in new_columns.items():
        for col, default in cols.items():
            col_type = int if col == "effective" else str
            db[tbl].add_column(col, col_type, not_null_default=default)
    fk = [("assessment_id", "assessments", "id")]
    db["programmes"].create({"id": str, "title": str, "period_start": str, "period_end": str, "objectives": str,
                             "earlier_results": str}, pk="id", not_null={"title"})
    db["audits"].create(
        {"id": str, "programme_id": str, "assessment_id": str, "title": str, "objectives": str, "scope": str,
         "criteria": str, "start": str, "end": str, "auditors": str, "earlier_results": str, "conclusion": str},
        pk="id", not_null={"title"}, foreign_keys=fk + [("programme_id", "programmes", "id")],
    )
    db["interviews"].create({"id": str, "audit_id": str, "auditee": str, "role": str, "start": str, "minutes": int,
                             "topics": str, "done": int}, pk="id", not_null={"audit_id", "auditee"},
                            foreign_keys=[("audit_id", "audits", "id")])
    db["samples"].create({"id": str, "assessment_id": str, "question_id": str, "evidence_id": str, "what": str,
                          "population": int, "size": int, "items": str, "seen": int}, pk="id",
                         not_null={"assessment_id", "what"}, foreign_keys=fk)
    for table, cols in (("audits", ["assessment_id"]), ("interviews", ["audit_id"]), ("samples", ["assessment_id"])):
        db[table].create_index(cols)
    return before


@migration
def m005_eu_act_reach(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Whether the EU AI Act reaches each AI system, and on what basis (issue 13). Existing systems
    get "unknown": nothing is assumed about a system the assessor has not yet placed. The new
    columns change every system row, so each gets an audit-trail entry (as in m004)."""
    before = {"systems": list(db["systems"].rows)}
    db["systems"].add_column("eu_act_reach", str, not_null_default="unknown")
    db["systems"].add_column("eu_act_basis", str, not_null_default="")
    return before


SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection,
            on_rows_changed: Callable[[str, dict[str, list[dict]]], None] | None = None) -> list[str]:
    """Apply the migrations this file has not had yet; return their names. The caller holds the
    write transaction. A migration that changes existing rows returns them as they were before
    (table -> rows); ``on_rows_changed(name, before)`` then audits them."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    current = db.execute("PRAGMA user_version").fetchone()[0]
    if "_migrations" not in db.table_names():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    applied = []
    for version, fn in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        changed = fn(db)
        if changed and on_rows_changed is not None:
            on_rows_changed(fn.__name__, changed)
        db["_migrations"].insert({"name": fn.__name__, "applied_at": datetime.now(timezone.utc).isoformat()})
        db.execute(f"PRAGMA user_version = {version}")
        applied.append(fn.__name__)
    return applied
