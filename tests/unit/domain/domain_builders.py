"""Plain builders for domain tests: Engagement objects made directly, no SQLite store."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from aims_tui.domain.models import (
    Action,
    AISystem,
    Answer,
    Assessment,
    Engagement,
    EvidenceRef,
    Risk,
    RiskBand,
    RiskMatrix,
    Settings,
    SoAOverride,
)
from aims_tui.domain.risk import achievable_scores

AID = "asm-1"
LABELS = ["L1", "L2", "L3", "L4", "L5", "L6"]


def matrix(size: int, bands: list[tuple[str, int, int]], appetite: int) -> RiskMatrix:
    return RiskMatrix(
        size=size,
        likelihood_labels=LABELS[:size],
        impact_labels=LABELS[:size],
        bands=[RiskBand(id=i, label=i.capitalize(), min=lo, max=hi) for i, lo, hi in bands],
        appetite=appetite,
    )


DEFAULT = matrix(5, [("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("critical", 20, 25)], 10)
SMALL = matrix(3, [("low", 1, 2), ("medium", 3, 4), ("high", 6, 9)], 6)
LARGE = matrix(6, [("low", 1, 5), ("medium", 6, 11), ("high", 12, 20), ("critical", 24, 36)], 12)


def quartile_matrix(size: int, appetite: int | None = None) -> RiskMatrix:
    """A valid matrix of any size: achievable scores split into up to four contiguous bands."""
    scores = achievable_scores(size)
    n = len(scores)
    cuts = sorted({0, n // 4, n // 2, (3 * n) // 4, n})
    bands = []
    names = ["low", "medium", "high", "critical"]
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        bands.append((names[k], scores[a], scores[b - 1]))
    return matrix(size, bands, appetite or scores[n // 2])


def system(id: str = "s1", tier: str = "unknown", **kw: Any) -> AISystem:
    kw.setdefault("name", f"System {id}")
    return AISystem(id=id, assessment_id=AID, tier=tier, **kw)


def risk(ref: str = "R-001", likelihood: int = 3, impact: int = 3, **kw: Any) -> Risk:
    kw.setdefault("title", f"Risk {ref}")
    kw.setdefault("id", f"id-{ref}")
    return Risk(assessment_id=AID, ref=ref, likelihood=likelihood, impact=impact, **kw)


def answer(question_id: str, status: str, maturity: int | None = None, notes: str = "") -> Answer:
    return Answer(assessment_id=AID, question_id=question_id, status=status, maturity=maturity, notes=notes)


def answers(*items: tuple) -> dict[str, Answer]:
    return {item[0]: answer(*item) for item in items}


def action(title: str = "Fix it", **kw: Any) -> Action:
    kw.setdefault("id", f"act-{title}")
    return Action(assessment_id=AID, title=title, **kw)


def evidence(title: str, **kw: Any) -> EvidenceRef:
    kw.setdefault("id", f"ev-{title}")
    return EvidenceRef(assessment_id=AID, title=title, **kw)


def override(control_id: str, **kw: Any) -> SoAOverride:
    return SoAOverride(assessment_id=AID, control_id=control_id, **kw)


def engagement(
    *,
    matrix: RiskMatrix = DEFAULT,
    systems: Iterable[AISystem] = (),
    risks: Iterable[Risk] = (),
    answers: dict[str, Answer] | None = None,
    actions: Iterable[Action] = (),
    evidence: Iterable[EvidenceRef] = (),
    overrides: Iterable[SoAOverride] = (),
) -> Engagement:
    return Engagement(
        assessment=Assessment(id=AID, org="Acme Analytics Ltd", date=dt.date(2024, 3, 1)),
        settings=Settings(assessment_id=AID, matrix=matrix),
        systems=list(systems),
        risks=list(risks),
        answers=dict(answers or {}),
        actions=list(actions),
        evidence=list(evidence),
        soa_overrides={o.control_id: o for o in overrides},
    )
