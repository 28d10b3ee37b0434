"""What every section screen needs: the open store, the loaded content and the assessment in hand.

A section screen is built as ``XScreen(session)`` and reads a fresh snapshot with
``session.engagement()`` whenever it needs one; writes go straight to ``session.store``
(each is committed at once, so nothing is ever waiting to be saved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable

from aims_tui.domain.content import Content
from aims_tui.domain.models import Answer, Engagement
from aims_tui.store import Store


def _now() -> datetime:
    return datetime.now()


clock: Callable[[], datetime] = _now
"""Local wall clock used for "saved ✓ hh:mm:ss"; tests replace it to freeze snapshots."""


@dataclass
class Session:
    """One open assessment."""

    store: Store
    content: Content
    assessment_id: str
    interviewees: list[str] = field(default_factory=list)
    """The people answering right now: applied to every new answer until changed."""
    current_question: str | None = None
    """Where the questionnaire walker was left, so reopening it returns there."""

    def engagement(self) -> Engagement:
        """A fresh, consistent snapshot of the whole assessment from the store."""
        return self.store.engagement(self.assessment_id)

    def remember_last_interviewees(self) -> None:
        """Start from the interviewees of the most recently changed answer (if any)."""
        answers = self.store.answers(self.assessment_id)
        if answers:
            latest = max(answers.values(), key=lambda a: a.updated_at)
            self.interviewees = list(latest.interviewees)


@dataclass(frozen=True)
class Progress:
    """Progress of one clause, subclause, group or control (SPEC §2 "Scores")."""

    answered: int
    total: int
    met: int = 0
    partial: int = 0
    applicable: int = 0
    """Answered and not not-applicable."""

    @property
    def conformance(self) -> float | None:
        """(met + ½·partial) / answered-and-applicable, 0–1; None when nothing applicable is answered."""
        if not self.applicable:
            return None
        return (self.met + 0.5 * self.partial) / self.applicable


def progress(question_ids: Iterable[str], answers: dict[str, Answer]) -> Progress:
    answered = met = partial = applicable = total = 0
    for qid in question_ids:
        total += 1
        answer = answers.get(qid)
        if answer is None:
            continue
        answered += 1
        if answer.status != "not-applicable":
            applicable += 1
        if answer.status == "met":
            met += 1
        elif answer.status == "partial":
            partial += 1
    return Progress(answered, total, met, partial, applicable)
