"""Internal audits (ISO/IEC 42001 9.2, 10.2; audit practice of ISO 19011), as pure data and rules.

The audit programme, one audit's plan and interview schedule, the sampling done in an interview,
the grading of findings and the corrective-action lifecycle. Nothing here knows about SQLite,
Textual or Word: the store keeps these rows, the CLI, TUI and the audit report read them.

Findings and actions themselves are :class:`~aims_tui.domain.models.Finding` and
:class:`~aims_tui.domain.models.Action`; this module says what their fields mean for an audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Literal

from pydantic import Field, model_validator

from aims_tui.domain.models import Action, AISystem, Finding, Model, Risk
from aims_tui.domain.vocabulary import FINDING_TYPES, FindingType

if TYPE_CHECKING:
    from aims_tui.domain.content import Content, Question

NONCONFORMITIES: tuple[FindingType, ...] = ("major-nc", "minor-nc")
"""The finding types that are nonconformities and need a corrective action (10.2)."""

FINDING_LABELS: dict[str, str] = {
    "major-nc": "Major nonconformity", "minor-nc": "Minor nonconformity",
    "observation": "Observation", "ofi": "Opportunity for improvement",
}
assert set(FINDING_LABELS) == set(FINDING_TYPES)

ActionState = Literal["open", "in-progress", "awaiting-verification", "not-effective", "closed"]
"""Where a corrective action stands: ``closed`` only once verified effective; a verification that
found it not effective reopens it as ``not-effective`` until it is verified again."""

ACTION_STATE_LABELS: dict[str, str] = {
    "open": "Open", "in-progress": "In progress", "awaiting-verification": "Done, awaiting verification",
    "not-effective": "Verified not effective (reopened)", "closed": "Closed (verified effective)",
}


def is_nonconformity(finding: Finding) -> bool:
    return finding.type in NONCONFORMITIES


def finding_label(finding: Finding, width: int = 60) -> str:
    """One line naming a finding in a list: "Minor nonconformity 6.1.2: no risk owner named"."""
    label = f"{FINDING_LABELS.get(finding.type, finding.type)} {finding.ref}".strip() + f": {finding.text}"
    return label if len(label) <= width else label[: width - 1] + "…"


def nonconformity_statement(finding: Finding) -> str:
    """The finding as one statement: requirement, evidence, what was found."""
    parts = [f"Requirement: {finding.ref or '(not given)'}."]
    if finding.evidence:
        parts.append(f"Evidence: {finding.evidence}.")
    parts.append(f"Found: {finding.text}")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Corrective actions (10.2)
# ---------------------------------------------------------------------------------------------


def action_state(action: Action) -> ActionState:
    if action.effective is True:
        return "closed"
    if action.effective is False:
        return "not-effective"
    if action.status == "done":
        return "awaiting-verification"
    return action.status


def is_closed(action: Action) -> bool:
    """Closed only when verified effective: "done" alone does not close a corrective action."""
    return action.effective is True


def is_overdue(action: Action, today: dt.date) -> bool:
    """Past its due date and not closed (done but unverified still counts: 10.2 asks for the
    effectiveness review, not only the work)."""
    return action.due is not None and action.due < today and not is_closed(action)


def verification_changes(effective: bool, by: str, on: dt.date, note: str = "") -> dict:
    """The fields a verification of effectiveness sets on an action. Effective: the action is done
    and closed. Not effective: it is reopened (in progress) until verified again."""
    by = by.strip()
    if not by:
        raise ValueError("verified by: must not be empty (who verified the action's effectiveness)")
    return {"effective": effective, "verified_by": by, "verified_on": on, "verification_note": note,
            "status": "done" if effective else "in-progress"}


def verification_text(action: Action) -> str:
    """"Verified effective by Ann on 2026-12-01: note", or what is still missing."""
    if action.effective is None:
        return "Not verified yet"
    word = "effective" if action.effective else "NOT effective"
    text = f"Verified {word} by {action.verified_by or 'unknown'}"
    if action.verified_on:
        text += f" on {action.verified_on.isoformat()}"
    return text + (f": {action.verification_note}" if action.verification_note else "")


def action_summary(action: Action, today: dt.date) -> dict:
    """One corrective action for ``aims action list --json`` and the report's log."""
    return {
        "id": action.id, "title": action.title, "finding": action.finding_id, "owner": action.owner,
        "due": action.due.isoformat() if action.due else None, "priority": action.priority,
        "status": action.status, "state": action_state(action), "correction": action.correction,
        "root_cause": action.root_cause, "verified": action.effective is not None,
        "effective": action.effective, "verified_by": action.verified_by or None,
        "verified_on": action.verified_on.isoformat() if action.verified_on else None,
        "verification_note": action.verification_note, "closed": is_closed(action),
        "overdue": is_overdue(action, today),
    }


def nonconformities_without_action(findings: Iterable[Finding], actions: Iterable[Action]) -> list[Finding]:
    """Nonconformities no corrective action has been raised for yet."""
    covered = {a.finding_id for a in actions if a.finding_id}
    return [f for f in findings if is_nonconformity(f) and f.id not in covered]


# ---------------------------------------------------------------------------------------------
# Programme, audit, plan (9.2.2)
# ---------------------------------------------------------------------------------------------


class AuditScope(Model):
    """What an audit covers. Empty lists mean "not limited" on that axis."""

    clauses: list[str] = Field(default_factory=list)
    """Clause ids (4–10 or subclauses such as 6.1.2)."""
    controls: list[str] = Field(default_factory=list)
    """Annex A control or group ids (A.6, A.6.2.4)."""
    processes: list[str] = Field(default_factory=list)
    systems: list[str] = Field(default_factory=list)
    """AI system names."""


class AuditProgramme(Model):
    """The audits planned over a period, for the whole file (9.2.2)."""

    id: str
    title: str = Field(min_length=1)
    period_start: dt.date
    period_end: dt.date
    objectives: str = ""
    earlier_results: str = ""
    """Results of earlier audits that shaped this programme."""

    @model_validator(mode="after")
    def _period_in_order(self) -> "AuditProgramme":
        if self.period_end < self.period_start:
            raise ValueError("period_end: the programme ends before it starts")
        return self


class Audit(Model):
    """One internal audit in the programme; its answers, findings and actions live in the assessment
    it runs in (kind ``internal-audit``)."""

    id: str
    programme_id: str | None = None
    assessment_id: str | None = None
    title: str = Field(min_length=1)
    objectives: str = ""
    scope: AuditScope = Field(default_factory=AuditScope)
    criteria: str = ("ISO/IEC 42001:2023 clauses 4–10 and the applicable Annex A controls; "
                     "the organisation's AI policy")
    start: dt.date | None = None
    end: dt.date | None = None
    auditors: list[str] = Field(default_factory=list)
    """The audit team; the first is the lead auditor."""
    earlier_results: str = ""
    """Results of earlier audits (and open actions) that shaped this audit."""
    conclusion: str = ""
    """The audit team's summary conclusion on conformity and effectiveness."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Audit":
        if self.start and self.end and self.end < self.start:
            raise ValueError("end: the audit ends before it starts")
        return self


class Interview(Model):
    """One slot of an audit's interview schedule."""

    id: str
    audit_id: str
    auditee: str = Field(min_length=1)
    role: str = ""
    start: dt.datetime | None = None
    minutes: int = Field(default=60, ge=5, le=600)
    topics: list[str] = Field(default_factory=list)
    """Clause or control ids; their questions are asked in questionnaire order."""
    done: bool = False


class Sample(Model):
    """What an auditor sampled to test a requirement, recorded with the evidence."""

    id: str
    assessment_id: str
    question_id: str | None = None
    evidence_id: str | None = None
    what: str = Field(min_length=1)
    """The population sampled from: "model change records 2026", "user access reviews"."""
    population: int | None = Field(default=None, ge=0)
    size: int = Field(ge=0)
    items: list[str] = Field(default_factory=list)
    """Which items were taken (record ids, dates)."""
    seen: bool = True

    @model_validator(mode="after")
    def _size_fits(self) -> "Sample":
        if self.population is not None and self.size > self.population:
            raise ValueError("size: a sample cannot be larger than its population")
        return self


@dataclass(frozen=True)
class AuditRecords:
    """What the audit report needs beyond the assessment: the audit planned for it (if any), its
    interview schedule and the samples taken. Read from the store by the caller, passed as data."""

    audit: Audit | None = None
    interviews: tuple[Interview, ...] = ()
    samples: tuple[Sample, ...] = ()


def in_scope(ref: str, scope: AuditScope) -> bool:
    """Whether a clause or control id falls under the audit's clauses/controls (an empty scope on
    both axes means the whole standard). ``6.1`` covers ``6.1.2``; ``A.6`` covers ``A.6.2.4``.

    No need to know which ids are clauses and which controls: an id is covered by itself or an id
    above it in the structure, and a clause id is never above a control id (nor the other way)."""
    if not scope.clauses and not scope.controls:
        return True
    return _covered(ref, [*scope.clauses, *scope.controls])


def _covered(ref: str, wanted: Iterable[str]) -> bool:
    return any(ref == w or ref.startswith(w + ".") for w in wanted)


def interview_refs_order(topics: Iterable[str], refs_in_order: Iterable[tuple[str, str]]) -> list[str]:
    """The question ids for an interview's topics, in questionnaire order. ``refs_in_order`` is
    (question id, clause/control ref) for every question, in order."""
    topics = list(topics)
    return [qid for qid, ref in refs_in_order if _covered(ref, topics)] if topics else []


def interview_questions(content: Content, interview: Interview) -> list[Question]:
    """"Now interviewing X": the questions for X's topics, in questionnaire order."""
    wanted = set(interview_refs_order(interview.topics, [(q.id, q.ref) for q in content.questions]))
    return [q for q in content.questions if q.id in wanted]


def _same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


@dataclass(frozen=True)
class IndependenceWarning:
    auditor: str
    what: str
    """ "AI system", "risk" or "action"."""
    name: str

    def __str__(self) -> str:
        return (f"auditor {self.auditor} owns the {self.what} {self.name!r} in this audit's scope: "
                "auditors should not audit their own work (9.2.2)")


def independence_warnings(audit: Audit, systems: Iterable[AISystem], risks: Iterable[Risk],
                          actions: Iterable[Action]) -> list[IndependenceWarning]:
    """Auditors who own an AI system, a risk or an action in the audit's scope."""
    scope = audit.scope
    systems = list(systems)
    names = {" ".join(n.casefold().split()) for n in scope.systems}
    in_scope_systems = {s.id: s for s in systems
                        if s.in_scope and (not names or " ".join(s.name.casefold().split()) in names)}
    risks, actions = list(risks), list(actions)
    scoped_risks = {r.id: r for r in risks
                    if (r.system_id in in_scope_systems)
                    or (r.system_id is None and (not r.controls or any(in_scope(c, scope) for c in r.controls)))}

    def action_in_scope(a: Action) -> bool:
        if a.risk_id:
            return a.risk_id in scoped_risks
        ref = a.control_id or ""
        return in_scope(ref, scope) if ref else True

    out: list[IndependenceWarning] = []
    for auditor in audit.auditors:
        out += [IndependenceWarning(auditor, "AI system", s.name) for s in in_scope_systems.values()
                if _same_person(s.owner, auditor)]
        out += [IndependenceWarning(auditor, "risk", f"{r.ref} {r.title}") for r in scoped_risks.values()
                if _same_person(r.owner, auditor)]
        out += [IndependenceWarning(auditor, "action", a.title) for a in actions
                if _same_person(a.owner, auditor) and action_in_scope(a)]
    return out
