"""Answers, notes typed before a status, and interviewees: the interview's own records.

A write can be made conditional on what the caller last read (``seen``/``seen_notes``): a stale
window never silently overwrites a newer answer or note saved by another window or process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aims_tui.store.core import StoreCore
from aims_tui.store.errors import StaleWriteError
from aims_tui.store.rows import from_row, models, to_row

if TYPE_CHECKING:
    from aims_tui.domain.models import Answer, Interviewee


class _Unchecked:
    def __repr__(self) -> str:
        return "UNCHECKED"


UNCHECKED: Any = _Unchecked()
"""The default of ``seen``: write whatever is stored now (scripts, the CLI)."""


class AnswerStore(StoreCore):
    """The interview's records; the rest of the entities are in ``store/repository.py``."""

    # -- row <-> model (store/rows.py) ------------------------------------------------------------

    _to_row = staticmethod(to_row)
    _from_row = staticmethod(from_row)

    # -- answers ---------------------------------------------------------------------------------

    def answer(self, assessment_id: str, question_id: str) -> Answer | None:
        row = self._row("answers", {"assessment_id": assessment_id, "question_id": question_id})
        return None if row is None else self._from_row("answers", models.Answer, row)

    def answers(self, assessment_id: str) -> dict[str, Answer]:
        return {
            r["question_id"]: self._from_row("answers", models.Answer, r)
            for r in self._select("answers", "assessment_id = ?", (assessment_id,))
        }

    def set_answer(self, assessment_id: str, question_id: str, *, seen: Any = UNCHECKED, **changes: Any) -> Answer:
        """Create or change an answer; only the given fields change. A new answer needs a status.
        ``seen``: the answer as the caller last read it (None: unanswered). If the stored answer is
        no longer that one — another window or process changed it since — nothing is written and
        :class:`StaleWriteError` says who changed it, when, to what (docs/CONTRACT.md R12)."""
        with self._tx():
            current = self.answer(assessment_id, question_id)
            if seen is not UNCHECKED and _stamp(current) != _stamp(seen):
                raise StaleWriteError(_changed_meanwhile(question_id, current), current)
            if current is None:
                if "status" not in changes or changes["status"] is None:
                    raise ValueError("a new answer needs a status (met, partial, not-met, not-applicable)")
                draft = self.note_draft(assessment_id, question_id)
                if draft is not None:  # notes typed before the status move into the answer
                    changes.setdefault("notes", draft)
                    self._write("note_drafts", assessment_id, None,
                                {"assessment_id": assessment_id, "question_id": question_id})
                data = {"assessment_id": assessment_id, "question_id": question_id, **changes}
            else:
                data = {**current.model_dump(), **changes}
            data["updated_at"] = models.utcnow()
            data.setdefault("assessor", self.actor)
            if "assessor" not in changes:
                data["assessor"] = self.actor
            answer = models.Answer.model_validate(data)
            self._write("answers", assessment_id, self._to_row("answers", answer))
            for name in answer.interviewees:
                if self._row("interviewees", {"assessment_id": assessment_id, "name": name}) is None:
                    self.set_interviewee(assessment_id, name)
        return answer

    def clear_answer(self, assessment_id: str, question_id: str) -> None:
        """Back to unanswered. The notes are kept, as a note draft, so clearing a status never loses words."""
        with self._tx():
            current = self.answer(assessment_id, question_id)
            if current is None:
                return
            self._write("answers", assessment_id, None, {"assessment_id": assessment_id, "question_id": question_id})
            if current.notes:
                self.save_note_draft(assessment_id, question_id, current.notes)

    # -- notes typed before a status ---------------------------------------------------------------

    def save_note_draft(self, assessment_id: str, question_id: str, notes: str, *,
                        seen_notes: Any = UNCHECKED) -> None:
        """Keep notes typed on an unanswered question (empty notes remove the draft). On an answered
        question this simply updates the answer's notes. ``seen_notes``: the notes as the caller last
        read them (None or "": none); if the stored notes differ, nothing is written and
        :class:`StaleWriteError` says so."""
        with self._tx():
            current = self.answer(assessment_id, question_id)
            if seen_notes is not UNCHECKED:
                stored = current.notes if current is not None else self.note_draft(assessment_id, question_id)
                if (stored or "") != (seen_notes or ""):
                    raise StaleWriteError(_changed_meanwhile(question_id, current, "notes"), current)
            if current is not None:
                self.set_answer(assessment_id, question_id, notes=notes)
                return
            key = {"assessment_id": assessment_id, "question_id": question_id}
            if notes:
                self._write("note_drafts", assessment_id,
                            {**key, "notes": notes, "updated_at": models.utcnow().isoformat()})
            else:
                self._write("note_drafts", assessment_id, None, key)

    def note_draft(self, assessment_id: str, question_id: str) -> str | None:
        row = self._row("note_drafts", {"assessment_id": assessment_id, "question_id": question_id})
        return None if row is None else row["notes"]

    def note_drafts(self, assessment_id: str) -> dict[str, str]:
        return {r["question_id"]: r["notes"] for r in self._select("note_drafts", "assessment_id = ?", (assessment_id,))}

    # -- interviewees ----------------------------------------------------------------------------

    def set_interviewee(self, assessment_id: str, name: str, role: str | None = None) -> Interviewee:
        current = self._row("interviewees", {"assessment_id": assessment_id, "name": name})
        person = models.Interviewee(assessment_id=assessment_id, name=name,
                             role=role if role is not None else (current or {}).get("role") or "")
        self._write("interviewees", assessment_id, self._to_row("interviewees", person))
        return person

    def interviewees(self, assessment_id: str) -> list[Interviewee]:
        return [self._from_row("interviewees", models.Interviewee, r)
                for r in self._select("interviewees", "assessment_id = ?", (assessment_id,), "name")]


def _stamp(answer: Any) -> Any:
    return None if answer is None else answer.updated_at


def _changed_meanwhile(question_id: str, current: Any, what: str = "answer") -> str:
    if current is None:
        return f"{question_id}: the {what} was changed by someone else since this screen read it; not saved"
    return (f"{question_id}: the {what} was changed by {current.assessor or 'someone else'} at "
            f"{current.updated_at:%H:%M:%S} since this screen read it (now {current.status}); not saved — "
            "look at it and try again")
