"""A first look at an assessment: what the questionnaire's first frame draws, in plain dataclasses.

Opening straight into an assessment (``aims demo``, ``aims --db F`` reopening where the assessor left
off) must reach the question within 150 ms beyond the home list (SPEC P2). Importing pydantic and
building the models' schemas alone take over 100 ms, so that first frame is drawn from a
:class:`Glance` the store reads without them (``store/glance.py``); the full, validated
``models.Engagement`` replaces it before the first key or click is handled (``tui/screens/walker.py``).

Each type carries the attributes of its model that the first frame reads, under the same names, so
the code that draws answers, the outline and the answer panel reads either. Nothing is ever written
from a glance: a write needs the validated engagement.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnswerGlance:
    """``models.Answer`` as drawn: status, maturity, notes, who answered."""

    question_id: str
    status: str
    maturity: int | None
    notes: str
    interviewees: list[str]


@dataclass(frozen=True)
class IntervieweeGlance:
    name: str
    role: str


@dataclass(frozen=True)
class EvidenceGlance:
    question_id: str | None
    title: str
    state: str
    location: str


@dataclass(frozen=True)
class FindingGlance:
    question_id: str | None
    type: str
    text: str


@dataclass(frozen=True)
class ActionGlance:
    question_id: str | None
    title: str
    owner: str
    due: str | None
    priority: str
    status: str


@dataclass(frozen=True)
class Glance:
    """The parts of ``models.Engagement`` the questionnaire's first frame shows."""

    answers: dict[str, AnswerGlance] = field(default_factory=dict)
    interviewees: list[IntervieweeGlance] = field(default_factory=list)
    evidence: list[EvidenceGlance] = field(default_factory=list)
    findings: list[FindingGlance] = field(default_factory=list)
    actions: list[ActionGlance] = field(default_factory=list)
