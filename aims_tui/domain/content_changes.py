"""Questionnaire versions and what changed between them, read from the content.

Each questionnaire carries a ``version``; its ``changes:`` say, per version, which new questions
start from an earlier question's answer (``carried``: renamed or split questions) and which
questions were dropped (``retired``). An assessment records the versions it was answered with
(``aims_tui/store/content_upgrade.py``); when it is opened with newer content, ``carry_plan`` says
which answers to copy so that nothing the client said is lost. Questions marked ``same_as`` ask what
another question already asked: ``linked_answer_for`` offers that answer instead of asking twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # used in the walker's first frame, drawn before pydantic is loaded
    from aims_tui.domain.content import Content, RetiredQuestion
    from aims_tui.domain.models import Answer

FIRST_VERSION = 1
"""The version of a questionnaire in a file that records none (made before versions were kept)."""


def content_versions(content: Content) -> dict[str, int]:
    """Questionnaire id -> version, for the questionnaires whose version is a number."""
    return {q.info.id: q.info.version for q in content.questionnaires if isinstance(q.info.version, int)}


@dataclass(frozen=True)
class Carry:
    """Copy the answer of ``old_id`` to ``new_id`` (which has none), because of ``version``."""

    questionnaire: str
    version: int
    new_id: str
    old_id: str

    def note(self, notes: str) -> str:
        """The carried answer's notes, saying where they came from."""
        head = f"Carried over from {self.old_id} when the questionnaire changed (version {self.version})."
        return f"{head}\n{notes}" if notes else head


def carry_plan(content: Content, recorded: Mapping[str, int], answered: set[str]) -> list[Carry]:
    """The answers to copy for an assessment answered with the ``recorded`` versions (a questionnaire
    missing there counts as ``FIRST_VERSION``) that has answers for the ``answered`` question ids.

    A new question starts from its earlier question's answer only when it has no answer of its own;
    the earlier question may itself have been carried in a previous step (version 2 to 3 after 1 to
    2), so steps are applied in version order.
    """
    plan: list[Carry] = []
    have = set(answered)
    for q in content.questionnaires:
        start = recorded.get(q.info.id, FIRST_VERSION)
        for change in sorted(q.changes, key=lambda c: c.version):
            if change.version <= start:
                continue
            for new_id, old_id in change.carried.items():
                if old_id in have and new_id not in have:
                    plan.append(Carry(q.info.id, change.version, new_id, old_id))
                    have.add(new_id)
    return plan


def retired_questions(content: Content) -> dict[str, RetiredQuestion]:
    """Every question an earlier version asked and the current content no longer does."""
    out: dict[str, RetiredQuestion] = {}
    for q in content.questionnaires:
        for change in q.changes:
            for retired in change.retired:
                if not content.has_question(retired.id):
                    out[retired.id] = retired
    return out


@dataclass(frozen=True)
class EarlierAnswer:
    """An answer to a question the current content does not ask: shown as asked in an earlier
    version, never dropped."""

    answer: Answer
    question: RetiredQuestion | None
    """What the earlier version asked, when the content still records it."""

    @property
    def label(self) -> str:
        text = f": {self.question.text}" if self.question else ""
        return f"{self.answer.question_id} (asked in an earlier version){text}"


def earlier_answers(content: Content, answers: Mapping[str, Answer]) -> list[EarlierAnswer]:
    """The answers whose question the current content no longer asks, in question-id order."""
    retired = retired_questions(content)
    return [EarlierAnswer(answers[qid], retired.get(qid))
            for qid in sorted(answers) if not content.has_question(qid)]


def linked_question(content: Content, question_id: str) -> str | None:
    """The other question of a ``same_as`` pair, or None. Links work both ways."""
    if not content.has_question(question_id):
        return None
    same_as = content.question(question_id).same_as
    if same_as is not None:
        return same_as
    return next((q.id for q in content.questions if q.same_as == question_id), None)


def linked_answer_for(content: Content, answers: Mapping[str, Answer], question_id: str) -> Answer | None:
    """The answer to offer for an unanswered question: its linked question's answer, if that one is
    answered. None when the question has its own answer, no link, or the linked one is unanswered."""
    if question_id in answers:
        return None
    other = linked_question(content, question_id)
    return answers.get(other) if other is not None else None
