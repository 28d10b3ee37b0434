"""A fictional client's engagement, so a newcomer sees a living assessment in seconds.

Everything here is invented: Fenwick & Hale Mutual, its people and its AI systems. The data is
deterministic (a fixed random seed) so README screenshots and tests stay stable.
"""

from __future__ import annotations

import random
import re
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
    "The Irish subsidiary's claims team in Dublin receives fraud scores but is not itself in scope. "
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
         eu_act_reach="no", eu_act_basis="Used only in the UK; no EU market and no output used in the EU",
         scope_reason=("Sets what members pay for health cover; would be high-risk under the EU AI Act "
                       "(life and health insurance pricing) if the Act reached it")),
    dict(name="Member chatbot", purpose="Answers member questions about policies and claims status",
         owner="Mei Lin", role="deployer", data_sources="Policy documents, FAQ, member account data",
         lifecycle_stage="operation", supplier="Large language model API (third party)", tier="limited",
         affected_groups=["members", "the public"], eu_act_reach="unknown",
         eu_act_basis=("Open to anyone on the public website; whether people in the EU use it has not been "
                       "checked; Mei Lin to pull visitor locations"),
         scope_reason="Talks to members directly"),
    dict(name="Fraud scoring engine", purpose="Scores claim payments for fraud review by investigators",
         owner="Callum Reid", role="deployer", data_sources="Payment events, device data",
         lifecycle_stage="operation", supplier="Vendor scoring platform", tier="minimal",
         affected_groups=["members"], eu_act_reach="yes",
         eu_act_basis=("Output used in the EU: scores on cross-border claims go to the claims team of the "
                       "Irish subsidiary in Dublin"),
         scope_reason="Fraud detection is not a high-risk use under the EU AI Act; in scope for its impact on members"),
    dict(name="Marketing copy assistant", purpose="Drafts marketing emails for staff to edit",
         owner="Mei Lin", role="user", lifecycle_stage="deployment", supplier="Office suite AI add-on",
         tier="minimal", affected_groups=["staff"], in_scope=False, eu_act_reach="no",
         eu_act_basis="Used only by UK staff for UK campaigns",
         scope_reason="Personal productivity tool: excluded from the AIMS scope"),
]
EXTRA_PEOPLE = {
    "A.10": ("Sam Patel", "Head of Procurement"),
    "9.2": ("Olivia Grant", "Internal Audit Manager"),
}
"""People who join the interview for their own topic (suppliers, internal audit)."""
SHORT_ROLES = {"Chief Risk Officer": "CRO", "Data Protection Officer": "DPO"}
SYSTEM_OF = {"Tom Okafor": "pricing model", "Mei Lin": "chatbot", "Callum Reid": "fraud engine"}
"""The in-scope system each owner talks about first."""
TEAM_OF = {"Tom Okafor": "Data Science", "Mei Lin": "Digital", "Callum Reid": "Claims Operations",
           "Priya Raman": "Risk", "Ines Duarte": "Data Protection"}
ASSESSOR = "Alex Morgan (Demo Consulting)"
WORKSHOP_DAYS = 3

# What a consultant types in the workshop, one list per status and angle. The angle is drawn with the
# engagement's own random numbers (three per status, as always, so the same questions get the same
# statuses); the wording within an angle is the voice's choice. {ev}: what was asked for or shown.
NOTES = {
    "met": [
        ["{who} shared the {ev} on screen ({doc}, approved {approved}). Current and owned; {first} could say "
         "how it is kept up to date.",
         "{Ev} shown by {who}: {doc}, signed off {approved}, covers all three in-scope systems. Copy "
         "requested for the file."],
        ["Checked {n} recent cases against the {ev} with {who}: all followed it, the latest dated {recent}.",
         "Walked through the {ev} with {who} and traced {n} cases since {since} through it; none missing an "
         "approver."],
        ["{who} explained the practice without notes and showed the {ev} in {tool}; last reviewed {recent}.",
         "{first} took us through the {ev} in {tool}. Clear ownership; {other} confirmed the {team} team "
         "uses it day to day."],
    ],
    "partial": [
        ["{who} showed the {ev} as draft v0.{minor}; not approved yet, goes to the AI Governance Committee "
         "in {month}.",
         "{who}: the {ev} {was} drafted in {since} but never signed off; practice follows the draft."],
        ["{who}: done for the {system} only; the {rest} are not covered. {Ev} shown for that system.",
         "{Ev} in place for the {system}; {first} said the {rest} 'will follow', no date given."],
        ["Works, but it sits with {who} alone and nothing is written down. No {ev} yet; {first} agreed to "
         "document it.",
         "{who} described the steps in detail; {other} had not heard of them. Depends on one person; "
         "{ev} not written."],
    ],
    "not-met": [
        ["Asked {who} for the {ev}: nothing exists. Agreed this is a gap.",
         "No {ev}. {who} confirmed nobody does this today; the team accepted it as a gap."],
        ["{who} not aware of any process for this; {other} thought {team} might hold something, found "
         "nothing. No {ev}.",
         "Neither {who} nor {other} knew who owns this. No {ev} on SharePoint or in the team folders."],
        ["Planned for {quarter} according to {who}, but no owner or budget yet; no {ev}.",
         "{who}: on the 2027 roadmap, not started. No {ev} and no interim workaround."],
    ],
}
# Findings as nonconformity statements: what was found (text) and the evidence it rests on. Four for
# not-met answers (their order shuffled, so no two alike in a row), two for partial ones.
FINDINGS = {
    "not-met": [
        ("No {ev} {exists} for any AI system in scope and no one has been made responsible for it.",
         "Interview with {who} on {day}; the {ev} {was} asked for and none produced"),
        ("The {ev} {is} planned but not started: no owner or date has been agreed and there is no interim "
         "practice.", "Interview with {who} on {day}; the plan was described verbally, no project record"),
        ("The {ev} {exists} informally for the {system} only; nothing is documented and the other in-scope AI "
         "systems are not covered.", "Walk-through with {who} on {day} of the {team} team's practice"),
        ("Responsibility for the {ev} sat with a manager who left in {since}; nobody has taken it over and "
         "nothing has been done since.", "Interview with {who} on {day}; the AI governance RACI v1.3 still "
                                         "names the leaver"),
    ],
    "partial": [
        ("observation", "The {ev} {works} in practice but depends on {name} alone; there is no written "
                        "procedure to fall back on.", "Interview with {who} on {day}; no procedure found in "
                                                      "the document system"),
        ("ofi", "The {ev} {is} compiled by hand; producing it from the source systems would make the next "
                "review quicker and less error-prone.", "Spreadsheet shown on screen by {who} on {day}"),
    ],
}
SINGULAR_VERBS = {"is": "is", "was": "was", "exists": "exists", "works": "works"}
PLURAL_VERBS = {"is": "are", "was": "were", "exists": "exist", "works": "work"}
LEAVER = FINDINGS["not-met"][3]
# How a remediation action is worded: by the deliverable that closes it.
DOCUMENT_WORDS = {"policy", "procedure", "plan", "template", "register", "matrix", "statement", "checklist",
                  "diagram", "inventory", "specification", "agenda", "schedule", "criteria", "requirements",
                  "note", "description", "rules", "methodology", "questionnaire", "programme", "manual",
                  "document", "file", "card", "guide", "pages", "sections", "list"}
RECORD_WORDS = {"records", "minutes", "log", "logs", "entries", "results", "report", "tracker", "notes",
                "archive", "history", "rates", "decisions", "assessments"}
ACTION_TITLES = {  # no owner in the title: the plan and the SoA name the owner beside it
    "document": ["{Ev} v1.0 approved by the AI Governance Committee and published on the intranet",
                 "{Ev} v1.0 signed off by the CRO and filed in the AIMS library"],
    "records": ["{Ev} kept for every in-scope AI system; first set reviewed by the CRO",
                "{Ev} kept from now on; first month's set checked by Internal Audit"],
    "other": ["{Ev} in place for the pricing model, chatbot and fraud engine",
              "{Ev} in place and confirmed at the next AI Governance Committee"],
}
MAJOR_ROOT_CAUSE = ("AI governance roles were set up for the pricing model project in 2024 and never extended "
                    "to the AIMS as a whole: no one owns documents that span all AI systems.")
MAJOR_CORRECTION = "Interim: {owner} named accountable on {day}, pending the approved document."
VERIFIED = {  # corrective action done at once and verified: for the leaver's gap, or any other minor one
    "leaver": ("{owner} took over the {ev} on {day}; the RACI was updated the same week.",
               "The handover checklist for leavers does not cover AIMS responsibilities.",
               "Updated RACI v1.4 seen on {checked}; {owner} named."),
    "other": ("{owner} named owner of the {ev} on {day}; a first version was drafted the same week.",
              "Nobody was asked to own it when the AIMS roles were set up.",
              "Named owner and first version seen on {checked}."),
}


DUE_IN_DAYS = {"high": 30, "medium": 60, "low": 90}
"""Actions are due sooner the higher their priority."""


NO_DEADLINE_DAYS = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))
"""Christmas and New Year: bank holidays or their eves, when nobody sets a deadline."""


def is_business_day(day: date) -> bool:
    """A weekday outside :data:`NO_DEADLINE_DAYS`."""
    return day.weekday() < 5 and (day.month, day.day) not in NO_DEADLINE_DAYS


def business_day(day: date, step: int = -1) -> date:
    """``day`` if it is a business day, else the nearest one before it (``step=-1``) or after it (``+1``)."""
    while not is_business_day(day):
        day += timedelta(days=step)
    return day


def add_business_days(day: date, n: int) -> date:
    """``n`` weekdays after (negative: before) ``day``."""
    step = 1 if n >= 0 else -1
    for _ in range(abs(n)):
        day = business_day(day + timedelta(days=step), step)
    return day


def workshop_days(today: date) -> list[date]:
    """Tuesday to Thursday of the week before ``today``'s (the report is written the week after), or of
    an earlier week when that one falls over Christmas or New Year."""
    monday = today - timedelta(days=today.weekday() + 7)
    while True:
        days = [monday + timedelta(days=n) for n in range(1, WORKSHOP_DAYS + 1)]
        if all(is_business_day(d) for d in days):
            return days
        monday -= timedelta(days=7)


def interview_day(ref: str, days: list[date]) -> date:
    """Day 1 leadership and planning (clauses 4-6), day 2 operation and performance (7-10) and the first
    Annex A groups, day 3 the life-cycle, data and supplier controls."""
    if not ref.startswith("A."):
        return days[0] if ref.split(".")[0] in ("4", "5", "6") else days[1]
    group = ref.split(".")[1]
    return days[1] if group.isdigit() and int(group) <= 5 else days[-1]


def said(day: date) -> str:
    """A date as a consultant writes it in a note: "Tue 3 Nov"."""
    return f"{day:%a} {day.day} {day:%b}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def short_title(evidence: str) -> str:
    """An evidence example as the name of one document: "AI system inventory with purpose and role per
    system" -> "AI system inventory"; "Deployment plan or release checklist" -> "Deployment plan"."""
    name = evidence.split(" (")[0]
    for joint in (" with ", " citing ", " showing ", " containing ", " covering ", " linking ", " mentioning ",
                  " including ", " in the ", " per ", " asking ", " for "):
        head = name.split(joint)[0]
        if len(head.split()) >= 2:
            name = head
    head = name.split(" or ")[0]
    if len(head.split()) >= 2 and not head.endswith("review"):
        name = head
    return name.rstrip(",;: ") or evidence.strip() or "evidence"


def _deliverable(evidence: str) -> str:
    """An evidence example as the object of a sentence: "AI incident communication plan" stays,
    "Data quality requirements" becomes "data quality requirements"."""
    return evidence[0].lower() + evidence[1:] if evidence[1:2].islower() else evidence


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _plural(noun: str) -> bool:
    """Whether a noun phrase takes a plural verb: "data quality requirements" does, "list of services" not."""
    head = re.split(r" (?:of|on|for|in) ", noun)[0]
    last = head.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "is", "us"))


def _priority(question: Question, content: Content, assessed: list[AssessedRisk], matrix: RiskMatrix) -> Priority:
    """As urgent as the gap ranks (docs/DOMAIN.md, "Ranking gaps"): high when the gap weakens a high or
    critical risk; medium when it weakens any risk, or is a clause 4-10 requirement (needed for
    certification); low for an Annex A control no risk relies on."""
    linked = linked_risks_for(question.ref, assessed)
    if any(band_rank(a.band.id, matrix) >= band_rank("high", matrix) for a in linked):
        return "high"
    return "medium" if linked or not content.is_control(question.ref) else "low"


class _Voice:
    """The consultant's wording: its own random draws, so the engagement's statuses stay as they were."""

    def __init__(self, seed: int, days: list[date]) -> None:
        self.rng = random.Random(seed)
        self.days = days
        self.doc_number = 100  # document ids go up in small random steps: distinct, never running out
        self.used: set[str] = set()

    def person(self, name: str) -> str:
        role = dict(PEOPLE).get(name) or dict(EXTRA_PEOPLE.values()).get(name, "")
        return f"{name} ({SHORT_ROLES.get(role, role)})"

    def fill(self, template: str, *, ev: str, name: str, day: date) -> str:
        self.doc_number += self.rng.randint(1, 9)
        others = [p for p, _ in PEOPLE if p != name]
        system = SYSTEM_OF.get(name) or self.rng.choice(list(SYSTEM_OF.values()))
        rest = " and ".join(s for s in SYSTEM_OF.values() if s != system)
        months_back = self.rng.randint(2, 14)
        approved = day - timedelta(days=30 * months_back + self.rng.randint(0, 27))
        values = dict(
            ev=ev, Ev=_cap(ev), **(PLURAL_VERBS if _plural(ev) else SINGULAR_VERBS), who=self.person(name),
            first=name.split()[0], name=name, other=self.person(self.rng.choice(others)),
            team=TEAM_OF.get(name, "Risk"), system=system, rest=rest,
            doc=f"FH-AI-{self.doc_number} v{self.rng.randint(1, 3)}.{self.rng.randint(0, 4)}",
            approved=long_date(approved), recent=long_date(day - timedelta(days=self.rng.randint(5, 60))),
            since=f"{approved:%B %Y}", n=self.rng.choice([5, 6, 8, 10, 12]), minor=self.rng.randint(2, 7),
            tool=self.rng.choice(["SharePoint", "Confluence", "the GRC tool", "Jira"]),
            month=f"{day + timedelta(days=self.rng.randint(20, 50)):%B}",
            quarter=self.rng.choice(["Q1 2027", "Q2 2027", "next year"]), day=long_date(day),
        )
        return template.format(**values)

    def note(self, status: str, angle: int, q: Question, name: str, day: date) -> str:
        """A distinct note: the angle's wordings in turn, then the question's other evidence examples."""
        variants = NOTES[status][angle]
        first = self.rng.randrange(len(variants))
        for ev in q.evidence:
            for k in range(len(variants)):
                text = self.fill(variants[(first + k) % len(variants)], ev=_deliverable(short_title(ev)),
                                 name=name, day=day)
                if text not in self.used:
                    self.used.add(text)
                    return text
        return f"{text} ({q.ref})"

    def action_title(self, ev: str, owner: str) -> str:
        name = short_title(ev)
        last = name.split()[-1].lower()
        kind = "document" if last in DOCUMENT_WORDS else "records" if last in RECORD_WORDS else "other"
        return self.fill(self.rng.choice(ACTION_TITLES[kind]), ev=_deliverable(name), name=owner, day=self.days[-1])


def write_demo(store: Store, content: Content, *, seed: int = 42003, today: date | None = None) -> str:
    """Write the demo engagement into ``store``; return the assessment id.

    The workshop ran over three business days a week before ``today``; each answer is dated (through its
    evidence and findings) on the day its topic was discussed, and actions fall due on business days
    after it."""
    rng = random.Random(seed)
    findings_rng = random.Random(seed + 1)  # its own draws: the answers stay as they were
    not_met_findings = list(FINDINGS["not-met"])
    findings_rng.shuffle(not_met_findings)
    n_findings = 0
    today = today or date.today()
    days = workshop_days(today)
    end = days[-1]
    voice = _Voice(seed + 2, days)
    matrix = content.scales.default_matrix()
    with store.transaction():
        assessment = store.create_assessment(ORG, SCOPE, assessors=[ASSESSOR], date_=days[0], kind="gap",
                                             matrix=matrix)
        aid = assessment.id
        store.update_assessment(aid, end_date=end)
        for name, role in [*PEOPLE, *EXTRA_PEOPLE.values()]:
            store.set_interviewee(aid, name, role)
        systems = [store.add_system(aid, **s) for s in SYSTEMS]

        questions = list(content.questions)
        answered = [q for i, q in enumerate(questions) if rng.random() < 0.55]
        to_remediate: list[tuple[Question, str]] = []
        to_find: list[tuple[Question, str, date, tuple]] = []
        answers: list[tuple[str, dict]] = []
        for q in answered:
            # No "not applicable" in the demo: clauses 4-10 cannot be excluded, and every Annex A control
            # has a plausible use at this client.
            status = rng.choices(["met", "partial", "not-met"], [4, 4, 3])[0]
            maturity = {"met": rng.choice([3, 4]), "partial": rng.choice([1, 2]), "not-met": rng.choice([0, 1])}[status]
            person = rng.choice(PEOPLE)[0]
            angle = rng.choice(range(3))  # three wordings per status, as many draws as ever
            day = interview_day(q.ref, days)
            people = [person] + [p for ref, (p, _) in EXTRA_PEOPLE.items() if q.ref.startswith(ref)]
            note = voice.note(status, angle, q, person, day)
            answers.append((q.id, dict(status=status, maturity=maturity, notes=note, interviewees=people)))
            control_id = q.ref if content.is_control(q.ref) else None
            title = short_title(q.evidence[0])
            if status == "met":  # "met" means shown with evidence: the assessor saw it
                store.add_evidence(aid, title=voice.fill("{Ev} ({doc})", ev=title, name=person, day=day),
                                   location=f"Shown on screen by {person}", state="seen",
                                   question_id=q.id, control_id=control_id, date=day)
            elif status == "partial" and rng.random() < 0.5:
                store.add_evidence(aid, title=voice.fill("{Ev} (draft v0.{minor})", ev=title, name=person, day=day),
                                   location=f"Document management system; {person} to send a copy",
                                   state="claimed", question_id=q.id, control_id=control_id, date=day)
            if status == "not-met" and rng.random() < 0.6:
                to_remediate.append((q, rng.choice(PEOPLE)[0]))
            if status == "not-met" and rng.random() < 0.25:
                to_find.append((q, person, day, not_met_findings[n_findings % len(not_met_findings)]))
                n_findings += 1  # no two alike in a row
            elif status == "partial" and findings_rng.random() < 0.12:
                to_find.append((q, person, day, findings_rng.choice(FINDINGS["partial"])))

        # Written last to first, so the app opens the demo where a newcomer starts reading: at the first
        # answered question (the app resumes at the most recently changed answer).
        for question_id, fields in reversed(answers):
            store.set_answer(aid, question_id, **fields)

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
                due=business_day(end + timedelta(days=90)),
            )
            risks.append(risk)
            if cat_id == "RC-01":
                store.add_action(aid, title="Fairness review of the health premium pricing model signed off by the CRO",
                                 owner="Tom Okafor", due=business_day(end + timedelta(days=45)), priority="high",
                                 risk_id=risk.id, control_id=entry.controls[0])
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
        owners = dict((q.id, owner) for q, owner in to_remediate)
        corrective: dict[str, dict] = {}  # question id -> the corrective-action fields of its nonconformity
        majors = 0
        verified = False
        for q, person, day, template in to_find:
            ev = _deliverable(short_title(q.evidence[0]))
            kind, text, evidence = template if len(template) == 3 else ("minor-nc", *template)
            if kind == "minor-nc" and majors < 2 and _priority(q, content, assessed, matrix) == "high":
                kind, majors = "major-nc", majors + 1  # a requirement a high risk relies on, not addressed
            finding = store.add_finding(aid, question_id=q.id, ref=q.ref, type=kind,
                                        text=voice.fill(text, ev=ev, name=person, day=day),
                                        evidence=voice.fill(evidence, ev=ev, name=person, day=day))
            if kind not in ("major-nc", "minor-nc"):
                continue  # observations and opportunities need no corrective action
            owner = owners.setdefault(q.id, person)
            corrective[q.id] = dict(finding_id=finding.id)
            if kind == "major-nc" and majors == 1:
                corrective[q.id].update(status="in-progress", root_cause=MAJOR_ROOT_CAUSE,
                                        correction=MAJOR_CORRECTION.format(owner=owner, day=long_date(end)))
            elif kind == "minor-nc" and not verified:  # corrected at once, checked the next day
                verified = True
                correction, cause, note = VERIFIED["leaver" if template is LEAVER else "other"]
                checked = add_business_days(end, 1)
                corrective[q.id].update(
                    status="done", root_cause=cause, verified_by=ASSESSOR, verified_on=checked, effective=True,
                    correction=correction.format(owner=owner, ev=ev, day=long_date(end)),
                    verification_note=note.format(owner=owner, checked=long_date(checked)))
        for q in questions:  # in the standard's order, as the action plan reads
            if q.id not in owners:
                continue
            priority = _priority(q, content, assessed, matrix)
            store.add_action(aid, title=voice.action_title(q.evidence[0], owners[q.id]), owner=owners[q.id],
                             due=business_day(end + timedelta(days=DUE_IN_DAYS[priority])), priority=priority,
                             question_id=q.id, control_id=q.ref if content.is_control(q.ref) else None,
                             **corrective.get(q.id, {}))

        store.set_soa_override(aid, "A.2.2", owner="Priya Raman")
    return aid
