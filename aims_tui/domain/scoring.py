"""Gap scores (conformance, coverage, mean maturity), ranked gaps and next steps.

Formulas and ranking rules in prose: docs/DOMAIN.md.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from aims_tui.domain.content import Content, Question
from aims_tui.domain.gap_score import GapScore, score_questions, section_scores
from aims_tui.domain.models import Action, Engagement
from aims_tui.domain.risk import AssessedRisk, appetite_problem, assess_risks, band_rank, band_weight, ref_key
from aims_tui.domain.wording import join_and

__all__ = [
    "RISK_PROCESS_CLAUSES",
    "Gap",
    "GapScore",
    "linked_risks_for",
    "major_questions",
    "next_steps",
    "ranked_gaps",
    "score_questions",
    "section_scores",
]

RISK_PROCESS_CLAUSES: frozenset[str] = frozenset({"6.1.2", "6.1.3", "8.2", "8.3"})
"""Subclauses on the AI risk assessment and treatment process: a gap there weakens every risk."""


class Gap(BaseModel):
    """A question answered not met or partially met, with what makes it urgent."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use, not at import

    question_id: str
    ref: str
    """The clause, subclause or Annex A control the question belongs to."""
    ref_title: str
    status: str
    maturity: int | None
    notes: str
    severity: str
    """``not-met`` or ``partial``."""
    risk_refs: list[str]
    """Risks the gap weakens (see :func:`linked_risks_for`), highest score first."""
    worst_band: str | None
    """Id of the highest level band among those risks."""
    weight: float
    """0–1: the worst band's weight (lowest band 1/n … highest 1.0), 0 with no linked risk."""
    actions: list[Action]
    """Remediation actions raised on the question or, for a control, on the control."""
    text: str = ""
    """The question, for reports."""
    major: bool = False
    """A major nonconformity (see :func:`major_questions`): ranks above every other gap."""


def linked_risks_for(ref: str, assessed: list[AssessedRisk]) -> list[AssessedRisk]:
    """The risks a gap at ``ref`` weakens.

    An Annex A control: the risks that list it among their controls. A risk process subclause
    (6.1.2, 6.1.3, 8.2, 8.3): every risk in the register, since each was assessed or treated
    through that process. Any other clause: none. ``assessed`` keeps its order (highest first).
    """
    if ref in RISK_PROCESS_CLAUSES:
        return list(assessed)
    return [a for a in assessed if ref in a.risk.controls]


def _actions_for(question: Question, actions: list[Action]) -> list[Action]:
    return [a for a in actions if a.question_id == question.id or (a.control_id and a.control_id == question.ref)]


def major_questions(content: Content, engagement: Engagement) -> set[str]:
    """Ids of the questions whose gap is a major nonconformity.

    The assessor's finding decides where there is one: a question with a major-nc finding (raised on
    the question, or on its requirement with no question) is major whatever its status; a question
    with a minor-nc finding and none major is minor. Without a nonconformity finding, a clause 4–10
    question answered not met is major: the mandatory requirement is absent or not working. An
    Annex A control not met without a major-nc finding is not (the SoA may yet exclude it).
    """
    structure = content.structure
    clause_tops = set(structure.clause_ids)
    major_refs = {f.ref for f in engagement.findings if f.type == "major-nc" and not f.question_id and f.ref}
    graded: dict[str, str] = {}
    for f in engagement.findings:
        if f.question_id and f.type in ("major-nc", "minor-nc") and graded.get(f.question_id) != "major-nc":
            graded[f.question_id] = f.type
    out: set[str] = set()
    for q in content.questions:
        answer = engagement.answers.get(q.id)
        grade = graded.get(q.id)
        if grade == "major-nc" or (q.ref in major_refs and answer is not None
                                   and answer.status in ("not-met", "partial")):
            out.add(q.id)
        elif (grade is None and answer is not None and answer.status == "not-met" and q.ref in structure
              and structure.top(q.ref) in clause_tops):
            out.add(q.id)
    return out


def ranked_gaps(content: Content, engagement: Engagement) -> list[Gap]:
    """Every not-met or partial answer as a Gap, most urgent first.

    Order: major nonconformities (:func:`major_questions`) first; then not-met before partial; then
    the weight of the worst band among linked risks (heaviest first); then more linked risks first; then lower maturity first (no maturity after
    any recorded one); then the standard's order of questions.
    """
    matrix = engagement.settings.matrix
    assessed = assess_risks(engagement)
    order = {q.id: i for i, q in enumerate(content.questions)}
    majors = major_questions(content, engagement)
    ranked: list[tuple[tuple, Gap]] = []
    for q in content.questions:
        answer = engagement.answers.get(q.id)
        if answer is None or answer.status not in ("not-met", "partial"):
            continue
        linked = linked_risks_for(q.ref, assessed)
        worst = max((a.band for a in linked), key=lambda b: band_rank(b.id, matrix), default=None)
        weight = band_weight(worst.id if worst else None, matrix)
        title = content.structure.title(q.ref) if q.ref in content.structure else q.ref
        gap = Gap(
            question_id=q.id, ref=q.ref, ref_title=title, status=answer.status, maturity=answer.maturity,
            notes=answer.notes, severity=answer.status, risk_refs=[a.risk.ref for a in linked],
            worst_band=worst.id if worst else None, weight=weight,
            actions=_actions_for(q, engagement.actions), text=q.text, major=q.id in majors,
        )
        key = (
            0 if q.id in majors else 1,
            0 if answer.status == "not-met" else 1,
            -weight,
            -len(linked),
            answer.maturity if answer.maturity is not None else 6,
            order[q.id],
        )
        ranked.append((key, gap))
    ranked.sort(key=lambda pair: pair[0])
    return [g for _, g in ranked]


def _refs(refs: list[str], limit: int = 4) -> str:
    if len(refs) <= limit:
        return join_and(refs)
    return ", ".join(refs[:limit]) + f" and {len(refs) - limit} more"


def _gap_counts(gaps: list[Gap], questions: int) -> str:
    """``2 of its 3 questions are not met and 1 is partially met``."""
    counts = [(sum(1 for g in gaps if g.status == status), word)
              for status, word in (("not-met", "not met"), ("partial", "partially met"))]
    if questions == 1:
        return f"its only question is {next(word for n, word in counts if n)}"
    parts = [f"{n} {'is' if n == 1 else 'are'} {word}" for n, word in counts if n]
    parts[0] = parts[0].replace(" ", f" of its {questions} questions ", 1)  # "2 of its 3 questions are …"
    return join_and(parts)


def next_steps(content: Content, engagement: Engagement, limit: int = 5) -> list[str]:
    """Up to ``limit`` plain sentences for the executive summary, most urgent first.

    In order: major nonconformities, grouped by clause or control; accepted risks that break the
    risk appetite; the other gaps grouped by clause or control in :func:`ranked_gaps` order (each
    citing question ids, linked risk refs and open actions); then unanswered questions; then SoA
    entries still awaiting the assessor's decision.
    """
    from aims_tui.domain.soa import draft_soa  # soa does not import scoring; kept local for clarity

    if limit <= 0:
        return []
    steps: list[str] = []
    majors: list[str] = []
    matrix = engagement.settings.matrix
    systems = {s.id: s for s in engagement.systems}
    breaking = [r for r in sorted(engagement.risks, key=lambda r: ref_key(r.ref))
                if appetite_problem(r, matrix, systems.get(r.system_id) if r.system_id else None)]
    if breaking:
        steps.append(f"Document why {_refs([r.ref for r in breaking])} "
                     f"{'is' if len(breaking) == 1 else 'are'} accepted at or above the risk appetite of "
                     f"{matrix.appetite}, or choose another treatment.")

    order = {q.id: i for i, q in enumerate(content.questions)}
    by_ref: dict[str, list[Gap]] = {}
    for gap in ranked_gaps(content, engagement):
        by_ref.setdefault(gap.ref, []).append(gap)
    for ref, gaps in by_ref.items():
        lead = gaps[0]
        kind = "control" if ref in content.structure and content.structure[ref].kind == "control" else "clause"
        counted = _gap_counts(gaps, len(content.questions_for(ref)))
        qids = ", ".join(sorted((g.question_id for g in gaps), key=order.__getitem__))
        major = any(g.major for g in gaps)
        what = "major nonconformity" if major else "gap"
        sentence = f"Close the {what} at {kind} {ref} ({lead.ref_title}), where {counted} ({qids})"
        if lead.risk_refs:
            band = next((b.label for b in matrix.bands if b.id == lead.worst_band), lead.worst_band)
            refs = sorted(lead.risk_refs, key=ref_key)
            whose = (f"all {len(refs)} risks in the register" if ref in RISK_PROCESS_CLAUSES
                     and len(refs) > 1 else _refs(refs))
            sentence += (f"; it weakens the treatment of {whose}, the highest rated {band}" if len(refs) > 1
                         else f"; it weakens the treatment of {whose}, rated {band}")
        open_actions = list({a.id: a for g in gaps for a in g.actions if a.status != "done"}.values())
        if open_actions:
            a = open_actions[0]
            who = f", owner {a.owner}" if a.owner.strip() else ""
            due = f", due {a.due.isoformat()}" if a.due else ""
            sentence += f". Complete the {a.status} action \u201c{a.title}\u201d{who}{due}."
        else:
            sentence += ". Raise a remediation action with an owner and a due date."
        (majors if major else steps).append(sentence)
    steps = majors + steps

    scores = section_scores(content, engagement.answers)
    unanswered = [(key, scores[key]) for key in ("clauses", "annex-a") if scores[key].unanswered]
    if unanswered:
        parts = [f"{s.unanswered} of {s.total} {'clause' if key == 'clauses' else 'Annex A'} questions"
                 for key, s in unanswered]
        steps.append(f"Finish the interviews: {join_and(parts)} are still unanswered.")

    pending = [e.control_id for e in draft_soa(content, engagement) if e.problems]
    if pending:
        steps.append(f"Settle the Statement of Applicability: {_refs(pending)} "
                     f"{'needs' if len(pending) == 1 else 'need'} the assessor's decision.")
    return steps[:limit]
