"""The audit trail: an append-only hash chain of every change to assessment data.

Each entry records what changed (table, row key, operation, old and new row), who and when, and a
SHA-256 over all of that plus the previous entry's hash. ``verify`` recomputes the chain and
replays it to rebuild the current state, so a row edited outside the app, a forged entry or a
removed entry in the middle of the chain is named.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from aims_tui.store.schema import TABLES

GENESIS = "0" * 64
CHANGE_OPS = ("insert", "update", "delete")
"""Operations that record a change made by someone (their time is when the change was made)."""
REPLAYED_OPS = (*CHANGE_OPS, "merge")
"""Operations that changed a row of this file: ``merge`` is a row taken from a bundle on import
(the change it carries is recorded, with its own time, by the ``imported`` entries)."""


def canonical(value: Any) -> str:
    """Stable JSON: sorted keys, no whitespace, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev: str, seq: int, ts: str, actor: str, assessment_id: str | None, tbl: str, key: str,
               op: str, old: str | None, new: str | None) -> str:
    payload = canonical([prev, seq, ts, actor, assessment_id, tbl, key, op, old, new])
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def entry_id(ts: str, actor: str, tbl: str, key: str, op: str, old: str | None, new: str | None) -> str:
    """What identifies one change wherever it travels: its content, without its place in a chain.
    Importing a change already known here (by this id) adds nothing."""
    return hashlib.sha256(canonical([ts, actor, tbl, key, op, old, new]).encode("utf-8", "surrogatepass")).hexdigest()


def row_key(tbl: str, row: dict[str, Any]) -> str:
    return canonical([row[c] for c in TABLES[tbl].pk])


@dataclass
class VerifyReport:
    entries: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)
    evidence_problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What verify did not check, and why (not problems)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.evidence_problems


def verify_chain(conn: sqlite3.Connection) -> VerifyReport:
    """Recompute every hash and replay the trail against the tables."""
    report = VerifyReport()
    prev = GENESIS
    state: dict[tuple[str, str], dict | None] = {}
    expected_seq = None
    for seq, ts, actor, aid, tbl, key, op, old, new, stored_prev, stored_hash in conn.execute(
        "SELECT seq, ts, actor, assessment_id, tbl, key, op, old, new, prev, hash FROM history ORDER BY seq"
    ):
        report.entries += 1
        if expected_seq is not None and seq != expected_seq:
            report.problems.append(f"history entry {expected_seq} is missing (the next entry is {seq})")
            return report
        expected_seq = seq + 1
        if stored_prev != prev:
            report.problems.append(
                f"history entry {seq} ({tbl} {key}, {ts}) does not follow the previous entry: the chain is broken"
            )
            return report
        if entry_hash(prev, seq, ts, actor, aid, tbl, key, op, old, new) != stored_hash:
            report.problems.append(
                f"history entry {seq} ({op} {tbl} {key} by {actor or 'unknown'}, {ts}) was altered: its hash does not match"
            )
            return report
        prev = stored_hash
        if op in REPLAYED_OPS:
            state[(tbl, key)] = json.loads(new) if new is not None else None
    report.head = prev
    # Every row now in the tables must equal the replayed state, and vice versa.
    for tbl, spec in TABLES.items():
        cols = None
        actual: dict[str, dict] = {}
        cur = conn.execute(f"SELECT * FROM [{tbl}]")
        cols = [d[0] for d in cur.description]
        for values in cur:
            row = dict(zip(cols, values))
            actual[row_key(tbl, row)] = row
        for (t, key), row in state.items():
            if t != tbl:
                continue
            have = actual.pop(key, None)
            if row is None and have is not None:
                report.problems.append(f"{tbl} row {key} exists but the audit trail says it was deleted")
            elif row is not None and have is None:
                report.problems.append(f"{tbl} row {key} is missing: it was deleted outside the app")
            elif row is not None and have is not None and row != have:
                changed = sorted(c for c in set(row) | set(have) if row.get(c) != have.get(c))
                report.problems.append(
                    f"{tbl} row {key} was changed outside the app (column {', '.join(changed)} differs from the audit trail)"
                )
        for key in actual:
            report.problems.append(f"{tbl} row {key} has no entry in the audit trail: it was added outside the app")
        if report.problems:
            return report
    return report
