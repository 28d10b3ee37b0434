"""The gap report read back with python-docx: what a reader would check."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.oxml.ns import qn

from aims_tui.domain.risk import assess_risks
from aims_tui.domain.scoring import ranked_gaps, section_scores
from aims_tui.domain.soa import control_answer_status
from aims_tui.exports import write_gap_report
from aims_tui.exports.docx_common import BAND_FILL, STATUS_FILL
from docx_reader import all_text, cell_fill, find_table, headings, instr_texts, open_docx, rows


@pytest.fixture
def report(engagement, content, tmp_path):
    path = write_gap_report(engagement, content, tmp_path)
    return open_docx(path)


def test_file_name_and_a4(engagement, content, tmp_path):
    path = write_gap_report(engagement, content, tmp_path)
    assert path.name == f"Acme-Analytics-Ltd-AIMS-gap-report-v0.3-{dt.date.today().isoformat()}.docx"
    section = open_docx(path).sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01


def test_chapters_in_order(report):
    assert headings(report, 1) == [
        "Executive summary", "Method", "Scope and AI systems", "Clause 4–10 results", "Annex A controls",
        "Risk register", "Remediation roadmap", "Appendix A Evidence index", "Appendix B Interviewees",
        "Appendix C Audit trail"]


def test_toc_field_updates_on_open(report):
    instr = instr_texts(report.element.body)
    assert any(i.strip().startswith("TOC") and '\\o "1-2"' in i for i in instr)
    begin = report.element.body.find(f".//{qn('w:fldChar')}")
    assert begin.get(qn("w:dirty")) == "true"
    assert report.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_cover_and_document_control(report, engagement):
    text = all_text(report)
    a = engagement.assessment
    for value in (a.org, a.scope, "Gap assessment", "Jane Consultant, Raj Auditor", "2026-11-18 to 2026-11-20",
                  "0.3 (draft)"):
        assert value in text
    assert "DRAFT" in text  # 10% unanswered
    control = find_table(report, "Version")
    assert rows(control)[1][0] == "0.3"


def test_every_subclause_once_with_its_status_and_colour(report, engagement, content):
    h3 = headings(report, 3)
    for sid in content.structure.clause_leaves:
        title = f"{sid} {content.structure.title(sid)}"
        assert h3.count(title) == 1, title
    # Each question's status cell carries the status label and the status colour.
    seen = 0
    for table in report.tables:
        if table.rows[0].cells[0].text != "Question":
            continue
        for row in table.rows[1:]:
            qid = row.cells[0].text.split()[0]
            answer = engagement.answers.get(qid)
            status = answer.status if answer else None
            expected = content.scales.status_label(status) if status else "Not answered"
            assert row.cells[1].text == expected, qid
            assert cell_fill(row.cells[1]) == STATUS_FILL[status], qid
            seen += 1
    assert seen == len([q for q in content.questions if q.ref in content.structure.clause_leaves])


def test_subclause_summary_matches_domain(report, engagement, content):
    scores = section_scores(content, engagement.answers)
    got = {}
    for table in report.tables:
        if table.rows[0].cells[0].text == "Ref" and table.rows[0].cells[1].text == "Title":
            for row in table.rows[1:]:
                got[row.cells[0].text] = row
    assert set(got) == set(content.structure.clause_leaves)
    for sid, row in got.items():
        s = scores[sid]
        assert row.cells[4].text == ("–" if s.mean_maturity is None else f"{s.mean_maturity:.1f}")
        assert row.cells[5].text == f"{s.answered}/{s.total}"
        statuses = [engagement.answers[q.id].status for q in content.questions_for(sid) if q.id in engagement.answers]
        assert cell_fill(row.cells[2]) == STATUS_FILL[control_answer_status(statuses)]


def test_all_38_controls_once_in_annex_a(report, content):
    ids = []
    for table in report.tables:
        if table.rows[0].cells[0].text == "Control":
            ids += [r.cells[0].text for r in table.rows[1:]]
    assert ids == content.structure.controls
    assert len(ids) == 38


def test_executive_summary_figures_match_domain(report, engagement, content):
    scores = section_scores(content, engagement.answers)
    part = find_table(report, "Part")
    body = {r[0]: r for r in rows(part)[1:]}
    overall = scores["overall"]
    assert body["Overall"][2] == f"{overall.coverage:.0f}%"
    assert body["Overall"][3] == f"{overall.conformance:.0f}%"
    assert body["Annex A controls"][1] == str(scores["annex-a"].total)
    severity = {r[0]: r for r in rows(find_table(report, "Severity"))[1:]}
    gaps = ranked_gaps(content, engagement)
    assert severity["Not met"][3] == str(sum(1 for g in gaps if g.status == "not-met"))
    assert severity["Partially met"][3] == str(sum(1 for g in gaps if g.status == "partial"))


def test_risk_register_and_heat_map(report, engagement):
    assessed = assess_risks(engagement)
    tables = [t for t in report.tables if t.rows[0].cells[0].text == "Ref" and t.rows[0].cells[1].text == "Risk"]
    register = max(tables, key=lambda t: len(t.rows))
    refs = [r.cells[0].text for r in register.rows[1:]]
    assert refs == [a.risk.ref for a in assessed]
    for row, a in zip(register.rows[1:], assessed):
        assert row.cells[4].text == f"{a.score} {a.band.label}"
        assert cell_fill(row.cells[4]) == BAND_FILL[a.band.id]
    heat = [t for t in report.tables if t.rows[0].cells[0].text.startswith("5 ")][0]
    total = sum(int(c.text) for r in heat.rows[:-1] for c in r.cells[1:] if c.text)
    assert total == len(assessed)
    # top-left cell (likelihood 5, impact 1) is score 5: medium
    assert cell_fill(heat.rows[0].cells[1]) == BAND_FILL["medium"]
    assert cell_fill(heat.rows[0].cells[5]) == BAND_FILL["critical"]


def test_roadmap_ranks_gaps_with_actions(report, engagement, content):
    gaps = ranked_gaps(content, engagement)
    table = find_table(report, "#")
    body = rows(table)[1:]
    assert [r[2].split()[0] for r in body] == [g.question_id for g in gaps]
    for r, g in zip(body, gaps):
        for action in g.actions:
            assert action.title in r[6] and (action.owner in r[6])


def test_appendices_evidence_interviewees_audit_hash(report, engagement):
    text = all_text(report)
    assert engagement.audit_head and engagement.audit_head in text
    ev_tables = [t for t in report.tables if t.rows[0].cells[0].text == "#" and t.rows[0].cells[1].text == "Evidence"]
    assert len(ev_tables[0].rows) - 1 == len(engagement.evidence)
    for person in engagement.interviewees:
        assert person.name in text and person.role in text


def test_final_report_has_no_draft_mark(complete_engagement, content, tmp_path):
    document = open_docx(write_gap_report(complete_engagement, content, tmp_path))
    assert "DRAFT" not in all_text(document)
    header = document.sections[0].header
    assert "DRAFT" not in "".join(p.text for p in header.paragraphs)
    assert "Final Co" in "".join(p.text for p in header.paragraphs)


def test_draft_mark_in_header_while_unresolved(report):
    assert "DRAFT" in "".join(p.text for p in report.sections[0].header.paragraphs)
    footer = report.sections[0].footer._element
    assert {"PAGE", "NUMPAGES"} <= {i.strip() for i in instr_texts(footer)}


def test_empty_engagement_exports(store, content, tmp_path):
    aid = store.create_assessment("Empty Org", matrix=content.scales.default_matrix()).id
    document = open_docx(write_gap_report(store.engagement(aid), content, tmp_path))
    assert "No AI risks have been recorded." in all_text(document)


def test_contents_follow_the_cover(report):
    texts = [p.text for p in report.paragraphs]
    contents = texts.index("Contents")
    assert contents < texts.index("Executive summary")
    assert "Document control" in texts[:contents]
    toc_entries = [p.text for p in report.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert toc_entries[0] == "Executive summary" and "Appendix C Audit trail" in toc_entries
