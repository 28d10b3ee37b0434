"""JSON bundles of one assessment: backup, hand-over, and merging several assessors' work.

Format and threat model: ``docs/BUNDLE.md``. A bundle comes from other hands, so it is data to be
checked, never trusted: ``store/bundle_check.py`` checks all of it before anything is written.

Merging: a row missing here is added; a row that differs is replaced when the bundle's last *change*
to it (its time in the audit history, wherever that change was made) is newer than this file's, and
every differing row is listed with both values. Changes travel with their own time: an import writes
its rows as ``merge`` entries and appends each of the bundle's changes once, as an ``imported`` entry
that carries it, so an old change relayed through a second file never beats a newer one.

Uses only the Store's public methods (``BundleStore`` in bundle_check.py) and imports nothing of the
repository: the repository imports this module (lazily), never the other way round.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aims_tui.domain.models import utcnow
from aims_tui.open_files import OpenDatabaseError, refuse_open_database
from aims_tui.store import content_upgrade
from aims_tui.store.audit import CHANGE_OPS, GENESIS, canonical, entry_hash, entry_id
from aims_tui.store.bundle_check import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    CHANGE_FIELDS,
    ORDER,
    SHARED_TABLES,
    TIME_COLUMNS,
    BundleStore,
    check_bundle,
    shown,
    unwrap,
)
from aims_tui.store.errors import StoreError
from aims_tui.store.import_report import ImportReport
from aims_tui.store.schema import SCHEMA_VERSION, TABLES


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


def changes(store: BundleStore, assessment_id: str) -> list[dict[str, Any]]:
    """Every change to the assessment this file knows of, made here or imported, each once, oldest
    entry first. ``merge`` entries (this file taking a bundle's row) are not changes of their own."""
    out, seen = [], set()
    for _seq, ts, actor, tbl, key, op, old, new, _prev, _hash in store.trail(assessment_id):
        if op in CHANGE_OPS:
            change = dict(zip(CHANGE_FIELDS, (ts, actor, tbl, key, op, old, new)))
        elif op == "imported":
            change = unwrap(new)
            if change is None:
                continue
        else:
            continue
        digest = entry_id(*(change[f] for f in CHANGE_FIELDS))
        if digest not in seen:
            seen.add(digest)
            out.append(change)
    return out


def export_bundle(store: BundleStore, assessment_id: str) -> dict[str, Any]:
    with store.transaction():  # rows and history from one snapshot: another process may be writing
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
            # A file from before a table existed (read as it is) has none of its rows to carry.
            "tables": {tbl: store.rows(tbl, assessment_id) for tbl in ORDER if store.columns(tbl)},
            "history": history,
            "history_head": prev,
        }


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


def last_change(store: BundleStore, tbl: str, key: str) -> _Change | None:
    """The newest change to a row this file knows of: made here, or made elsewhere and imported (at
    the time it was made there, not when it arrived)."""
    found = []
    for entry in store.history(table=tbl, key=key):
        if entry.op in CHANGE_OPS:
            found.append((entry.ts, entry.actor, entry.op))
        elif entry.op == "imported":
            change = unwrap(canonical(entry.new))
            if change is not None and change["op"] in CHANGE_OPS:
                found.append((change["ts"], change["actor"], change["op"]))
    return _latest(found)


def _values(row: dict[str, Any], columns: list[str]) -> str:
    parts = [shown(row.get("status"), 40)[1:-1] if c == "status" and isinstance(row.get(c), str)
             else f"{c} {shown(row.get(c), 40)}" for c in columns]
    return ", ".join(parts)


def _label(tbl: str, row: dict[str, Any], key: str) -> str:
    if tbl == "answers":
        return f"answer {shown(row['question_id'])[1:-1]}"
    if tbl == "risks":
        return f"risk {shown(row.get('ref'))[1:-1]} ({shown(row.get('title'), 40)[1:-1]})"
    if tbl == "soa_entries":
        return f"SoA entry {shown(row['control_id'])[1:-1]}"
    if tbl == "systems":
        return f"AI system {shown(row.get('name'), 40)[1:-1]}"
    return f"{tbl} {shown(key)[1:-1]}"


def _their_change(tbl: str, row: dict[str, Any], latest: tuple[_Change, Any] | None,
                  version: int) -> _Change | None:
    """When the bundle's row was made: its newest change in the bundle's history, if that change
    produced this very row. A row its own history does not explain (edited in the tables only) has no
    time and never wins a conflict; version 1 bundles, whose history may lack rows, fall back on the
    row's own ``updated_at``."""
    if latest is None:
        if version >= 2:
            return None
        return _latest([(row.get(c), row.get("assessor"), "row") for c in TIME_COLUMNS])
    change, made = latest
    ignore = {*TIME_COLUMNS, *(("ref",) if tbl == "risks" else ())}  # ref: renumbered on an earlier import
    if not isinstance(made, dict) or {k: v for k, v in made.items() if k not in ignore} \
            != {k: v for k, v in row.items() if k not in ignore}:
        return None
    return change


def _merge_row(store: BundleStore, tbl: str, row: dict[str, Any], aid: str, their: _Change | None,
               report: ImportReport) -> None:
    spec = TABLES[tbl]
    row = dict(row)
    key = canonical([row[c] for c in spec.pk])
    local = store.row(tbl, {c: row[c] for c in spec.pk})
    if local is None:
        ours = last_change(store, tbl, key)
        if ours is not None and ours.op == "delete" and (their is None or ours.when >= their.when):
            report.conflicts.append(f"{_label(tbl, row, key)}: kept this file's deletion ({ours}) over the "
                                    f"bundle's row ({their or 'time unknown'})")
            return
        if tbl == "risks" and any(r["ref"] == row.get("ref") for r in store.rows("risks", aid)):
            new_ref = store.next_risk_ref(aid)
            report.conflicts.append(f"risk {shown(row['ref'])[1:-1]} ({shown(row.get('title'), 40)[1:-1]}) "
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


def import_bundle(store: BundleStore, bundle: Any, source: str = "bundle", content: Any = None) -> ImportReport:
    """Merge a bundle into the store in one transaction; nothing is written unless all of it checks."""
    with store.transaction():
        version, aid, bundle_changes = check_bundle(store, bundle, source, content)
        assessment = bundle["tables"]["assessments"][0]
        report = ImportReport(assessment_id=aid, org=str(assessment.get("org", "")))
        latest: dict[tuple[str, str], tuple[_Change, Any]] = {}
        for change in bundle_changes:
            found = _latest([(change["ts"], change["actor"], change["op"])])
            k = (change["table"], change["key"])
            if found is not None and (k not in latest or found.when > latest[k][0].when):
                latest[k] = (found, json.loads(change["new"]) if change["new"] else None)
        for tbl in ORDER:
            for row in bundle["tables"].get(tbl, []):
                key = canonical([row[c] for c in TABLES[tbl].pk])
                their = _their_change(tbl, row, latest.get((tbl, key)), version)
                if tbl in SHARED_TABLES:  # this file's own programme stays as it is (other audits share it)
                    their = None
                _merge_row(store, tbl, row, aid, their, report)
        if report.inserted.get("assessments"):  # answered with which questionnaires (issue 12)
            content_upgrade.imported(store, aid, bundle.get("schema"))
        known = {entry_id(*(c[f] for f in CHANGE_FIELDS)) for c in changes(store, aid)}
        for change in bundle_changes:
            digest = entry_id(*(change[f] for f in CHANGE_FIELDS))
            if digest not in known:
                store.append_imported(aid, change)
                known.add(digest)
                report.history_imported += 1
    return report
