"""Engagements for export tests and the P4 benchmark, built through the real Store.

Deterministic (a seeded Random): the same arguments give the same engagement content.
"""

from __future__ import annotations

import datetime as dt
import random

from aims_tui.domain.content import Content
from aims_tui.store import Store

PEOPLE = [("Priya Shah", "Head of Data Science"), ("Tom Becker", "CTO"), ("Amara Okafor", "DPO"),
          ("Luis García", "Product owner, credit scoring"), ("Mei Lin", "Internal audit lead")]
SYSTEM_NAMES = ["Credit scoring model", "Support chatbot", "CV screening assistant", "Fraud detector",
                "Demand forecaster", "Document classifier", "Churn predictor", "Pricing engine"]
TIERS = ["high", "limited", "high", "minimal", "minimal", "limited", "minimal", "unknown"]
LONG_TEXT_SHAPES = {
    "words": lambda n: ("word " * (n // 5 + 1))[:n],
    "one long word": lambda n: "x" * n,
    "hyphens": lambda n: ("ab-" * (n // 3 + 1))[:n],
    "references": lambda n: ("R-001-" * (n // 6 + 1))[:n],
    "lines": lambda n: ("y" * 99 + "\n") * (n // 100),
    "tabs": lambda n: "z\t" * (n // 2),
    "spaced tabs": lambda n: " z \t" * (n // 4),
}
"""Texts of about n characters in the shapes that once made an export slow (docs/CONTRACT.md P7)."""

NOTES = [
    "Policy drafted by the CTO in 2025, approved by the board; not yet communicated to developers.",
    "Shown on screen: risk register in Confluence, last reviewed six months ago.",
    "Nothing written down; the team relies on the Head of Data Science's judgement.",
    "Procedure exists for the credit model only; other systems are not covered.",
    "Evidence seen: training records for 12 of 15 staff.",
]


def build(store: Store, content: Content, *, org: str = "Acme Analytics Ltd", systems: int = 5,
          risks: int = 20, answer: float = 1.0, seed: int = 7, notes: bool = True) -> str:
    """A populated assessment; returns its id. ``answer`` is the share of questions answered."""
    rnd = random.Random(seed)
    aid = store.create_assessment(org, "Customer-facing AI systems of the retail lending division, "
                                       "London and Leeds sites. HR analytics is excluded (separate programme).",
                                  assessors=["Jane Consultant", "Raj Auditor"], date_=dt.date(2026, 11, 18),
                                  matrix=content.scales.default_matrix()).id
    store.update_assessment(aid, end_date=dt.date(2026, 11, 20), document_version="0.3")
    for name, role in PEOPLE:
        store.set_interviewee(aid, name, role)
    system_ids = []
    for i in range(systems):
        s = store.add_system(aid, name=f"{SYSTEM_NAMES[i % len(SYSTEM_NAMES)]}" + (f" {i // 8 + 1}" if i >= 8 else ""),
                             purpose="Scores loan applications for affordability and default risk"
                             if i % 8 == 0 else "Answers customer questions in the banking app",
                             owner=PEOPLE[i % 5][0], role="provider" if i % 3 else "deployer",
                             lifecycle_stage="operation", supplier="OpenModel Inc." if i % 4 == 1 else "",
                             tier=TIERS[i % len(TIERS)])
        system_ids.append(s.id)
    statuses = ["met", "met", "partial", "not-met", "partial", "met", "not-applicable"]
    questions = list(content.questions)
    for n, q in enumerate(questions):
        if n >= int(len(questions) * answer):
            break
        status = statuses[rnd.randrange(len(statuses))]
        store.set_answer(aid, q.id, status=status,
                         maturity=None if status == "not-applicable" else {"met": 3, "partial": 2}.get(status, 1),
                         notes=NOTES[n % len(NOTES)] if notes else "",
                         interviewees=[PEOPLE[n % 5][0]])
    for i in range(risks):
        item = content.catalogue[i % len(content.catalogue)]
        store.add_risk(aid, title=item.title, description=item.description[:160], catalogue_id=item.id,
                       category=item.category, likelihood=rnd.randint(1, 5), impact=rnd.randint(1, 5),
                       treatment=["mitigate", "mitigate", "transfer", "accept"][i % 4],
                       acceptance_reason="Board accepted in Q3 minutes" if i % 8 == 3 else "",
                       controls=list(item.controls), owner=PEOPLE[i % 5][0],
                       system_id=system_ids[i % len(system_ids)] if system_ids else None,
                       residual_likelihood=2 if i % 2 else None, residual_impact=2 if i % 2 else None)
    gaps = [q for q in questions if (a := store.answer(aid, q.id)) and a.status in ("not-met", "partial")]
    for i, q in enumerate(gaps[:12]):
        store.add_action(aid, title=f"Close gap {q.ref}: write and approve the procedure", owner=PEOPLE[i % 5][0],
                         due=dt.date(2027, 1 + i % 12, 15), priority=["high", "medium", "low"][i % 3],
                         question_id=q.id)
    for i, q in enumerate(questions[:6]):
        store.add_evidence(aid, title=f"Evidence document {i + 1}", location="SharePoint /AIMS/policies",
                           state="seen" if i % 2 else "claimed", date=dt.date(2026, 11, 18), question_id=q.id)
    if gaps:
        store.add_finding(aid, question_id=gaps[0].id, type="minor-nc", text="Procedure not followed in March.")
    return aid
