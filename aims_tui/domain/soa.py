"""The Statement of Applicability (ISO/IEC 42001 6.1.3 d–e): one entry per Annex A control, drafted
from the risk register, the Annex A answers and the remediation actions, with the assessor's edits
(SoAOverride) always winning.

The drafting rules in prose: docs/DOMAIN.md, "Drafting the Statement of Applicability".
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from aims_tui.domain.content import Content, Question
from aims_tui.domain.models import (
    Action,
    Engagement,
    ImplementationStatus,
    InclusionReason,
    Risk,
    SoAOverride,
)
from aims_tui.domain.risk import appetite_problem, ref_key

__all__ = [
    "SOA_FIELDS",
    "SoAEntry",
    "control_answer_status",
    "draft_soa",
    "draft_status",
    "keeps_draft_wording",
    "soa_blockers",
]

SOA_FIELDS: tuple[str, ...] = ("applicable", "reasons", "justification", "status", "owner", "evidence")
"""The entry fields an assessor can override (the non-None fields of SoAOverride)."""

_WORST_FIRST = ("not-met", "partial", "met")
_STATUS_WORDS = {"met": "met", "partial": "partially met", "not-met": "not met", "not-applicable": "not applicable"}
_OPEN = ("open", "in-progress")
_NOTES_QUOTED = 200  # characters of interview notes quoted in a drafted exclusion
_DRAFTED_INCLUSION = (
    "Applicable: the AI risk assessment selected this control",
    "Applicable as best practice:",
    "Included as best practice pending confirmation:",
)
"""How the draft opens an inclusion; an exclusion's justification carrying one was not rewritten."""


def keeps_draft_wording(justification: str, draft: str) -> bool:
    """True when an exclusion's justification still holds the drafted text: the whole current draft,
    or a drafted inclusion sentence (from this or an earlier draft). Blocks finalising the SoA."""
    text = " ".join(justification.split())
    draft = " ".join(draft.split())
    return (bool(draft) and draft in text) or any(opening in text for opening in _DRAFTED_INCLUSION)


class SoAEntry(BaseModel):
    """One row of the Statement of Applicability."""

    model_config = ConfigDict(frozen=True)

    control_id: str
    title: str
    group_id: str
    group_title: str
    applicable: bool
    reasons: list[InclusionReason]
    """Reasons for inclusion: risk-assessment, legal-contractual, business-requirement, best-practice."""
    justification: str
    status: ImplementationStatus | None
    """Implementation status; None when not yet known (a blocker for an applicable control)."""
    linked_risks: list[str]
    """Refs (R-001…) of every register risk that lists this control, any treatment."""
    owner: str
    evidence: list[str]
    """Evidence titles recorded on the control or its questions, then the assessor's own lines."""
    answer_status: str | None
    """Worst Annex A answer among the control's questions (not-met > partial > met); not-applicable
    only when every answered question is; None when none is answered."""
    edited: list[str]
    """Fields where the assessor's override won (every non-None SoAOverride field)."""
    draft: dict[str, Any]
    """What the draft alone proposes, per field in SOA_FIELDS."""
    problems: list[str]
    """What blocks finalising this entry, one sentence each."""
    question_ids: list[str] = []
    """The control's questions, in order."""

    @property
    def final(self) -> bool:
        """True when nothing blocks this entry."""
        return not self.problems


def control_answer_status(statuses: list[str]) -> str | None:
    """Summarise a control's answer statuses: the worst applicable one (not-met, then partial, then
    met); ``not-applicable`` only when every answer says so; None for no answers."""
    for status in _WORST_FIRST:
        if status in statuses:
            return status
    return "not-applicable" if statuses else None


def draft_status(statuses: list[str], has_open_action: bool) -> ImplementationStatus | None:
    """The draft implementation status from a control's answer statuses (unanswered left out).

    All applicable answers met → implemented; all not met → not-implemented, or planned when an
    open or in-progress action exists; any other mix → partially-implemented. Not-applicable
    answers are left out. With no applicable answer: planned if an action is open, else None.
    """
    applicable = [s for s in statuses if s != "not-applicable"]
    if not applicable:
        return "planned" if has_open_action else None
    if all(s == "met" for s in applicable):
        return "implemented"
    if all(s == "not-met" for s in applicable):
        return "planned" if has_open_action else "not-implemented"
    return "partially-implemented"


def _risk_phrase(risks: list[Risk]) -> str:
    return _join([f"{r.ref} ({r.title})" for r in risks])


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NOTES_QUOTED else text[: _NOTES_QUOTED - 1].rstrip() + "\u2026"


def _action_phrase(action: Action) -> str:
    bits = [action.status]
    if action.owner.strip():
        bits.append(f"owner {action.owner.strip()}")
    if action.due:
        bits.append(f"due {action.due.isoformat()}")
    return f"\u201c{action.title}\u201d ({', '.join(bits)})"


def _override_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(";", "\n").splitlines() if line.strip()]


def _entry(
    control_id: str,
    content: Content,
    engagement: Engagement,
    questions: list[Question],
    risks: list[Risk],
    actions: list[Action],
    override: SoAOverride | None,
) -> SoAEntry:
    structure = content.structure
    group_id = structure.top(control_id)
    answers = [(q, engagement.answers.get(q.id)) for q in questions]
    answered = [(q, a) for q, a in answers if a is not None]
    unanswered = [q.id for q, a in answers if a is None]
    statuses = [a.status for _, a in answered]
    answer_status = control_answer_status(statuses)
    mitigate = [r for r in risks if r.treatment == "mitigate"]
    others = [r for r in risks if r.treatment != "mitigate"]
    open_actions = [a for a in actions if a.status in _OPEN]

    # --- applicability and reasons -----------------------------------------------------------
    proposes_exclusion = answer_status == "not-applicable"
    d_applicable = bool(mitigate) or not proposes_exclusion
    reasons_if_applicable: list[InclusionReason] = ["risk-assessment"] if mitigate else ["best-practice"]
    d_reasons: list[InclusionReason] = reasons_if_applicable if d_applicable else []

    # --- status --------------------------------------------------------------------------------
    d_status = draft_status(statuses, bool(open_actions)) if d_applicable else None

    # --- justification -------------------------------------------------------------------------
    sentences: list[str] = []
    na_ids = [q.id for q, a in answered if a.status == "not-applicable"]
    if mitigate:
        sentences.append(f"Applicable: the AI risk assessment selected this control to treat "
                         f"{_risk_phrase(mitigate)}.")
        if proposes_exclusion:
            sentences.append(f"The interview marked it not applicable ({_join(na_ids)}), which conflicts "
                             "with that risk treatment; confirm with the client.")
    elif not d_applicable:
        sentences.append(f"Proposed for exclusion: the interview marked it not applicable ({_join(na_ids)}); "
                         "the assessor must record why it does not apply to this scope.")
        notes = [_quote(a.notes) for _, a in answered if a.notes.strip()]
        if notes:
            sentences.append("Interview notes: " + " / ".join(f"\u201c{n}\u201d" for n in notes) + ".")
    elif answered:
        sentences.append("Applicable as best practice: no risk in the register is treated by this control yet.")
    else:
        sentences.append("Included as best practice pending confirmation: no risk in the register is treated "
                         "by this control and it has not been assessed yet.")
    if answered and d_applicable:
        sentences.append("Interview: " + _join([f"{q.id} {_STATUS_WORDS[a.status]}" for q, a in answered]) + ".")
        if unanswered:
            sentences.append(f"Not yet answered: {_join(unanswered)}.")
    if others:
        sentences.append("Also linked: " + _join([f"{r.ref} ({r.treatment})" for r in others]) + ".")
    if open_actions and d_applicable:
        label = "Planned action" if len(open_actions) == 1 else "Planned actions"
        sentences.append(f"{label}: " + _join([_action_phrase(a) for a in open_actions]) + ".")
    d_justification = " ".join(sentences)

    # --- owner and evidence --------------------------------------------------------------------
    owners = list(dict.fromkeys(o.strip() for o in [*(r.owner for r in mitigate), *(a.owner for a in open_actions)]
                                if o.strip()))
    d_owner = owners[0] if len(owners) == 1 else ""  # several candidates: the assessor chooses
    q_order = {q.id: i for i, q in enumerate(questions)}
    refs = [e for e in engagement.evidence if e.control_id == control_id or e.question_id in q_order]
    refs.sort(key=lambda e: (q_order.get(e.question_id, -1) if e.control_id != control_id else -1, e.title, e.id))
    d_evidence = list(dict.fromkeys(e.title for e in refs))

    # --- the assessor's edits win ---------------------------------------------------------------
    o = override or SoAOverride(assessment_id=engagement.assessment.id, control_id=control_id)
    edited = [f for f in SOA_FIELDS if getattr(o, f) is not None]
    applicable = o.applicable if o.applicable is not None else d_applicable
    if o.reasons is not None:
        reasons = list(o.reasons)
    else:
        reasons = reasons_if_applicable if applicable else []
    justification = o.justification if o.justification is not None else d_justification
    if o.status is not None:
        status = o.status
    elif applicable:
        status = d_status if d_applicable else draft_status(statuses, bool(open_actions))
    else:
        status = None
    owner = o.owner if o.owner is not None else d_owner
    evidence = d_evidence + [line for line in _override_lines(o.evidence or "") if line not in d_evidence]

    # --- what blocks finalising -----------------------------------------------------------------
    problems: list[str] = []
    if applicable:
        if status is None:
            problems.append(f"{control_id} is applicable but has no implementation status: set one.")
        if not reasons:
            problems.append(f"{control_id} is applicable but has no reason for inclusion.")
        if "risk-assessment" in reasons and not risks:
            problems.append(f"{control_id} gives the risk assessment as a reason for inclusion, but no risk in the "
                            "register links it: link a risk to it or choose another reason.")
    else:
        if o.justification is None:
            problems.append(f"{control_id} is excluded without the assessor's reason: record why it does not "
                            "apply to this scope.")
        elif keeps_draft_wording(o.justification, d_justification):
            problems.append(f"{control_id} is excluded, but its justification still carries the drafted text for "
                            "including it: replace it with why the control does not apply to this scope.")
        if mitigate:
            problems.append(f"{control_id} is excluded, but {_join([r.ref for r in mitigate])} "
                            f"{'relies' if len(mitigate) == 1 else 'rely'} on it for mitigation: include it or "
                            "change the risk treatment.")

    return SoAEntry(
        control_id=control_id,
        title=structure.title(control_id),
        group_id=group_id,
        group_title=structure.title(group_id),
        applicable=applicable,
        reasons=reasons,
        justification=justification,
        status=status,
        linked_risks=[r.ref for r in risks],
        owner=owner,
        evidence=evidence,
        answer_status=answer_status,
        edited=edited,
        draft={"applicable": d_applicable, "reasons": d_reasons, "justification": d_justification,
               "status": d_status, "owner": d_owner, "evidence": d_evidence},
        problems=problems,
        question_ids=[q.id for q in questions],
    )


def draft_soa(content: Content, engagement: Engagement) -> list[SoAEntry]:
    """Every Annex A control (38) in the standard's order, drafted and with the assessor's edits.

    Deterministic: the same engagement gives the same entries whatever the order of its risks,
    actions or evidence lists.
    """
    risks = sorted(engagement.risks, key=lambda r: (ref_key(r.ref), r.id))
    actions = sorted(engagement.actions, key=lambda a: (a.created_at, a.id))
    entries = []
    for control_id in content.structure.controls:
        questions = content.questions_for(control_id)
        qids = {q.id for q in questions}
        entries.append(_entry(
            control_id,
            content,
            engagement,
            questions,
            [r for r in risks if control_id in r.controls],
            [a for a in actions if a.control_id == control_id or (a.question_id is not None and a.question_id in qids)],
            engagement.soa_overrides.get(control_id),
        ))
    return entries


def soa_blockers(content: Content, engagement: Engagement) -> list[str]:
    """What stops the SoA being final, one sentence each: every entry's problems (excluded controls
    without the assessor's reason, applicable controls with no status…) in control order, then
    accepted risks that break the risk appetite, by ref."""
    blockers = [p for entry in draft_soa(content, engagement) for p in entry.problems]
    matrix = engagement.settings.matrix
    systems = {s.id: s for s in engagement.systems}
    for risk in sorted(engagement.risks, key=lambda r: (ref_key(r.ref), r.id)):
        problem = appetite_problem(risk, matrix, systems.get(risk.system_id) if risk.system_id else None)
        if problem:
            blockers.append(problem)
    return blockers
