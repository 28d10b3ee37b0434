"""JSON bundles of one assessment: backup, hand-over, and merging several assessors' work.

Format (``docs/BUNDLE.md``): the assessment's rows exactly as stored, table by table, plus its
audit-trail entries. Import merges row by row: a row missing here is added; a row that differs is
replaced when the bundle's last change to it is newer than ours (the newer answer wins) and the
conflict is reported. Both histories are kept: the bundle's entries are appended to our chain as
``imported`` entries that carry the original entry, hash included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from aims_tui.store import content_upgrade
from aims_tui.store.audit import canonical
from aims_tui.store.errors import StoreError
from aims_tui.store.schema import SCHEMA_VERSION, TABLES

if TYPE_CHECKING:
    from aims_tui.store.repository import ImportReport, Store

BUNDLE_FORMAT = "aims-tui bundle"
BUNDLE_VERSION = 1

# Parent tables before children, for foreign keys.
ORDER = ("assessments", "settings", "systems", "interviewees", "answers", "note_drafts", "evidence", "findings",
         "risks", "risk_controls", "actions", "soa_entries")
MODELS = {"assessments": Assessment, "settings": Settings, "systems": AISystem, "interviewees": Interviewee,
          "answers": Answer, "evidence": EvidenceRef, "findings": Finding, "actions": Action,
          "risks": Risk, "soa_entries": SoAOverride}


def read_bundle_file(path: Path) -> dict[str, Any]:
    """The parsed JSON of a bundle file; a one-line StoreError naming the file when it cannot be read.
    Whether it is a bundle at all is checked on import."""
    try:
        refuse_open_database(path, "a bundle",  # reading it would unlock it (see aims_tui/open_files.py)
                             "give the .json file written by Export or 'aims export bundle'")
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


def export_bundle(store: "Store", assessment_id: str) -> dict[str, Any]:
    store.assessment(assessment_id)  # raises a clear error for an unknown id
    tables: dict[str, list[dict]] = {}
    for tbl in ORDER:
        if tbl == "assessments":
            rows = store._select(tbl, "id = ?", (assessment_id,))
        elif tbl == "risk_controls":
            rows = store._select(tbl, "risk_id IN (SELECT id FROM risks WHERE assessment_id = ?)",
                                 (assessment_id,), "rowid")
        else:
            rows = store._select(tbl, "assessment_id = ?", (assessment_id,), "rowid")
        tables[tbl] = rows
    history = [
        {"seq": r[0], "ts": r[1], "actor": r[2], "table": r[3], "key": r[4], "op": r[5], "old": r[6],
         "new": r[7], "prev": r[8], "hash": r[9]}
        for r in store.conn.execute(
            "SELECT seq, ts, actor, tbl, key, op, old, new, prev, hash FROM history "
            "WHERE assessment_id = ? ORDER BY seq", (assessment_id,))
    ]
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": utcnow().isoformat(),
        "exported_by": store.actor,
        "source_head": store.head_hash(),
        "assessment_id": assessment_id,
        "tables": tables,
        "history": history,
    }


def _check(bundle: Any, source: str) -> None:
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise StoreError(f"{source}: not an aims-tui bundle (no \"format\": \"{BUNDLE_FORMAT}\"); "
                         "export one with 'aims export bundle ID'")
    if not isinstance(bundle.get("version"), int) or bundle["version"] > BUNDLE_VERSION:
        raise StoreError(f"{source}: bundle version {bundle.get('version')!r} is newer than this aims-tui "
                         f"understands ({BUNDLE_VERSION}); upgrade aims-tui")
    tables = bundle.get("tables")
    if not isinstance(tables, dict) or not isinstance(tables.get("assessments"), list) \
            or len(tables["assessments"]) != 1:
        raise StoreError(f"{source}: tables.assessments must hold exactly one assessment")
    for tbl, rows in tables.items():
        if tbl not in TABLES:
            raise StoreError(f"{source}: tables.{tbl}: unknown table; was this bundle edited by hand?")
        if not isinstance(rows, list):
            raise StoreError(f"{source}: tables.{tbl}: expected a list of rows")
        cols = set(TABLES[tbl].pk)
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not cols <= set(row):
                raise StoreError(f"{source}: tables.{tbl}[{i}]: missing key field(s) {', '.join(sorted(cols))}")
            if tbl in MODELS:
                try:
                    # Validate what the row would become, so junk never reaches the file.
                    from aims_tui.store.repository import Store

                    Store._from_row(tbl, MODELS[tbl], row, **({"controls": []} if tbl == "risks" else {}))
                except (ValidationError, ValueError, TypeError) as exc:
                    detail = exc.errors()[0] if isinstance(exc, ValidationError) else {"loc": (), "msg": str(exc)}
                    field = ".".join(str(p) for p in detail["loc"]) or "row"
                    raise StoreError(f"{source}: tables.{tbl}[{i}].{field}: {detail['msg']}") from None
    if not isinstance(bundle.get("history", []), list):
        raise StoreError(f"{source}: history: expected a list of entries")


def _last_change(store: "Store", tbl: str, key: str) -> str:
    row = store.conn.execute(
        "SELECT max(ts) FROM history WHERE tbl = ? AND key = ? AND op IN ('insert','update','delete')",
        (tbl, key)).fetchone()
    return row[0] or ""


def _describe_answer(row: dict) -> str:
    who = row.get("assessor") or "unknown"
    return f"{row.get('status')} (maturity {row.get('maturity')}, {who}, {row.get('updated_at', '')[:16]})"


def import_bundle(store: "Store", bundle: dict[str, Any], source: str = "bundle") -> "ImportReport":
    from aims_tui.store.repository import ImportReport

    _check(bundle, source)
    tables = bundle["tables"]
    assessment = tables["assessments"][0]
    aid = assessment["id"]
    report = ImportReport(assessment_id=aid, org=assessment.get("org", ""))
    # When the bundle's last change to a row happened, from its own history.
    bundle_last: dict[tuple[str, str], str] = {}
    for entry in bundle.get("history", []):
        if isinstance(entry, dict) and entry.get("op") in ("insert", "update", "delete"):
            k = (entry.get("table"), entry.get("key"))
            bundle_last[k] = max(bundle_last.get(k, ""), str(entry.get("ts", "")))  # type: ignore[index]
    with store.transaction():
        risk_ref_map: dict[str, str] = {}
        for tbl in ORDER:
            spec = TABLES[tbl]
            for row in tables.get(tbl, []):
                row = {k: v for k, v in row.items()}
                if tbl == "risks":
                    clash = store.conn.execute(
                        "SELECT id FROM risks WHERE assessment_id = ? AND ref = ? AND id != ?",
                        (row["assessment_id"], row["ref"], row["id"])).fetchone()
                    if clash:
                        new_ref = store._next_risk_ref(row["assessment_id"])
                        report.conflicts.append(f"risk {row['ref']} ({row.get('title')}) renumbered {new_ref}: "
                                                "the ref was already used here")
                        risk_ref_map[row["ref"]] = new_ref
                        row["ref"] = new_ref
                key_values = [row[c] for c in spec.pk]
                key = canonical(key_values)
                local = store._row(tbl, dict(zip(spec.pk, key_values)))
                if local is None:
                    store._write(tbl, aid, row)
                    report.inserted[tbl] = report.inserted.get(tbl, 0) + 1
                    if tbl == "assessments":  # answered with which questionnaires (issue 12)
                        content_upgrade.imported(store, aid, bundle.get("schema"))
                    continue
                merged = {**local, **{k: v for k, v in row.items() if k in local}}
                if merged == local:
                    report.unchanged += 1
                    continue
                theirs = bundle_last.get((tbl, key), row.get("updated_at") or "")
                ours = _last_change(store, tbl, key)
                if theirs > ours:
                    store._write(tbl, aid, merged)
                    report.updated[tbl] = report.updated.get(tbl, 0) + 1
                    if tbl == "answers":
                        report.conflicts.append(f"answer {row['question_id']}: kept {_describe_answer(row)} "
                                                f"over {_describe_answer(local)}")
                else:
                    report.unchanged += 1
                    if tbl == "answers":
                        report.conflicts.append(f"answer {row['question_id']}: kept {_describe_answer(local)} "
                                                f"over {_describe_answer(row)}")
                    elif tbl not in ("settings",):
                        report.conflicts.append(f"{tbl} {key}: kept this file's newer version")
        # Keep the other assessor's history: each of its entries once, with its original hash.
        known = {r[0] for r in store.conn.execute("SELECT hash FROM history")}
        for r in store.conn.execute("SELECT new FROM history WHERE op = 'imported'"):
            try:
                known.add(json.loads(r[0])["hash"])
            except (ValueError, KeyError, TypeError):
                pass
        for entry in bundle.get("history", []):
            if not isinstance(entry, dict) or entry.get("hash") in known:
                continue
            store._append_history(aid, str(entry.get("table", "")), str(entry.get("key", "")), "imported",
                                  None, canonical(entry))
            known.add(entry.get("hash"))
            report.history_imported += 1
    return report
