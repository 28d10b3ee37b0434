"""Messages the TUI posts, named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class AnswerSaved(Message):
    """An answer (status, maturity, notes or interviewees) was committed to the store."""

    question_id: str


@dataclass
class EvidenceAdded(Message):
    """An evidence reference was recorded (after hashing its file, if any, in a worker)."""

    question_id: str | None
    title: str


@dataclass
class EvidenceFailed(Message):
    """Recording an evidence reference failed; ``error`` is one line for the user."""

    error: str
