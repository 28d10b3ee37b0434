"""The Word internal audit report read back as a reader sees it (issue 14): every nonconformity
statement with its requirement, evidence, root cause and verification; observations and OFIs; the
corrective-action log; the management-review input."""

from __future__ import annotations

import datetime as dt

import docx
from docx.oxml.ns import qn

from aims_tui.exports.audit_report import build_audit_report
from aims_tui.exports.routine import write_audit_report
from aims_tui.store import internal_audit as ia

TODAY = dt.date(2026, 12, 3)


def text_of(element) -> str:
    return "".join((el.text or "") if el.tag == qn("w:t") else "-"
                   for el in element.iter(qn("w:t"), qn("w:noBreakHyphen")))


def table_rows(document) -> list[list[str]]:
    return [[text_of(tc) for tc in tr.tc_lst] for t in document.tables for tr in t._tbl.tr_lst]


def headings(document, level: int) -> list[str]:
    return [text_of(p._p) for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _audit(store, aid):
    major = ia.add_finding(store, aid, ref="6.1.2", type="major-nc", text="No AI risk assessment for 2 systems",
                           evidence="risk register v3; 3 systems sampled")
    minor = ia.add_finding(store, aid, ref="A.6.2.4", type="minor-nc", text="V&V record missing for release 4.2",
                           evidence="release log, 5 releases sampled")
    ia.add_finding(store, aid, ref="7.2", type="observation", text="training plan not dated")
    ia.add_finding(store, aid, ref="9.1", type="ofi", text="dashboards could feed the review")
    done = ia.add_corrective_action(store, aid, title="Assess every AI system", finding_id=major.id, owner="Bob",
                                    due=dt.date(2026, 6, 30), root_cause="no process owner",
                                    correction="interim assessment of the chatbot")
    ia.verify_action(store, done.id, effective=True, by="Ann Auditor", note="re-sampled 3 systems",
                     on=dt.date(2026, 9, 1))
    ia.add_corrective_action(store, aid, title="V&V template in the release checklist", finding_id=minor.id,
                             owner="Cy", due=dt.date(2026, 11, 1), root_cause="checklist lacks the step")
    return major, minor


def test_every_nonconformity_statement_is_in_the_report(store, assessment, content, tmp_path):
    _audit(store, assessment.id)
    audit = ia.save_audit(store, assessment_id=assessment.id, title="Q3 internal audit", auditors=["Ann Auditor",
                          "Bo Second"], objectives="Check risk and V&V processes",
                          scope={"clauses": ["6.1"], "controls": ["A.6"], "systems": ["Chatbot"]},
                          start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 2))
    ia.add_interview(store, audit.id, auditee="Dana Ng", role="CISO", topics=["6.1"],
                     start=dt.datetime(2026, 9, 1, 9, 30))
    ia.add_sample(store, assessment.id, what="AI system risk assessments", population=3, size=3,
                  items=["Chatbot", "Scoring", "Triage"], question_id="6.1.2-q1")
    path = write_audit_report(store.engagement(assessment.id), content, tmp_path / "audit.docx", audit=audit,
                              interviews=ia.interviews(store, audit.id), samples=ia.samples(store, assessment.id))
    document = docx.Document(str(path))
    rows = table_rows(document)
    pairs = {r[0]: r[1] for r in rows if len(r) == 2}
    assert pairs["Audit"] == "Q3 internal audit"
    assert pairs["Objectives"] == "Check risk and V&V processes"
    assert pairs["Scope"] == "Clauses: 6.1; Annex A controls: A.6; AI systems: Chatbot"
    assert pairs["Audit team"] == "Ann Auditor (lead auditor), Bo Second"
    assert pairs["Auditees"] == "Dana Ng (CISO)"
    assert pairs["Audit dates"] == "2026-09-01 to 2026-09-02"
    assert "Criteria" in pairs

    ncs = [h for h in headings(document, 2) if h.startswith("NC-")]
    assert ncs == ["NC-01 Major nonconformity: 6.1.2 AI risk assessment",
                   f"NC-02 Minor nonconformity: A.6.2.4 {content.structure.title('A.6.2.4')}"]
    statements = [r for r in rows if r[0] in ("Requirement", "Evidence", "What was found", "Root cause",
                                              "Verification of effectiveness")]
    assert statements == [
        ["Requirement", "6.1.2 AI risk assessment"],
        ["Evidence", "risk register v3; 3 systems sampled"],
        ["What was found", "No AI risk assessment for 2 systems"],
        ["Root cause", "no process owner"],
        ["Verification of effectiveness", "Verified effective by Ann Auditor on 2026-09-01: re-sampled 3 systems"],
        ["Requirement", f"A.6.2.4 {content.structure.title('A.6.2.4')}"],
        ["Evidence", "release log, 5 releases sampled"],
        ["What was found", "V&V record missing for release 4.2"],
        ["Root cause", "checklist lacks the step"],
        ["Verification of effectiveness", "Not verified yet"],
    ]
    observations = [r for r in rows if r[0].startswith("OB-")]
    assert [(r[1], r[4]) for r in observations] == [
        ("Observation", "training plan not dated"), ("Opportunity for improvement", "dashboards could feed the review")]
    log = [r for r in rows if len(r) == 7 and r[0] != "Finding"]
    assert [(r[0], r[4], r[5]) for r in log] == [
        ("NC-01", "no process owner", "Closed (verified effective)"),
        ("NC-02", "checklist lacks the step", "Open")]
    assert any("Dana Ng" in r[0] and "6.1" in r[3] for r in rows if len(r) == 5)
    assert "Input to management review (9.3.2)" in headings(document, 1)
    assert ["AI system risk assessments", "3", "3", "Chatbot, Scoring, Triage", "seen", "6.1.2-q1"] in rows


def test_without_a_plan_the_assessment_stands_in_and_overdue_shows(store, assessment, content):
    _audit(store, assessment.id)
    document = build_audit_report(store.engagement(assessment.id), content, today=TODAY).document
    pairs = {r[0]: r[1] for r in table_rows(document) if len(r) == 2}
    assert pairs["Scope"] == "Customer-facing AI systems" and pairs["Audit team"] == "Test Assessor (lead auditor)"
    body = text_of(document.element.body)
    assert "2026-11-01 OVERDUE" in body  # the open corrective action is past due
    assert "does not conform in 1 respect" in body  # the draft conclusion names the major NC
    assert "Draft conclusion from the recorded findings" in body


def test_hostile_text_is_exported_literally(store, assessment, content):
    hostile = "[bold]x[/] \x00\x1b[31m \u202e RTL 🙂 <w:t>"
    f = ia.add_finding(store, assessment.id, ref="6.1", type="major-nc", text=hostile, evidence=hostile)
    ia.add_corrective_action(store, assessment.id, title=hostile, finding_id=f.id, root_cause=hostile)
    document = build_audit_report(store.engagement(assessment.id), content, today=TODAY).document
    body = text_of(document.element.body)
    assert "[bold]x[/]" in body and "<w:t>" in body and "🙂" in body


def test_management_review_input_counts_actions_from_earlier_audits(store, assessment, content):
    ia.add_corrective_action(store, assessment.id, title="Carried from the 2025 audit", due=dt.date(2026, 1, 1),
                             created_at=dt.datetime(2025, 10, 1, tzinfo=dt.timezone.utc))
    _audit(store, assessment.id)
    document = build_audit_report(store.engagement(assessment.id), content, today=TODAY).document
    paragraphs = [text_of(p._p) for p in document.paragraphs]
    review = paragraphs[paragraphs.index("Input to management review (9.3.2)"):]
    assert "1 action raised before this audit: 0 closed, 1 overdue." in review
    assert "Major nonconformity: 1; Minor nonconformity: 1; Observation: 1; Opportunity for improvement: 1." in review
    assert any(p.startswith("Actions: ") and "closed (verified effective): 1" in p for p in review)


def test_gap_report_shows_a_findings_own_requirement_and_no_missing_question(store, assessment, content):
    from aims_tui.exports.report import build_gap_report

    ia.add_finding(store, assessment.id, ref="A.6.2.4", type="minor-nc", text="raised without a question")
    document = build_gap_report(store.engagement(assessment.id), content, today=TODAY).document
    (row,) = [r for r in table_rows(document) if len(r) == 4 and r[0] == "F-01"]
    assert row[2] == f"A.6.2.4 {content.structure.title('A.6.2.4')}"
    assert row[3] == "raised without a question"  # not "Question None"


def test_a_firms_template_gives_its_header_and_styles(store, assessment, content, tmp_path):
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Firm & Partners LLP"
    template.add_paragraph("the template's own body text")
    template.save(str(tmp_path / "firm.docx"))
    _audit(store, assessment.id)
    document = build_audit_report(store.engagement(assessment.id), content, template=tmp_path / "firm.docx",
                                  today=TODAY).document
    assert "Firm & Partners LLP" in text_of(document.sections[0].header._element)
    assert "the template's own body text" not in text_of(document.element.body)
    assert headings(document, 1)[0] == "Summary conclusion"


def test_report_warns_when_an_auditor_audits_their_own_system(store, assessment, content):
    store.add_system(assessment.id, name="Chatbot", owner="Ann Auditor")
    audit = ia.save_audit(store, assessment_id=assessment.id, title="Q3", auditors=["Ann Auditor"],
                          scope={"systems": ["Chatbot"]})
    document = build_audit_report(store.engagement(assessment.id), content, audit=audit, today=TODAY).document
    paragraphs = [text_of(p._p) for p in document.paragraphs]
    assert "Auditor independence (9.2.2)" in paragraphs
    assert ("Auditor Ann Auditor owns the AI system 'Chatbot' in this audit's scope: auditors should not audit "
            "their own work (9.2.2)") in paragraphs
