"""The Statement of Applicability (ISO/IEC 42001 6.1.3 d–e): one entry per Annex A control, drafted
from the risk register, the Annex A answers and the remediation actions, with the assessor's edits
(SoAOverride) always winning.

The drafting rules in prose: docs/DOMAIN.md, "Drafting the Statement of Applicability".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from aims_tui.domain.content import Content, Question
from aims_tui.domain.models import (
    Action,
    AISystem,
    Answer,
    Engagement,
    ImplementationStatus,
    InclusionReason,
    Risk,
    SoAOverride,
)
from aims_tui.domain.risk import appetite_problem, ref_key
from aims_tui.domain.wording import join_and

__all__ = [
    "AI_ACT_HIGH_RISK_OBLIGATIONS",
    "SOA_FIELDS",
    "SoAEntry",
    "TO_BE_LISTED",
    "TO_BE_NAMED",
    "ai_act_obligations",
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
_PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
_NOTES_QUOTED = 200  # characters of interview notes quoted in a drafted exclusion
_DRAFTED_INCLUSION = (
    "Applicable: the AI risk assessment selected this control",
    "Applicable: it supports the EU AI Act obligations",
    "Applicable as best practice:",
    "Included as best practice pending confirmation:",  # earlier drafts' wording
)
"""How the draft opens an inclusion; an exclusion's justification carrying one was not rewritten."""
_PROPOSED_EXCLUSION = "Proposed for exclusion:"
"""How the draft opens when the interviews found the control not applicable."""
TO_BE_NAMED = "To be named"
"""Shown for an applicable control's owner while none is recorded (listed as an open item)."""
TO_BE_LISTED = "To be listed"
"""Shown for an applicable control's evidence while none is recorded (listed as an open item)."""
_IN_PLACE = ("implemented", "partially-implemented")
"""Statuses that claim something is in place, and so need evidence named."""

AI_ACT_HIGH_RISK_OBLIGATIONS: dict[str, dict[str, str]] = {
    "provider": {
        "A.6.2.4": "Article 15, accuracy, robustness and cybersecurity",
        "A.6.2.6": "Article 72, post-market monitoring",
        "A.6.2.7": "Article 11, technical documentation",
        "A.6.2.8": "Article 12, record-keeping",
        "A.7.4": "Article 10, data and data governance",
        "A.7.5": "Article 10, data and data governance",
        "A.7.6": "Article 10, data and data governance",
        "A.8.2": "Article 13, information to deployers",
        "A.8.4": "Article 73, reporting of serious incidents",
    },
    "deployer": {
        "A.6.2.6": "Article 26, monitoring the system's operation",
        "A.6.2.8": "Article 26, keeping the logs",
        "A.8.4": "Article 26, informing of serious incidents",
        "A.9.4": "Article 26, use in line with the instructions for use",
    },
}
"""Annex A controls that carry an EU AI Act (Regulation (EU) 2024/1689) obligation for a high-risk
system, by the organisation's side of the Act, with the article each supports. Deliberately short:
only controls whose subject is what the article demands. Drafts ``legal-contractual``."""

_AI_ACT_SIDE = {"developer": "provider", "provider": "provider", "deployer": "deployer", "user": "deployer"}
"""Inventory role → side of the Act. Importers, distributors and data providers have other duties."""


def keeps_draft_wording(justification: str, draft: str) -> bool:
    """True when an exclusion's justification still holds drafted text that argues for inclusion
    (the whole current inclusion draft, or a drafted inclusion sentence from this or an earlier
    draft), or is the drafted text unchanged. Blocks finalising the SoA.

    Where the draft itself proposes the exclusion (the interviews found the control not
    applicable), the assessor may keep that sentence and add their reason to it."""
    text = " ".join(justification.split())
    draft = " ".join(draft.split())
    if any(opening in text for opening in _DRAFTED_INCLUSION):
        return True
    if not draft:
        return False
    if draft.startswith(_PROPOSED_EXCLUSION):
        return text == draft
    opening = draft.split(". ", 1)[0]  # the control's rationale: a reason to include it
    return draft in text or opening in text


class SoAEntry(BaseModel):
    """One row of the Statement of Applicability."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use, not at import

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
    coverage: str = ""
    """For the assessor, not the client's text: what the interviews found, question by question
    ("Met A.2.4-q1." / "Not met A.2.2-q2; not yet asked A.2.2-q1."); empty for a control without
    questions."""

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


def _covered(status: ImplementationStatus | None, unanswered: list[str]) -> ImplementationStatus | None:
    """"Implemented" only once the interviews have covered every question of the control: met so
    far with a question still unasked is not yet established (issue 13: A.8.4 read Implemented
    with its incident-reporting question never answered)."""
    return None if status == "implemented" and unanswered else status


def _risk_list(risks: list[Risk]) -> str:
    """R-001 “Biased outcomes” and R-002 “Drift”: ref and title, no brackets of our own (a title may
    carry its own)."""
    return join_and([f"{r.ref} \u201c{r.title}\u201d" for r in risks])


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NOTES_QUOTED else text[: _NOTES_QUOTED - 1].rstrip() + "\u2026"


def _action_phrase(action: Action) -> str:
    """“Title”, in progress, owned by X and due 2027-02-01."""
    details = []
    if action.owner.strip():
        details.append(f"owned by {action.owner.strip()}")
    if action.due:
        details.append(f"due {action.due.isoformat()}")
    bits = (["in progress"] if action.status == "in-progress" else []) + ([" and ".join(details)] if details else [])
    return f"\u201c{' '.join(action.title.split())}\u201d" + "".join(f", {b}" for b in bits)


def _actions_sentences(actions: list[Action]) -> list[str]:
    """The open actions as the treatment plan's items, one sentence each."""
    return [f"{'The treatment plan includes' if i == 0 else 'It also includes'} {_action_phrase(a)}."
            for i, a in enumerate(actions)]


def _coverage(answers: list[tuple[Question, Answer | None]]) -> str:
    """For the assessor: what the interviews found, by question id ("Not met A.2.2-q2; not yet asked
    A.2.2-q1.")."""
    groups = [(word, [q.id for q, a in answers if a is not None and a.status == status])
              for status, word in _STATUS_WORDS.items()]
    groups.append(("not yet asked", [q.id for q, a in answers if a is None]))
    text = "; ".join(f"{word} {join_and(ids)}" for word, ids in groups if ids)
    return text[:1].upper() + text[1:] + "." if text else ""


_TREATED = {"mitigate": "mitigated", "avoid": "avoided", "transfer": "transferred", "accept": "accepted"}


def ai_act_obligations(control_id: str, systems: list[AISystem]) -> list[tuple[AISystem, str]]:
    """The in-scope high-risk AI systems the EU AI Act reaches (or may: ``eu_act_reach`` not "no")
    whose obligations under the Act this control supports, each with the article
    (AI_ACT_HIGH_RISK_OBLIGATIONS, by the organisation's role), in name order."""
    found = []
    for system in sorted(systems, key=lambda s: (s.name.casefold(), s.id)):
        side = _AI_ACT_SIDE.get(system.role)
        if system.in_scope and system.tier == "high" and side and system.eu_act_reach != "no":
            article = AI_ACT_HIGH_RISK_OBLIGATIONS[side].get(control_id)
            if article:
                found.append((system, article))
    return found


def _legal_sentences(obligations: list[tuple[AISystem, str]]) -> list[str]:
    """The legal basis, by article: stated for systems the Act reaches, and for those whose reach is
    unknown as applying where the Act applies to them, to be confirmed."""
    out = []
    for confirmed in (True, False):
        by_article: dict[str, list[str]] = {}
        for system, article in obligations:
            if (system.eu_act_reach == "yes") == confirmed:
                by_article.setdefault(article, []).append(system.name)
        for article, names in by_article.items():
            number, _, topic = article.partition(", ")
            on = f", on {topic}" if topic else ""
            if confirmed:
                out.append(f"For the high-risk {join_and(names)} it supports {number} of the EU AI Act{on}.")
            else:
                out.append(f"Where the EU AI Act applies to the high-risk {join_and(names)}, to be confirmed, "
                           f"it supports {number} of the Act{on}.")
    return out


def _other_risks_sentence(others: list[Risk]) -> str:
    """Linked risks treated otherwise than by mitigation, grouped by treatment: "It also bears on the
    accepted risk R-009 “…”."""
    by_treatment: dict[str, list[Risk]] = {}
    for r in others:
        by_treatment.setdefault(_TREATED.get(r.treatment, r.treatment), []).append(r)
    return "It also bears on " + join_and(
        [f"the {word} risk{'s' if len(rs) > 1 else ''} {_risk_list(rs)}" for word, rs in by_treatment.items()]) + "."


def _draft_owner(mitigate: list[Risk], others: list[Risk], open_actions: list[Action]) -> str:
    """Who owns the control in the draft: the owner of its most urgent open action (priority, then
    due date, then the first raised); else the person owning most of its mitigated risks (ties: the
    highest-scored risk, then ref order); else the same among its other linked risks; else blank."""
    ranked = sorted(open_actions, key=lambda a: (_PRIORITY_RANK.get(a.priority, 9), a.due or dt.date.max))
    for action in ranked:
        if action.owner.strip():
            return action.owner.strip()
    for risks in (mitigate, others):
        owned = [r for r in risks if r.owner.strip()]
        if owned:
            count: dict[str, int] = {}
            for r in owned:
                count[r.owner.strip()] = count.get(r.owner.strip(), 0) + 1
            best = max(count.values())
            candidates = [r for r in owned if count[r.owner.strip()] == best]
            top = max(candidates, key=lambda r: r.likelihood * r.impact)  # first of equals: ref order
            return top.owner.strip()
    return ""


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
    obligations = ai_act_obligations(control_id, engagement.systems)
    proposes_exclusion = answer_status == "not-applicable"
    d_applicable = bool(mitigate) or bool(obligations) or not proposes_exclusion
    reasons_if_applicable: list[InclusionReason] = (
        (["risk-assessment"] if mitigate else []) + (["legal-contractual"] if obligations else [])
    ) or ["best-practice"]
    d_reasons: list[InclusionReason] = reasons_if_applicable if d_applicable else []

    na_ids = [q.id for q, a in answered if a.status == "not-applicable"]
    reliance = ([f"the treatment of {join_and([r.ref for r in mitigate])}"] if mitigate else []) + (
        [f"the EU AI Act obligations for {join_and([s.name for s, _ in obligations])}"] if obligations else [])
    relied_on_by = f"{join_and(reliance)} {'rely' if obligations else 'relies'}"  # "the treatment … relies"

    # --- status --------------------------------------------------------------------------------
    d_status = _covered(draft_status(statuses, bool(open_actions)), unanswered) if d_applicable else None

    # --- owner and evidence --------------------------------------------------------------------
    d_owner = _draft_owner(mitigate, others, open_actions)
    q_order = {q.id: i for i, q in enumerate(questions)}
    refs = [e for e in engagement.evidence if e.control_id == control_id or e.question_id in q_order]
    refs.sort(key=lambda e: (q_order.get(e.question_id, -1) if e.control_id != control_id else -1, e.title, e.id))
    seen: dict[str, bool] = {}
    for e in refs:  # a title shown once counts as seen
        seen[e.title] = seen.get(e.title, False) or e.state == "seen"
    d_evidence = [title if was_seen else f"{title} (claimed, not seen)" for title, was_seen in seen.items()]

    # --- justification: the client's text. Interview coverage goes to `coverage`, what is still to
    # do to `problems`; no question ids, no brackets of our own (a title may carry its own).
    sentences: list[str] = []
    if d_applicable:
        sentences.append(content.soa_rationale(control_id)
                         or f"{structure.title(control_id)} is part of the AI management system.")
        if mitigate:
            sentences.append(f"The AI risk assessment selected it to treat {_risk_list(mitigate)}.")
        sentences.extend(_legal_sentences(obligations))
        if others:
            sentences.append(_other_risks_sentence(others))
        shown = [title for title, was_seen in seen.items() if was_seen]
        if shown and d_status in _IN_PLACE:
            sentences.append("In place: " + join_and([f"\u201c{' '.join(t.split())}\u201d" for t in shown]) + ".")
        sentences.extend(_actions_sentences(open_actions))
    else:
        sentences.append(f"{_PROPOSED_EXCLUSION} the interviews found \u201c{structure.title(control_id)}\u201d "
                         "not applicable to this scope.")
        notes = [_quote(a.notes) for _, a in answered if a.notes.strip()]
        if notes:
            sentences.append("Interview notes: " + " / ".join(f"\u201c{n}\u201d" for n in notes) + ".")
        if others:
            sentences.append(_other_risks_sentence(others))
    d_justification = " ".join(sentences)

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
        status = d_status if d_applicable else _covered(draft_status(statuses, bool(open_actions)), unanswered)
    else:
        status = None
    owner = o.owner if o.owner is not None else d_owner
    evidence = d_evidence + [line for line in _override_lines(o.evidence or "") if line not in seen]

    # --- what blocks finalising -----------------------------------------------------------------
    problems: list[str] = []
    if applicable:
        if status is None:
            problems.append(f"{control_id} is applicable but its implementation status is not yet established.")
        elif unanswered and o.status is None:
            problems.append(f"{control_id}: some of its questions are not yet asked, so its status is provisional "
                            "(see the interview coverage).")
        if not reasons:
            problems.append(f"{control_id} is applicable but has no reason for inclusion.")
        if "risk-assessment" in reasons and not risks:
            problems.append(f"{control_id} gives the risk assessment as a reason for inclusion, but no risk in the "
                            "register links it: link a risk to it or choose another reason.")
        if proposes_exclusion and d_applicable and o.justification is None:
            problems.append(f"{control_id}: the interviews marked it not applicable ({join_and(na_ids)}), but "
                            f"{relied_on_by} on it: confirm with the client and record the justification.")
        unconfirmed = [s.name for s, _ in obligations if s.eu_act_reach != "yes"]
        if unconfirmed and "legal-contractual" in reasons and o.justification is None:
            problems.append(f"{control_id} gives the EU AI Act as a legal reason, but whether the Act reaches "
                            f"{join_and([f'“{n}”' for n in unconfirmed])} is not yet confirmed: record the "
                            "system's EU AI Act reach in the inventory.")
        if not owner.strip():
            problems.append(f"{control_id} has no owner: name the person accountable for it.")
        if not evidence and status in _IN_PLACE:
            problems.append(f"{control_id} is reported in place but lists no evidence: list the documents or "
                            "records that show it.")
    else:
        if o.justification is None:
            problems.append(f"{control_id} is excluded without the assessor's reason: record why it does not "
                            "apply to this scope.")
        elif keeps_draft_wording(o.justification, d_justification):
            problems.append(f"{control_id} is excluded, but its justification still carries the drafted text: "
                            "write why the control does not apply to this scope.")
        if mitigate:
            problems.append(f"{control_id} is excluded, but {join_and([r.ref for r in mitigate])} "
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
        coverage=_coverage(answers),
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
