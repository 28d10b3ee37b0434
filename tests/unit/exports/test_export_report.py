"""The gap report read back with python-docx: what a reader would check."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.oxml.ns import qn

from aims_tui.domain.figures import maturity_text, pct
from aims_tui.domain.risk import assess_risks
from aims_tui.domain.scoring import ranked_gaps, section_scores
from aims_tui.domain.soa import control_answer_status
from aims_tui.exports import write_gap_report
from aims_tui.exports.docx_common import BAND_FILL, STATUS_FILL
from docx_reader import all_text, cell_fill, find_table, headings, instr_texts, open_docx, rows, text_of


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
        "Executive summary", "Method", "Scope and AI systems", "Clauses 4–10 results", "Annex A controls",
        "Findings", "Risk register", "Remediation roadmap", "Appendix A Evidence index", "Appendix B Interviewees",
        "Appendix C Audit trail", "Appendix D Traceability matrix"]


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
        assert row.cells[4].text == maturity_text(s.mean_maturity)
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
    assert body["Overall"][2] == pct(overall.coverage)
    assert body["Overall"][3] == pct(overall.conformance)
    assert body["Annex A controls"][1] == str(scores["annex-a"].total)
    severity = {r[0]: r for r in rows(find_table(report, "Questions"))[1:]}
    gaps = ranked_gaps(content, engagement)
    assert severity["Not met"][3] == str(sum(1 for g in gaps if g.status == "not-met"))
    assert severity["Partially met"][3] == str(sum(1 for g in gaps if g.status == "partial"))
    assert severity["Not answered yet"][1:] == [str(scores["clauses"].unanswered), str(scores["annex-a"].unanswered),
                                                str(overall.unanswered)]


def test_findings_register_numbers_each_finding_once_most_severe_first(report, engagement, content):
    assert engagement.findings, "the fixture must raise findings"
    register = [t for t in report.tables if rows(t)[0][:2] == ["Ref", "Type"]][0]
    body = rows(register)[1:]
    assert [r[0] for r in body] == [f"F-{i:02d}" for i in range(1, len(engagement.findings) + 1)]
    labels = {t.id: t.label for t in content.scales.finding_types}
    rank = {t.label: i for i, t in enumerate(content.scales.finding_types)}
    assert [rank[r[1]] for r in body] == sorted(rank[r[1]] for r in body)
    for f in engagement.findings:
        row = next(r for r in body if f.text in r[3])
        assert row[1] == labels[f.type]
        assert row[2].startswith(content.question(f.question_id).ref + " ")
        assert f"Question {f.question_id}" in row[3]
    # the results tables cite the same numbers
    text = all_text(report)
    for r in body:
        assert text.count(r[0]) >= 2


def test_top_risks_lists_every_risk_at_or_above_appetite(report, engagement):
    assessed = assess_risks(engagement)
    above = [a for a in assessed if a.above_appetite]
    top = [t for t in report.tables if rows(t)[0][:2] == ["Ref", "Risk"]][0]
    listed = [r[0] for r in rows(top)[1:]]
    assert listed == [a.risk.ref for a in assessed[:min(max(len(above), 5), 10)]]
    assert {a.risk.ref for a in above[:10]} <= set(listed)


def test_risk_register_and_heat_map(report, engagement):
    assessed = assess_risks(engagement)
    tables = [t for t in report.tables if t.rows[0].cells[0].text == "Ref" and t.rows[0].cells[1].text == "Risk"]
    register = max(tables, key=lambda t: len(t.rows))
    refs = [r.cells[0].text for r in register.rows[1:]]
    assert refs == [a.risk.ref for a in assessed]
    for row, a in zip(register.rows[1:], assessed):
        assert row.cells[3].text == f"{a.likelihood}×{a.impact} = {a.score} {a.band.label}"
        assert cell_fill(row.cells[3]) == BAND_FILL[a.band.id]
    heat = [t for t in report.tables if t.rows[0].cells[0].text.startswith("5 ")][0]
    ids = [ref for r in heat.rows[:-1] for c in r.cells[1:] for ref in text_of(c._tc).split()]
    assert sorted(ids) == sorted(a.risk.ref for a in assessed)  # the risk ids in the cells (few enough here)
    # top-left cell (likelihood 5, impact 1) is score 5: medium
    assert cell_fill(heat.rows[0].cells[1]) == BAND_FILL["medium"]
    assert cell_fill(heat.rows[0].cells[5]) == BAND_FILL["critical"]


def test_roadmap_ranks_gaps_with_actions(report, engagement, content):
    gaps = ranked_gaps(content, engagement)
    table = find_table(report, "#")
    body = rows(table)[1:]
    refs = list(dict.fromkeys(g.ref for g in gaps))  # one row per requirement, in rank order (issue 13)
    assert [r[1].split()[0] for r in body] == refs
    for r, ref in zip(body, refs):
        for g in (g for g in gaps if g.ref == ref):
            assert g.question_id in r[2]
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


# --- QA walkthrough: metadata, rounding, layout, contents ---------------------------------------


def test_core_properties_are_this_document_not_the_template(engagement, content, tmp_path):
    """QA: File › Properties said "created 2013-12-23" (python-docx's template)."""
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    document = open_docx(write_gap_report(engagement, content, tmp_path))
    after = dt.datetime.now(dt.timezone.utc)
    props = document.core_properties
    a = engagement.assessment
    assert props.title == "Acme Analytics Ltd — AIMS gap assessment report"
    assert "ISO/IEC 42001" in props.subject and "0.3" in props.subject
    assert props.author == "Jane Consultant, Raj Auditor" == props.last_modified_by
    assert before <= props.created <= after and props.modified == props.created
    assert props.created.tzinfo is not None and props.created.utcoffset() == dt.timedelta(0)
    assert props.version == a.document_version == "0.3" and props.revision == 1
    assert "ISO/IEC 42001" in props.keywords
    assert props.content_status == "Draft"
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)
    # The template's thumbnail (a picture of another document) is not shipped.
    assert not any(p.partname.endswith(("thumbnail.jpeg", "thumbnail.wmf", "thumbnail.emf"))
                   for p in document.part.package.iter_parts())


def test_exported_at_is_the_files_created_and_modified_time(engagement, content):
    from aims_tui.exports.report import build_gap_report

    when = dt.datetime(2026, 11, 23, 18, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    props = build_gap_report(engagement, content, exported_at=when).document.core_properties
    assert props.created == props.modified == dt.datetime(2026, 11, 23, 16, 30, 5, tzinfo=dt.timezone.utc)


@pytest.fixture
def half_way(store, content):
    """Eight answers: 1 met, 7 not met (conformance 12.5%), maturities summing to 26 (mean 3.25)."""
    aid = store.create_assessment("Half Way Ltd", matrix=content.scales.default_matrix()).id
    for n, (q, maturity) in enumerate(zip(content.questions, [4, 3, 3, 3, 3, 3, 3, 4])):
        store.set_answer(aid, q.id, status="met" if n == 0 else "not-met", maturity=maturity)
    return store.engagement(aid)


def test_halves_round_up_in_the_report(half_way, content, tmp_path):
    """QA: a mean maturity of 3.25 printed as "3.2" (round half to even)."""
    overall = section_scores(content, half_way.answers)["overall"]
    assert overall.mean_maturity == 3.25 and overall.conformance == 12.5  # the premise
    document = open_docx(write_gap_report(half_way, content, tmp_path))
    body = {r[0]: r for r in rows(find_table(document, "Part"))[1:]}
    assert body["Overall"][3] == "13%" and body["Overall"][4] == "3.3"
    assert "Overall conformance is 13% and mean maturity is 3.3 on the 0–5 scale." in all_text(document)
    clause = content.structure.top(content.questions[0].ref)
    chart = _bar_charts(document)[0]
    label_row = next(r for r in rows(chart) if r[0].startswith(f"{clause} "))
    assert label_row[-1] == "13%"


def _bar_charts(document):
    return [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblBorders")) is not None
            and t._tbl.tblPr.find(f"{qn('w:tblBorders')}/{qn('w:insideV')}").get(qn("w:val")) == "nil"]


def _keeps_with_next(p) -> bool:
    ppr = p.find(qn("w:pPr"))
    keep = None if ppr is None else ppr.find(qn("w:keepNext"))
    return keep is not None and keep.get(qn("w:val"), "true") in ("true", "1", "on")


def test_bar_chart_stays_with_its_caption(report):
    """QA: the caption under the clause chart was orphaned onto the next page."""
    charts = _bar_charts(report)
    assert len(charts) == 2
    for chart in charts:
        tbl = chart._tbl
        # every paragraph of every row keeps with the next: the chart is one block ...
        for tr in tbl.tr_lst:
            assert all(_keeps_with_next(p) for p in tr.iter(qn("w:p")))
        # ... and so does everything between the chart and its caption.
        el = tbl.getnext()
        while el.tag == qn("w:p") and not _is_caption(el):
            assert _keeps_with_next(el)
            el = el.getnext()
        assert _is_caption(el) and "Conformance per" in "".join(t.text for t in el.iter(qn("w:t")))


def _is_caption(p) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style is not None and style.get(qn("w:val")) == "Caption"


# Advance widths of Calibri's lower-case letters in thousandths of an em (Carlito, which LibreOffice
# uses in its place, has the same metrics).
_CALIBRI = dict(zip("abcdefghijklmnopqrstuvwxyz", [479, 525, 423, 525, 498, 305, 471, 525, 229, 239, 455, 229,
                                                    799, 525, 527, 525, 525, 349, 391, 335, 525, 452, 715, 433,
                                                    453, 395]))


def _fits_one_line(word: str, width_dxa: int, size_pt: float = 8.5, margins_dxa: int = 140) -> bool:
    """Whether ``word`` fits a cell ``width_dxa`` wide on one line, with 15% to spare."""
    em = sum(_CALIBRI.get(c, 600) for c in word) / 1000
    return em * 1.15 * size_pt * 20 + margins_dxa <= width_dxa


def test_inventory_stage_and_role_fit_on_one_line(report, content):
    """QA: the narrow Stage column broke "deployme/nt"."""
    table = find_table(report, "AI system")
    header = [c.text for c in table.rows[0].cells]
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    for column, values in (("Stage", content.scales.lifecycle_stages), ("Role", content.scales.system_roles)):
        width = grid[header.index(column)]
        for value in values:
            for word in value.split("-"):  # Word may break after a hyphen
                assert _fits_one_line(word, width), (column, value, width)


def test_contents_placeholder_lists_every_heading_in_order(report):
    """Before fields are updated (LibreOffice, previews) the contents already read complete."""
    toc = [(int(p.style.name[-1]), p.text) for p in report.paragraphs if p.style.name in ("toc 1", "toc 2")]
    body = [(int(p.style.name[-1]), p.text) for p in report.paragraphs
            if p.style.name in ("Heading 1", "Heading 2")]
    assert toc == body and len(toc) > 20


def test_summary_concludes_on_readiness_and_how_firm_the_figures_are(report, engagement, content):
    text = all_text(report)
    scores = section_scores(content, engagement.answers)
    clause_gaps = {g.ref for g in ranked_gaps(content, engagement)
                   if g.status == "not-met" and content.structure.top(g.ref) in content.structure.clause_ids}
    if clause_gaps:
        assert "Not yet ready for a Stage 1 certification audit." in text
        assert f"{len(clause_gaps)} requirement" in text
    if scores["overall"].unanswered:
        assert (f"provisional: {scores['overall'].unanswered} of {scores['overall'].total} questions have not yet "
                "been covered") in text


def test_conclusion_when_everything_is_met(complete_engagement, content):
    import datetime as dt

    from aims_tui.exports.report import ReportData
    from aims_tui.exports.report.front import _conclusion

    text = _conclusion(content, ReportData.build(complete_engagement, content, dt.date(2026, 12, 3)))
    assert "not yet ready" not in text and "provisional" not in text
    assert text.startswith("No gap was found") and "Strongest" in text and "Weakest" not in text


def test_residual_risk_still_above_appetite_is_called_out(store, content):
    from aims_tui.exports.report import build_gap_report

    aid = store.create_assessment("Residual Co", matrix=content.scales.default_matrix()).id
    store.add_risk(aid, title="Drift", likelihood=5, impact=5, treatment="mitigate",
                   residual_likelihood=4, residual_impact=4)
    store.add_risk(aid, title="Bias", likelihood=5, impact=5, treatment="mitigate",
                   residual_likelihood=1, residual_impact=2)
    text = all_text(build_gap_report(store.engagement(aid), content).document)
    assert "R-001 remains at or above the risk appetite of 10 after treatment" in text
    assert "R-002 remain" not in text


def test_cover_has_classification_and_a_review_and_approval_block(report, engagement):
    text = all_text(report)
    assert f"Confidential: prepared for {engagement.assessment.org}" in text
    approval = find_table(report, "Role")
    assert [r[0] for r in rows(approval)[1:]] == ["Prepared by", "Reviewed by",
                                                  f"Accepted for {engagement.assessment.org}"]
    assert rows(approval)[1][1] == ", ".join(engagement.assessment.assessors)


def test_gaps_without_an_action_suggest_a_deliverable(report, engagement, content):
    gaps = ranked_gaps(content, engagement)
    bare = [g for g in gaps if not g.actions]
    assert bare, "the fixture must leave a gap without an action"
    table = [t for t in report.tables if rows(t)[0][:2] == ["#", "Requirement"]][0]
    body = {row[1].split()[0]: row for row in rows(table)[1:]}  # one row per requirement (issue 13)
    for g in bare:
        if not any(x.actions for x in gaps if x.ref == g.ref):
            first = next(q for q in content.questions if any(x.question_id == q.id for x in gaps if x.ref == g.ref))
            assert body[g.ref][-1] == "Suggested deliverable: " + first.evidence[0]
