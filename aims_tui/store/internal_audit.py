"""Internal audits in the store: nonconformity statements, corrective actions and their verification,
the audit programme, audits, interview schedules and samples (domain/internal_audit.py).

Functions that take the Store: every write goes through its audited write, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from aims_tui.store.errors import SQL_OPERATIONAL_ERROR, StoreError
from aims_tui.store.repository import Store, new_id

if TYPE_CHECKING:
    from aims_tui.domain.internal_audit import Audit, AuditProgramme, AuditRecords, Interview, Sample
    from aims_tui.domain.models import Action, Finding


def _text(field: str, value: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise StoreError(f"{field}: must not be empty; give {what}")
    return value


# ---------------------------------------------------------------------------------------------
# Findings: nonconformity statements, observations, OFIs
# ---------------------------------------------------------------------------------------------


def add_finding(store: Store, assessment_id: str, *, ref: str, type: str, text: str, evidence: str = "",
                question_id: str | None = None) -> Finding:
    """Record a finding as a statement: requirement (``ref``), evidence, what was found (``text``)."""
    from aims_tui.domain.vocabulary import FINDING_TYPES

    if type not in FINDING_TYPES:
        raise StoreError(f"finding type {type!r}: use one of {', '.join(FINDING_TYPES)}")
    store.assessment(assessment_id)
    return store.add_finding(assessment_id, ref=_text("--ref", ref, "the clause or control id, e.g. 6.1.2"),
                             type=type, text=_text("--text", text, "what was found"), evidence=evidence,
                             question_id=question_id)


def finding(store: Store, finding_id: str, assessment_id: str | None = None) -> Finding:
    from aims_tui.domain.models import Finding

    rows = store.select_rows("findings", "id = ?", (finding_id,))
    if not rows or (assessment_id is not None and rows[0]["assessment_id"] != assessment_id):
        where = "" if assessment_id is None else " in this assessment"
        raise StoreError(f"no finding with id {finding_id!r}{where}; run 'aims finding list ID' to see them")
    return Store._from_row("findings", Finding, rows[0])


# ---------------------------------------------------------------------------------------------
# Corrective actions (10.2)
# ---------------------------------------------------------------------------------------------


def add_corrective_action(store: Store, assessment_id: str, *, title: str, finding_id: str | None = None,
                          **fields: Any) -> Action:
    """Raise an action, on a finding when ``finding_id`` is given (a corrective action). The finding
    must belong to the same assessment; a finding raised on a question links the action to it too."""
    with store.transaction():
        store.assessment(assessment_id)
        if finding_id is not None:
            found = finding(store, finding_id, assessment_id)
            if found.question_id and not fields.get("question_id"):
                fields["question_id"] = found.question_id
        return store.add_action(assessment_id, title=_text("--title", title, "what will be done"),
                                finding_id=finding_id, **fields)


def action(store: Store, action_id: str) -> Action:
    from aims_tui.domain.models import Action

    rows = store.select_rows("actions", "id = ?", (action_id,))
    if not rows:
        raise StoreError(f"no action with id {action_id!r}; run 'aims action list ID' to see them")
    return Store._from_row("actions", Action, rows[0])


def verify_action(store: Store, action_id: str, *, effective: bool, by: str, note: str = "",
                  on: dt.date | None = None) -> Action:
    """Record the verification of an action's effectiveness: effective closes it, not effective
    reopens it."""
    from aims_tui.domain.internal_audit import verification_changes

    with store.transaction():
        action(store, action_id)
        try:
            changes = verification_changes(effective, by, on or dt.date.today(), note)
        except ValueError as exc:
            raise StoreError(f"--by: {str(exc).split(': ', 1)[1]}") from None
        return store.update_action(action_id, **changes)


def carry_forward(store: Store, from_id: str, to_id: str) -> list[Action]:
    """Copy the actions not yet verified effective (and the findings they answer) from an earlier
    audit or assessment into the next one or a follow-up, where they are verified. The copies keep
    when they were raised, so the next report counts them as actions from earlier audits."""
    from aims_tui.domain.internal_audit import is_closed

    copied: list[Action] = []
    with store.transaction():
        store.assessment(to_id)
        findings = {f.id: f for f in store.findings(from_id)}
        new_finding: dict[str, str] = {}
        for act in store.actions(from_id):
            if is_closed(act):
                continue
            fid = act.finding_id
            if fid in findings and fid not in new_finding:
                new_finding[fid] = store.add_finding(
                    to_id, **findings[fid].model_dump(exclude={"id", "assessment_id"})).id
            data = act.model_dump(exclude={"id", "assessment_id", "risk_id", "finding_id"})
            copied.append(store.add_action(to_id, finding_id=new_finding.get(fid or ""), **data))
    return copied


# ---------------------------------------------------------------------------------------------
# The programme, audits, interviews, samples
# ---------------------------------------------------------------------------------------------


def _save(store: Store, tbl: str, cls: type, assessment_id: str | None, data: dict[str, Any]):
    model = cls.model_validate(data)
    store.put_row(tbl, assessment_id, Store._to_row(tbl, model))
    return model


def _one(store: Store, tbl: str, cls: type, entity_id: str, noun: str):
    rows = store.select_rows(tbl, "id = ?", (entity_id,))
    if not rows:
        raise StoreError(f"no {noun} with id {entity_id!r}")
    return Store._from_row(tbl, cls, rows[0])


def save_programme(store: Store, programme_id: str | None = None, **fields: Any) -> AuditProgramme:
    """Create (no id) or change the audit programme of this file."""
    from aims_tui.domain.internal_audit import AuditProgramme

    with store.transaction():
        current = (_one(store, "programmes", AuditProgramme, programme_id, "audit programme").model_dump()
                   if programme_id else {"id": new_id()})
        return _save(store, "programmes", AuditProgramme, None, {**current, **fields})


def programmes(store: Store) -> list[AuditProgramme]:
    from aims_tui.domain.internal_audit import AuditProgramme

    return [Store._from_row("programmes", AuditProgramme, r) for r in store.select_rows("programmes", order="period_start")]


def save_audit(store: Store, audit_id: str | None = None, **fields: Any) -> Audit:
    """Create (no id) or change an audit of the programme: scope, criteria, dates, team, conclusion."""
    from aims_tui.domain.internal_audit import Audit, AuditProgramme

    with store.transaction():
        current = _one(store, "audits", Audit, audit_id, "audit").model_dump() if audit_id else {"id": new_id()}
        data = {**current, **fields}
        if data.get("assessment_id"):
            store.assessment(data["assessment_id"])
        if data.get("programme_id"):
            _one(store, "programmes", AuditProgramme, data["programme_id"], "audit programme")
        return _save(store, "audits", Audit, data.get("assessment_id"), data)


def audits(store: Store, programme_id: str | None = None) -> list[Audit]:
    from aims_tui.domain.internal_audit import Audit

    where, params = ("programme_id = ?", (programme_id,)) if programme_id else ("1", ())
    return [Store._from_row("audits", Audit, r) for r in store.select_rows("audits", where, params, "start, rowid")]


def audit_of(store: Store, assessment_id: str) -> Audit | None:
    """The audit that runs in this assessment, if one was planned for it."""
    from aims_tui.domain.internal_audit import Audit

    try:
        rows = store.select_rows("audits", "assessment_id = ?", (assessment_id,))
    except SQL_OPERATIONAL_ERROR:  # an unmigrated read-only file has no audits table
        return None
    return Store._from_row("audits", Audit, rows[0]) if rows else None


def add_interview(store: Store, audit_id: str, **fields: Any) -> Interview:
    from aims_tui.domain.internal_audit import Audit, Interview

    with store.transaction():
        audit = _one(store, "audits", Audit, audit_id, "audit")
        return _save(store, "interviews", Interview, audit.assessment_id,
                     {"id": new_id(), "audit_id": audit_id, **fields})


def update_interview(store: Store, interview_id: str, **changes: Any) -> Interview:
    from aims_tui.domain.internal_audit import Audit, Interview

    with store.transaction():
        current = _one(store, "interviews", Interview, interview_id, "interview")
        audit = _one(store, "audits", Audit, current.audit_id, "audit")
        return _save(store, "interviews", Interview, audit.assessment_id, {**current.model_dump(), **changes})


def interviews(store: Store, audit_id: str) -> list[Interview]:
    """The audit's interview schedule, in time order."""
    from aims_tui.domain.internal_audit import Interview

    return [Store._from_row("interviews", Interview, r)
            for r in store.select_rows("interviews", "audit_id = ?", (audit_id,), "start, rowid")]


def add_sample(store: Store, assessment_id: str, **fields: Any) -> Sample:
    from aims_tui.domain.internal_audit import Sample

    with store.transaction():
        store.assessment(assessment_id)
        evidence_id = fields.get("evidence_id")
        if evidence_id and not store.select_rows("evidence", "id = ? AND assessment_id = ?", (evidence_id, assessment_id)):
            raise StoreError(f"no evidence reference with id {evidence_id!r} in this assessment")
        return _save(store, "samples", Sample, assessment_id,
                     {"id": new_id(), "assessment_id": assessment_id, **fields})


def samples(store: Store, assessment_id: str) -> list[Sample]:
    from aims_tui.domain.internal_audit import Sample

    return [Store._from_row("samples", Sample, r) for r in store.select_rows("samples", "assessment_id = ?", (assessment_id,))]


def audit_records(store: Store, assessment_id: str) -> AuditRecords:
    """The audit planned for this assessment, its interviews and the samples: for the audit report."""
    from aims_tui.domain.internal_audit import AuditRecords

    audit = audit_of(store, assessment_id)
    try:
        taken = samples(store, assessment_id)
    except SQL_OPERATIONAL_ERROR:  # an unmigrated read-only file has no samples table
        taken = []
    return AuditRecords(audit, tuple(interviews(store, audit.id)) if audit else (), tuple(taken))
