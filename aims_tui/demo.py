"""A fictional client's engagement, so a newcomer sees a living assessment in seconds.

Everything here is invented: Fenwick & Hale Mutual, its people and its AI systems. The data is
deterministic (a fixed random seed) so README screenshots and tests stay stable.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from aims_tui.domain.content import Content, Question
from aims_tui.domain.models import Priority, RiskMatrix
from aims_tui.domain.risk import AssessedRisk, assess_risk, band_rank
from aims_tui.domain.scoring import linked_risks_for
from aims_tui.store import Store

ORG = "Fenwick & Hale Mutual (fictional)"
SCOPE = (
    "The AI management system covers the AI systems Fenwick & Hale uses to serve members in the UK: "
    "the health premium pricing model, the member-service chatbot and the fraud-scoring engine, the teams "
    "that build and run them (Data Science, Digital, Claims Operations) and the Leeds and Bristol sites. "
    "Excluded: the HR CV-screening pilot (paused, to be scoped in 2027) and personal productivity tools "
    "such as the marketing copy assistant."
)
PEOPLE = [
    ("Priya Raman", "Chief Risk Officer"),
    ("Tom Okafor", "Head of Data Science"),
    ("Ines Duarte", "Data Protection Officer"),
    ("Callum Reid", "Claims Operations Manager"),
    ("Mei Lin", "Head of Digital"),
]
SYSTEMS = [
    dict(name="Health premium pricing model", purpose="Prices individual health-insurance cover from member data",
         owner="Tom Okafor", role="developer", data_sources="Claims history 2015-2025, member health questionnaires",
         lifecycle_stage="operation", tier="high", affected_groups=["policyholders", "applicants"],
         scope_reason="High-risk under the EU AI Act (life and health insurance pricing)"),
    dict(name="Member chatbot", purpose="Answers member questions about policies and claims status",
         owner="Mei Lin", role="deployer", data_sources="Policy documents, FAQ, member account data",
         lifecycle_stage="operation", supplier="Large language model API (third party)", tier="limited",
         affected_groups=["members", "the public"], scope_reason="Talks to members directly"),
    dict(name="Fraud scoring engine", purpose="Scores claim payments for fraud review by investigators",
         owner="Callum Reid", role="deployer", data_sources="Payment events, device data",
         lifecycle_stage="operation", supplier="Vendor scoring platform", tier="minimal",
         affected_groups=["members"],
         scope_reason="Fraud detection is not a high-risk use under the EU AI Act; in scope for its impact on members"),
    dict(name="Marketing copy assistant", purpose="Drafts marketing emails for staff to edit",
         owner="Mei Lin", role="user", lifecycle_stage="deployment", supplier="Office suite AI add-on",
         tier="minimal", affected_groups=["staff"], in_scope=False,
         scope_reason="Personal productivity tool: excluded from the AIMS scope"),
]
NOTES = {
    "met": ["Shown the approved document on screen; version and approval date current.",
            "Walked through the records for the last quarter; complete and signed off.",
            "Evidence seen in the document system; owner could explain it clearly."],
    "partial": ["Exists as a draft; not yet approved by the board.",
                "Done for the pricing model only; the chatbot and fraud engine are not covered.",
                "Practice is real but relies on one person; nothing written down."],
    "not-met": ["Nothing in place yet; the team agreed this is a gap.",
                "Interviewee was not aware of any process for this.",
                "Planned for next year; no owner assigned."],
}
FINDINGS = {
    "not-met": [("major-nc", "Not in place for any AI system in scope and no one has been made responsible for it; "
                             "the requirement is not addressed at all."),
                ("minor-nc", "Planned but not started: no owner or date has been agreed, and no interim "
                             "practice exists."),
                ("minor-nc", "Done informally by one team for one system; nothing is documented and the other "
                             "AI systems in scope are not covered."),
                ("minor-nc", "The responsibility was given to someone who has since left; nobody has taken it "
                             "over and nothing has been done since.")],
    "partial": [("observation", "Works in practice but depends on one person; no written procedure."),
                ("ofi", "Collecting this evidence automatically would make the next review quicker.")],
}


DUE_IN_DAYS = {"high": 30, "medium": 60, "low": 90}
"""Actions are due sooner the higher their priority."""


def _deliverable(evidence: str) -> str:
    """An evidence example as the object of a sentence: "AI incident communication plan" stays,
    "Data quality requirements" becomes "data quality requirements"."""
    return evidence[0].lower() + evidence[1:] if evidence[1:2].islower() else evidence


def _priority(question: Question, content: Content, assessed: list[AssessedRisk], matrix: RiskMatrix) -> Priority:
    """As urgent as the gap ranks (docs/DOMAIN.md, "Ranking gaps"): high when the gap weakens a high or
    critical risk; medium when it weakens any risk, or is a clause 4-10 requirement (needed for
    certification); low for an Annex A control no risk relies on."""
    linked = linked_risks_for(question.ref, assessed)
    if any(band_rank(a.band.id, matrix) >= band_rank("high", matrix) for a in linked):
        return "high"
    return "medium" if linked or not content.is_control(question.ref) else "low"


def write_demo(store: Store, content: Content, *, seed: int = 42003, today: date | None = None) -> str:
    """Write the demo engagement into ``store``; return the assessment id."""
    rng = random.Random(seed)
    findings_rng = random.Random(seed + 1)  # its own draws: the answers stay as they were
    not_met_findings = list(FINDINGS["not-met"])
    findings_rng.shuffle(not_met_findings)
    n_findings = 0
    today = today or date.today()
    start = today  # the workshop day: interviews, evidence and the assessment share one date
    matrix = content.scales.default_matrix()
    with store.transaction():
        assessment = store.create_assessment(
            ORG, SCOPE, assessors=["Alex Morgan (Demo Consulting)"], date_=start, kind="gap", matrix=matrix,
        )
        aid = assessment.id
        for name, role in PEOPLE:
            store.set_interviewee(aid, name, role)
        systems = [store.add_system(aid, **s) for s in SYSTEMS]

        questions = list(content.questions)
        answered = [q for i, q in enumerate(questions) if rng.random() < 0.55]
        to_remediate: list[tuple[Question, str, date]] = []
        for q in answered:
            # No "not applicable" in the demo: clauses 4-10 cannot be excluded, and every Annex A control
            # has a plausible use at this client.
            status = rng.choices(["met", "partial", "not-met"], [4, 4, 3])[0]
            maturity = {"met": rng.choice([3, 4]), "partial": rng.choice([1, 2]), "not-met": rng.choice([0, 1])}[status]
            people = [rng.choice(PEOPLE)[0]]
            store.set_answer(aid, q.id, status=status, maturity=maturity, notes=rng.choice(NOTES[status]),
                             interviewees=people)
            control_id = q.ref if content.is_control(q.ref) else None
            if status == "met":  # "met" means shown with evidence: the assessor saw it
                store.add_evidence(aid, title=q.evidence[0], location="Shown on screen", state="seen",
                                   question_id=q.id, control_id=control_id, date=start)
            elif status == "partial" and rng.random() < 0.5:
                store.add_evidence(aid, title=q.evidence[0], location="Document management system", state="claimed",
                                   question_id=q.id, control_id=control_id, date=start)
            if status == "not-met" and rng.random() < 0.6:
                to_remediate.append((q, rng.choice(PEOPLE)[0]))
            if status == "not-met" and rng.random() < 0.25:
                kind, text = not_met_findings[n_findings % len(not_met_findings)]  # no two alike in a row
                n_findings += 1
                store.add_finding(aid, question_id=q.id, type=kind, text=text)
            elif status == "partial" and findings_rng.random() < 0.12:
                kind, text = findings_rng.choice(FINDINGS["partial"])
                store.add_finding(aid, question_id=q.id, type=kind, text=text)

        by_id = {r.id: r for r in content.catalogue}
        picks = [("RC-01", 0), ("RC-02", 0), ("RC-04", 1), ("RC-10", 1), ("RC-29", 1), ("RC-09", 2),
                 ("RC-18", 2), ("RC-08", 0)]
        risks = []
        for cat_id, system_index in picks:
            entry = by_id.get(cat_id)
            if entry is None:
                continue
            risk = store.add_risk(
                aid, title=entry.title, description=entry.description, category=entry.category,
                catalogue_id=entry.id, likelihood=entry.likelihood, impact=entry.impact,
                controls=list(entry.controls), system_id=systems[system_index].id,
                owner=systems[system_index].owner, treatment="mitigate",
                residual_likelihood=max(1, entry.likelihood - 1), residual_impact=entry.impact,
                due=today + timedelta(days=90),
            )
            risks.append(risk)
            if cat_id == "RC-01":
                store.add_action(aid, title="Run a fairness review of the health premium pricing model", owner="Tom Okafor",
                                 due=today + timedelta(days=45), priority="high", risk_id=risk.id,
                                 control_id=entry.controls[0])
        # Out-of-scope tools (the marketing copy assistant) are not in the register; the risk that staff
        # use such tools for in-scope work is, organisation-wide, accepted with its reason.
        shadow = by_id["RC-28"]
        risks.append(store.add_risk(
            aid, title=shadow.title, description=shadow.description, category=shadow.category,
            catalogue_id=shadow.id, likelihood=2, impact=2, controls=list(shadow.controls), treatment="accept",
            owner="Priya Raman", residual_likelihood=2, residual_impact=2,
            acceptance_reason=("Low: the staff AI-use rules forbid member data in personal AI tools, and the "
                               "marketing copy assistant only drafts text that staff edit.")))

        systems_by_id = {s.id: s for s in systems}
        assessed = [assess_risk(r, matrix, systems_by_id.get(r.system_id)) for r in risks]
        for q, owner in to_remediate:
            priority = _priority(q, content, assessed, matrix)
            store.add_action(aid, title=f"{q.ref}: produce the {_deliverable(q.evidence[0])}", owner=owner,
                             due=today + timedelta(days=DUE_IN_DAYS[priority]), priority=priority, question_id=q.id,
                             control_id=q.ref if content.is_control(q.ref) else None)

        store.set_soa_override(aid, "A.2.2", owner="Priya Raman")
    return aid
