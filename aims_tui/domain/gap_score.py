"""Gap scores: how far a set of questions is answered and met (coverage, conformance, mean maturity).

Apart from ``scoring.py`` (ranked gaps and next steps, which read the whole engagement) so that the
questionnaire's outline can score its sections from answers alone, importing no pydantic: the walker's
first frame is drawn before pydantic is loaded (SPEC P2). An answer here is anything with ``status``
and ``maturity`` (``models.Answer``, or ``glance.AnswerGlance`` in that first frame).
Formulas in prose: docs/DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Protocol

if TYPE_CHECKING:
    from aims_tui.domain.content import Content, Question


class Scored(Protocol):
    """What scoring reads of an answer."""

    @property
    def status(self) -> str: ...

    @property
    def maturity(self) -> int | None: ...


@dataclass(frozen=True)
class GapScore:
    """How far a set of questions (a subclause, clause, Annex A group, everything) is met. A plain
    dataclass: built only from counts computed here, it needs no validation (and no pydantic schema,
    which the walker's first frame would otherwise build)."""

    total: int
    answered: int
    met: int
    partial: int
    not_met: int
    not_applicable: int
    coverage: float
    """0–100: answered / total × 100 (0 when there are no questions)."""
    conformance: float | None
    """0–100: (met + ½·partial) / (answered − not applicable) × 100; None when nothing applicable is answered."""
    mean_maturity: float | None
    """0–5: mean maturity of answered, applicable questions that record one; None when none does."""

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def applicable(self) -> int:
        """Answered and not marked not applicable: the conformance denominator."""
        return self.answered - self.not_applicable


@dataclass
class _Tally:
    total: int = 0
    met: int = 0
    partial: int = 0
    not_met: int = 0
    not_applicable: int = 0
    maturity_sum: int = 0
    maturity_n: int = 0

    def add(self, answer: Scored | None) -> None:
        self.total += 1
        if answer is None:
            return
        if answer.status == "met":
            self.met += 1
        elif answer.status == "partial":
            self.partial += 1
        elif answer.status == "not-met":
            self.not_met += 1
        else:
            self.not_applicable += 1
        # A not-applicable answer has nothing to be mature about; its maturity would skew the mean.
        if answer.maturity is not None and answer.status != "not-applicable":
            self.maturity_sum += answer.maturity
            self.maturity_n += 1

    def score(self) -> GapScore:
        answered = self.met + self.partial + self.not_met + self.not_applicable
        applicable = answered - self.not_applicable
        return GapScore(
            total=self.total,
            answered=answered,
            met=self.met,
            partial=self.partial,
            not_met=self.not_met,
            not_applicable=self.not_applicable,
            coverage=100.0 * answered / self.total if self.total else 0.0,
            conformance=100.0 * (self.met + 0.5 * self.partial) / applicable if applicable else None,
            mean_maturity=self.maturity_sum / self.maturity_n if self.maturity_n else None,
        )


def score_questions(questions: list[Question], answers: Mapping[str, Scored]) -> GapScore:
    """Score a list of questions against the answers (keyed by question id; missing = unanswered).

    Answers to questions not in the list are ignored; a question listed twice counts once.
    """
    tally = _Tally()
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            continue
        seen.add(q.id)
        tally.add(answers.get(q.id))
    return tally.score()


def section_scores(content: Content, answers: Mapping[str, Scored]) -> dict[str, GapScore]:
    """A GapScore for every section of the standard plus three roll-ups.

    Keys: every structure id (subclause leaf such as ``6.1.2``, its parent ``6.1``, clause ``6``,
    Annex A group ``A.6``, subgroup ``A.6.2``, control ``A.6.2.4``) with the questions at or below
    it; ``"clauses"`` (clauses 4–10), ``"annex-a"`` (Annex A) and ``"overall"`` (every question).
    A section with no questions gets a zero score with ``total == 0``.
    """
    structure = content.structure
    tallies: dict[str, _Tally] = {sid: _Tally() for sid in structure.sections}
    for key in ("clauses", "annex-a", "overall"):
        tallies[key] = _Tally()
    clause_tops = set(structure.clause_ids)
    for q in content.questions:
        answer = answers.get(q.id)
        tallies["overall"].add(answer)
        if q.ref not in structure:
            continue
        for sid in structure.ancestors(q.ref):
            tallies[sid].add(answer)
        tallies["clauses" if structure.top(q.ref) in clause_tops else "annex-a"].add(answer)
    return {sid: t.score() for sid, t in tallies.items()}
