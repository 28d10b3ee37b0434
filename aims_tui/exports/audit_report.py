"""The Word internal audit report (ISO/IEC 42001 9.2, 10.2, 9.3.2): domain objects in, a .docx out.

Objectives, scope, criteria, audit team, auditees and dates; the summary conclusion on conformity
and effectiveness; the nonconformity statements (requirement, evidence, what was found) each with
its corrective action; observations and opportunities for improvement; the corrective-action log;
and one page of input to management review. Same look and template support as the gap report
(the Word helpers of docx_common).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from aims_tui.domain.content import Content
from aims_tui.domain.internal_audit import (
    ACTION_STATE_LABELS,
    FINDING_LABELS,
    NONCONFORMITIES,
    Audit,
    Interview,
    Sample,
    action_state,
    independence_warnings,
    is_closed,
    is_overdue,
    nonconformities_without_action,
    verification_text,
)
from aims_tui.domain.figures import pct
from aims_tui.domain.models import Action, Engagement, Finding
from aims_tui.domain.scoring import section_scores
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.tables import Cell

GRADE_FILL = {"major-nc": w.SEVERITY_FILL["high"], "minor-nc": w.SEVERITY_FILL["medium"]}
GRADE_ORDER = {"major-nc": 0, "minor-nc": 1, "observation": 2, "ofi": 3}


def _requirement(content: Content, ref: str) -> str:
    if ref and ref in content.structure:
        return f"{ref} {content.structure.title(ref)}"
    return ref or "–"


def _finding_ref(content: Content, f: Finding) -> str:
    """The finding's requirement; for a finding raised on a question without one, the question's."""
    if f.ref:
        return f.ref
    if f.question_id and content.has_question(f.question_id):
        return content.question(f.question_id).ref
    return ""


def _numbered(findings: Sequence[Finding], prefix: str) -> list[tuple[str, Finding]]:
    ordered = sorted(findings, key=lambda f: GRADE_ORDER.get(f.type, 9))
    return [(f"{prefix}-{i:02d}", f) for i, f in enumerate(ordered, 1)]


def _list_text(items: Sequence[str]) -> str:
    return ", ".join(items) if items else ""


def build_audit_report(engagement: Engagement, content: Content, *, audit: Audit | None = None,
                       interviews: Sequence[Interview] = (), samples: Sequence[Sample] = (),
                       template: Path | None = None,
                       today: dt.date | None = None, exported_at: dt.datetime | None = None) -> w.Doc:
    """The internal audit report as a python-docx document (not yet saved). ``audit`` is the audit
    planned for this assessment, if any; without it, the assessment's scope, assessors and dates
    stand in for the plan."""
    today = today or dt.date.today()
    a = engagement.assessment
    ncs = [f for f in engagement.findings if f.type in NONCONFORMITIES]
    others = [f for f in engagement.findings if f.type not in NONCONFORMITIES]
    nc_refs = _numbered(ncs, "NC")
    other_refs = _numbered(others, "OB")
    number = {f.id: n for n, f in nc_refs + other_refs}
    actions = engagement.actions
    team = (audit.auditors if audit and audit.auditors else a.assessors)

    doc = w.new_document(template)
    title = audit.title if audit else f"Internal audit of {a.org}"
    w.set_core_properties(doc, title=f"{a.org} — internal audit report", subject=f"ISO/IEC 42001:2023 internal "
                          f"audit (9.2) of {a.org}: {title}", author=", ".join(team), version=a.document_version,
                          status="Final" if audit and audit.conclusion else "Draft", exported_at=exported_at)
    w.header_footer(doc, header_left=f"{a.org} · AIMS internal audit report (ISO/IEC 42001:2023)",
                    footer_left=f"{a.org} · version {a.document_version} · {today.isoformat()}",
                    draft=not (audit and audit.conclusion))

    # -- cover: the audit at a glance ------------------------------------------------------------
    w.para(doc, "ISO/IEC 42001:2023 · Artificial intelligence management system", style="Subtitle")
    w.para(doc, "Internal audit report", style="Title")
    w.para(doc, a.org, size=18, bold=True, color=w.MUTED, space_after=12)
    auditees = _auditees(engagement, interviews)
    scope = _scope_text(audit, a.scope)
    start = (audit.start if audit and audit.start else a.date)
    end = (audit.end if audit and audit.end else a.end_date)
    dates = start.isoformat() + (f" to {end.isoformat()}" if end and end != start else "")
    tb.key_value_table(doc, [
        ("Audit", title),
        ("Objectives", (audit.objectives if audit and audit.objectives else
                        "To determine whether the AI management system conforms to the organisation's own "
                        "requirements and to ISO/IEC 42001:2023, and is effectively implemented and "
                        "maintained (9.2.1).")),
        ("Scope", scope),
        ("Criteria", audit.criteria if audit else Audit(id="-", title="-").criteria),
        ("Audit team", (f"{team[0]} (lead auditor)" + (", " + ", ".join(team[1:]) if team[1:] else ""))
         if team else "–"),
        ("Auditees", auditees or "–"),
        ("Audit dates", dates),
        ("Report date", today.isoformat()),
        ("Earlier results considered", audit.earlier_results if audit and audit.earlier_results else "–"),
    ])

    if audit is not None:
        warnings = independence_warnings(audit, engagement.systems, engagement.risks, actions)
        if warnings:
            w.para(doc, "Auditor independence (9.2.2)", bold=True, color=w.DRAFT_RED, keep_with_next=True)
            for warning in warnings:
                w.bullet(doc, str(warning)[0].upper() + str(warning)[1:])

    # -- summary conclusion ----------------------------------------------------------------------
    w.heading(doc, "Summary conclusion", 1)
    w.para(doc, _conclusion(engagement, audit, today))
    counts = {t: sum(1 for f in engagement.findings if f.type == t) for t in FINDING_LABELS}
    tb.table(doc, [("Finding", 3), ("Number", 1)],
            [[Cell(FINDING_LABELS[t], fill=GRADE_FILL.get(t)), Cell(str(n), align="right")]
             for t, n in counts.items()])

    # -- interview schedule ----------------------------------------------------------------------
    if interviews:
        w.heading(doc, "Audit plan: interviews", 1)
        tb.table(doc, [("Auditee", 2), ("Role", 2), ("When", 1.6), ("Topics", 2.4), ("Held", 0.8)],
                [[i.auditee, i.role or "–", i.start.strftime("%Y-%m-%d %H:%M") if i.start else "–",
                  _list_text(i.topics) or "–", "yes" if i.done else "no"] for i in interviews])

    if samples:
        w.heading(doc, "Samples taken", 1)
        tb.table(doc, [("Sampled from", 2.6), ("Population", 1), ("Sample", 0.8), ("Items", 2.6), ("Seen", 0.7),
                      ("Question", 1.3)],
                [[s.what, "–" if s.population is None else str(s.population), str(s.size),
                  _list_text(s.items) or "–", "seen" if s.seen else "claimed", s.question_id or "–"]
                 for s in samples])

    # -- nonconformities -------------------------------------------------------------------------
    w.heading(doc, "Nonconformities", 1)
    if not nc_refs:
        w.para(doc, "No nonconformities were raised in this audit.")
    for n, f in nc_refs:
        w.heading(doc, f"{n} {FINDING_LABELS[f.type]}: {_requirement(content, _finding_ref(content, f))}", 2)
        pairs: list[tuple[str, object]] = [
            ("Grade", Cell(FINDING_LABELS[f.type], fill=GRADE_FILL.get(f.type))),
            ("Requirement", _requirement(content, _finding_ref(content, f))),
            ("Evidence", f.evidence or "–"),
            ("What was found", f.text or "–"),
        ]
        if f.question_id:
            pairs.append(("Question", f.question_id))
        mine = [act for act in actions if act.finding_id == f.id]
        if not mine:
            pairs.append(("Corrective action", Cell("None raised yet", color=w.DRAFT_RED)))
        tb.key_value_table(doc, pairs)
        for act in mine:
            tb.key_value_table(doc, _action_pairs(act, today), key_weight=1.0, value_weight=3.0)

    # -- observations and OFIs -------------------------------------------------------------------
    w.heading(doc, "Observations and opportunities for improvement", 1)
    if not other_refs:
        w.para(doc, "No observations or opportunities for improvement were recorded.")
    else:
        tb.table(doc, [("Ref", 0.7), ("Type", 1.6), ("Requirement", 2.2), ("Evidence", 2.2), ("Finding", 3.3)],
                [[Cell(n, bold=True), FINDING_LABELS[f.type], _requirement(content, _finding_ref(content, f)),
                  f.evidence or "–", f.text or "–"] for n, f in other_refs])

    # -- corrective-action log -------------------------------------------------------------------
    w.heading(doc, "Corrective-action log", 1)
    if not actions:
        w.para(doc, "No actions have been raised.")
    else:
        tb.table(doc, [("Finding", 0.8), ("Action", 2.2), ("Owner", 1.1), ("Due", 1), ("Root cause", 2),
                      ("Status", 1.4), ("Verification", 2)],
                [[number.get(act.finding_id or "", "–"), act.title, act.owner or "–",
                  Cell((act.due.isoformat() if act.due else "–") + (" OVERDUE" if is_overdue(act, today) else ""),
                       color=w.DRAFT_RED if is_overdue(act, today) else None),
                  act.root_cause or "–", ACTION_STATE_LABELS[action_state(act)], verification_text(act)]
                 for act in actions])

    # -- input to management review (9.3.2), one page -----------------------------------------------
    doc.document.add_page_break()
    _management_review(doc, engagement, content, audit, nc_refs, today)
    return doc


def _action_pairs(act: Action, today: dt.date) -> list[tuple[str, object]]:
    state = ACTION_STATE_LABELS[action_state(act)]
    if is_overdue(act, today):
        state += " — OVERDUE"
    return [
        ("Correction", act.correction or "–"),
        ("Root cause", act.root_cause or "–"),
        ("Corrective action", act.title),
        ("Owner, due", f"{act.owner or '–'}, {act.due.isoformat() if act.due else 'no due date'}"),
        ("Status", Cell(state, color=w.DRAFT_RED if is_overdue(act, today) else None)),
        ("Verification of effectiveness", verification_text(act)),
    ]


def _auditees(engagement: Engagement, interviews: Sequence[Interview]) -> str:
    seen: dict[str, str] = {}
    for i in interviews:
        seen.setdefault(i.auditee, i.role)
    for p in engagement.interviewees:
        seen.setdefault(p.name, p.role)
    return "; ".join(f"{name} ({role})" if role else name for name, role in seen.items())


def _scope_text(audit: Audit | None, fallback: str) -> str:
    if audit is None:
        return fallback or "–"
    s = audit.scope
    parts = [f"{label}: {', '.join(items)}" for label, items in
             (("Clauses", s.clauses), ("Annex A controls", s.controls), ("Processes", s.processes),
              ("AI systems", s.systems)) if items]
    return "; ".join(parts) or fallback or "The whole AI management system"


def _conclusion(engagement: Engagement, audit: Audit | None, today: dt.date) -> str:
    if audit and audit.conclusion:
        return audit.conclusion
    f = engagement.findings
    major = sum(1 for x in f if x.type == "major-nc")
    minor = sum(1 for x in f if x.type == "minor-nc")
    open_actions = [a for a in engagement.actions if not is_closed(a)]
    overdue = [a for a in open_actions if is_overdue(a, today)]
    if major:
        conformity = (f"The AI management system does not conform in {major} respect{'s' if major != 1 else ''} "
                      "(major nonconformities)")
    elif minor:
        conformity = "The AI management system conforms overall, with isolated lapses (minor nonconformities)"
    else:
        conformity = "No nonconformity was found: the AI management system conforms within the audited scope"
    effectiveness = (f"{len(open_actions)} action{'s are' if len(open_actions) != 1 else ' is'} not yet verified "
                     f"effective" + (f", {len(overdue)} overdue" if overdue else "") if open_actions
                     else "every action raised has been verified effective")
    return (f"{conformity}; {minor} minor nonconformit{'ies' if minor != 1 else 'y'} raised; {effectiveness}. "
            "Draft conclusion from the recorded findings: the audit team confirms or replaces it.")


def _management_review(doc: w.Doc, engagement: Engagement, content: Content, audit: Audit | None,
                       nc_refs: list[tuple[str, Finding]], today: dt.date) -> None:
    w.heading(doc, "Input to management review (9.3.2)", 1)
    actions = engagement.actions
    states = {s: sum(1 for a in actions if action_state(a) == s) for s in ACTION_STATE_LABELS}
    started = audit.start if audit and audit.start else engagement.assessment.date
    earlier = [a for a in actions if a.created_at.date() < started]
    w.para(doc, "Status of actions from earlier reviews and audits", bold=True, keep_with_next=True)
    if earlier:
        w.bullet(doc, f"{len(earlier)} action{'s' if len(earlier) != 1 else ''} raised before this audit: "
                 f"{sum(1 for a in earlier if is_closed(a))} closed, "
                 f"{sum(1 for a in earlier if is_overdue(a, today))} overdue.")
    else:
        w.bullet(doc, "No actions from earlier reviews are recorded in this file.")
    w.para(doc, "Audit results", bold=True, keep_with_next=True)
    overall = section_scores(content, engagement.answers)["overall"]
    w.bullet(doc, (f"Conformance over the questions answered: {pct(overall.conformance)}; "
                   if overall.conformance is not None else "No applicable question answered yet; ")
             + f"{overall.answered} of {overall.total} questions answered.")
    w.para(doc, "Nonconformities and corrective actions", bold=True, keep_with_next=True)
    grades = {t: sum(1 for f in engagement.findings if f.type == t) for t in FINDING_LABELS}
    w.bullet(doc, "; ".join(f"{FINDING_LABELS[t]}: {n}" for t, n in grades.items()) + ".")
    w.bullet(doc, "Actions: " + "; ".join(f"{ACTION_STATE_LABELS[s].lower()}: {n}" for s, n in states.items() if n)
             + "." if actions else "Actions: none raised.")
    missing = nonconformities_without_action(engagement.findings, actions)
    if missing:
        number = {f.id: n for n, f in nc_refs}
        w.bullet(doc, "Nonconformities without a corrective action: "
                 + ", ".join(number.get(f.id, f.id) for f in missing) + ".")
    w.para(doc, "Trends", bold=True, keep_with_next=True)
    w.bullet(doc, audit.earlier_results if audit and audit.earlier_results else
             "No earlier audit results are recorded to compare with; this audit is the baseline for trends.")
