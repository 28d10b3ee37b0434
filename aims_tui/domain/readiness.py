"""Readiness for a Stage 1 certification audit: the verdict the gap report opens with, and why.

The rule, in prose (docs/DOMAIN.md, "Readiness for Stage 1"): the AI management system is ready for
Stage 1 when (1) no major nonconformity is open (:func:`aims_tui.domain.scoring.major_questions`),
(2) no residual-risk decision is waiting for management (a treated risk still at or above the
appetite, or a risk accepted at or above it without a recorded reason), and (3) every question
has been answered, so the verdict rests on the whole standard. Minor gaps and partially met
requirements do not stop Stage 1; they are planned in the roadmap and closed before Stage 2.

Pure: no Textual, SQLite or Word.
"""

from __future__ import annotations

from dataclasses import dataclass

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import AssessedRisk, assess_risks, ref_key
from aims_tui.domain.scoring import Gap, major_questions, ranked_gaps
from aims_tui.domain.wording import counted

__all__ = ["MajorNonconformity", "Readiness", "assess_readiness", "unanswered_by_section"]


@dataclass(frozen=True)
class MajorNonconformity:
    """A requirement with a major nonconformity: raised as a major-nc finding, or a clause 4–10
    question answered not met with no finding grading it minor."""

    ref: str
    title: str
    question_ids: tuple[str, ...]
    """The requirement's questions graded major, in questionnaire order."""
    finding_ids: tuple[str, ...]
    """Ids of the major-nc findings raised on it (empty when the basis is a clause not met)."""

    @property
    def from_finding(self) -> bool:
        return bool(self.finding_ids)


@dataclass(frozen=True)
class Readiness:
    """The verdict and everything the summary's first page names."""

    ready: bool
    reasons: tuple[str, ...]
    """Why not (empty when ready), one clause of a sentence each, most serious first."""
    majors: tuple[MajorNonconformity, ...]
    """In the standard's order."""
    residual_decisions: tuple[str, ...]
    """Refs of treated risks whose residual rating is still at or above the appetite."""
    acceptance_reasons_missing: tuple[str, ...]
    """Refs of risks accepted at or above the appetite with no recorded reason."""
    unanswered: int
    total: int
    not_met: tuple[str, ...]
    """Requirements (subclauses and controls) with at least one question answered not met."""

    @property
    def decisions(self) -> tuple[str, ...]:
        """Every risk ref awaiting management's decision, in ref order."""
        return tuple(sorted({*self.residual_decisions, *self.acceptance_reasons_missing}, key=ref_key))


def assess_readiness(content: Content, engagement: Engagement, gaps: list[Gap] | None = None,
                     assessed: list[AssessedRisk] | None = None) -> Readiness:
    """The Stage 1 verdict for ``engagement`` (``gaps`` and ``assessed`` save recomputing them)."""
    gaps = ranked_gaps(content, engagement) if gaps is None else gaps
    assessed = assess_risks(engagement) if assessed is None else assessed
    structure = content.structure
    order = {sid: i for i, sid in enumerate(structure.clause_leaves + structure.controls)}
    majors_q = major_questions(content, engagement)
    by_ref: dict[str, list[str]] = {}
    for q in content.questions:
        if q.id in majors_q:
            by_ref.setdefault(q.ref, []).append(q.id)
    finding_refs: dict[str, list[str]] = {}
    for f in engagement.findings:
        if f.type != "major-nc":
            continue
        ref = f.ref or (content.question(f.question_id).ref if f.question_id and content.has_question(f.question_id)
                        else "")
        if ref:
            finding_refs.setdefault(ref, []).append(f.id)
            by_ref.setdefault(ref, [])
    majors = tuple(
        MajorNonconformity(ref, structure.title(ref) if ref in structure else ref, tuple(qids),
                           tuple(finding_refs.get(ref, ())))
        for ref, qids in sorted(by_ref.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    residual = tuple(sorted((a.risk.ref for a in assessed if a.residual_above_appetite), key=ref_key))
    missing = tuple(sorted((a.risk.ref for a in assessed if a.needs_acceptance_reason), key=ref_key))
    answered = sum(1 for q in content.questions if q.id in engagement.answers)
    total = len(content.questions)
    not_met = tuple(sorted({g.ref for g in gaps if g.status == "not-met"},
                           key=lambda ref: (order.get(ref, len(order)), ref)))
    reasons: list[str] = []
    if majors:
        reasons.append(f"{counted(len(majors), 'requirement has', 'requirements have')} a major nonconformity")
    if residual:
        reasons.append(f"{counted(len(residual), 'treated risk is', 'treated risks are')} still at or above the "
                       "risk appetite and need management's decision")
    if missing:
        reasons.append(f"{counted(len(missing), 'risk is', 'risks are')} accepted at or above the risk appetite "
                       "without a recorded reason")
    if total - answered:
        n = total - answered
        reasons.append(f"{n} of {total} questions {'has' if n == 1 else 'have'} not yet been covered, so the "
                       "verdict cannot rest on the whole standard")
    return Readiness(ready=not reasons, reasons=tuple(reasons), majors=majors, residual_decisions=residual,
                     acceptance_reasons_missing=missing, unanswered=total - answered, total=total,
                     not_met=not_met)


def unanswered_by_section(content: Content, engagement: Engagement) -> list[tuple[str, list[str]]]:
    """The questions not yet answered, grouped by clause (4–10) or Annex A group (A.2–A.10), in the
    standard's order: ``[("4", ["4.1-q2", "4.3-q1"]), ("A.7", [...]), ...]``. Questions whose
    requirement is not in the structure come last under ``"other"``."""
    out: dict[str, list[str]] = {}
    structure = content.structure
    for q in content.questions:
        if q.id not in engagement.answers:
            out.setdefault(structure.top(q.ref) if q.ref in structure else "other", []).append(q.id)
    tops = [*structure.clause_ids, *structure.group_ids, "other"]
    return [(top, out[top]) for top in tops if top in out]
