"""Reading a first look at an assessment without pydantic (``domain/glance.py`` says why).

Only rows the validated models would take the same way are read this way: every value the first
frame shows is checked against the vocabulary and its type (a status, a maturity of 0-5, text). Any
row that is not plainly so makes the whole glance None, and the caller reads the engagement the usual
way, where the models validate it and a damaged row is reported exactly as always. This is a fast
path for well-formed files, never a second validator: the engagement is still read and validated
before anything is written.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from aims_tui.domain.glance import (ActionGlance, AnswerGlance, EvidenceGlance, FindingGlance, Glance,
                                    IntervieweeGlance)
from aims_tui.domain.vocabulary import ACTION_STATUSES, FINDING_TYPES, PRIORITIES, STATUSES
from aims_tui.store.errors import SQL_ERROR

if TYPE_CHECKING:
    from aims_tui.store.core import StoreCore

EVIDENCE_STATES = ("seen", "claimed")
"""``vocabulary.EvidenceState``'s values."""


class _NotPlain(Exception):
    """A value the first frame cannot take as it is."""


def _text(value: Any, *, blank: bool = True) -> str:
    """Stored text (``blank``: may be empty). NULL is no text: the models refuse it too."""
    if not isinstance(value, str) or (not blank and not value):
        raise _NotPlain
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _one_of(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _NotPlain
    return value


def _maturity(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= 5:
        raise _NotPlain
    return value


def _names(value: Any) -> list[str]:
    names = [] if value is None else json.loads(value)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _NotPlain
    return names


def _date(value: Any) -> str | None:
    return None if value is None else date.fromisoformat(_text(value, blank=False)).isoformat()


def _rows(store: StoreCore, tbl: str, assessment_id: str, order: str = "rowid") -> list[dict[str, Any]]:
    return store._select(tbl, "assessment_id = ?", (assessment_id,), order)


def read_glance(store: StoreCore, assessment_id: str) -> Glance | None:
    """The assessment's answers, interviewees, evidence, findings and actions as the first frame draws
    them, read in one transaction; None if any row is not plainly what the models would read."""
    try:
        store.conn.execute("BEGIN")
        try:
            return Glance(
                answers={r["question_id"]: AnswerGlance(
                    _text(r["question_id"], blank=False), _one_of(r["status"], STATUSES), _maturity(r["maturity"]),
                    _text(r["notes"]), _names(r["interviewees"]))
                    for r in _rows(store, "answers", assessment_id)},
                interviewees=[IntervieweeGlance(_text(r["name"], blank=False), _text(r["role"]))
                              for r in _rows(store, "interviewees", assessment_id, "name")],
                evidence=[EvidenceGlance(_optional_text(r["question_id"]), _text(r["title"], blank=False),
                                         _one_of(r["state"], EVIDENCE_STATES), _text(r["location"]))
                          for r in _rows(store, "evidence", assessment_id)],
                findings=[FindingGlance(_optional_text(r["question_id"]), _one_of(r["type"], FINDING_TYPES),
                                        _text(r["text"]))
                          for r in _rows(store, "findings", assessment_id)],
                actions=[ActionGlance(_optional_text(r["question_id"]), _text(r["title"], blank=False),
                                      _text(r["owner"]), _date(r["due"]), _one_of(r["priority"], PRIORITIES),
                                      _one_of(r["status"], ACTION_STATUSES))
                         for r in _rows(store, "actions", assessment_id)],
            )
        finally:
            store.conn.execute("COMMIT")
    except (_NotPlain, ValueError, TypeError, KeyError, *SQL_ERROR):
        return None


def left_off(store: StoreCore, assessment_id: str) -> tuple[str, list[str]] | None:
    """Where the assessor left off: the question of the answer changed last and the people who gave
    it (None: nothing answered yet). Read without pydantic; interviewees that are not a list of
    names are left out here (reading the engagement reports them)."""
    row = store.conn.execute(
        "SELECT question_id, interviewees FROM answers WHERE assessment_id = ? ORDER BY updated_at DESC LIMIT 1",
        (assessment_id,)).fetchone()
    if row is None or not isinstance(row[0], str):
        return None
    try:
        return row[0], _names(row[1])
    except (_NotPlain, ValueError, TypeError):
        return row[0], []
