"""The gap report read back as a reader sees it (issue 13): the summary opens with the Stage 1
verdict and names the major nonconformities, majors rank first, the roadmap has one row per
requirement in workstreams and phases, the unanswered questions are one compact list, and the
traceability matrix matches the engagement."""

from __future__ import annotations

import datetime as dt

import pytest
from docx_reader import all_text, find_table, rows, text_of

from aims_tui.demo import write_demo
from aims_tui.domain.readiness import assess_readiness
from aims_tui.domain.roadmap import PHASES, action_numbers, plan_roadmap, traceability
from aims_tui.domain.scoring import ranked_gaps
from aims_tui.exports.report import ReportData, build_gap_report

TODAY = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, content):
    from aims_tui.store import Store

    store = Store.open(tmp_path_factory.mktemp("demo") / "demo.db", actor="Test Assessor")
    engagement = store.engagement(write_demo(store, content, today=TODAY))
    document = build_gap_report(engagement, content, today=TODAY).document
    yield engagement, document
    store.close()


def _section(document, start: str, stop: str) -> list:
    """Paragraphs and tables between the Heading 1 ``start`` and the Heading 1 ``stop``."""
    body, inside, out = document.element.body, False, []
    for el in body:
        text = text_of(el)
        style = el.find(".//{*}pStyle")
        heading = style is not None and style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") \
            in ("Heading1", "Heading 1")
        if heading and text == start:
            inside = True
            continue
        if heading and text == stop and inside:
            break
        if inside:
            out.append(el)
    return out


def _text(elements) -> str:
    return "\n".join(text_of(el) for el in elements)


def test_summary_opens_with_the_verdict_and_names_every_major(demo, content):
    engagement, document = demo
    r = assess_readiness(content, engagement)
    assert r.majors, "the demo must have major nonconformities"
    summary = _section(document, "Executive summary", "Method")
    assert text_of(summary[0]) == "Readiness for Stage 1"
    assert text_of(summary[1]) == "Not yet ready for a Stage 1 certification audit."
    assert text_of(summary[2]).startswith("Why: ") and "major nonconformit" in text_of(summary[2])
    table = next(t for t in document.tables if rows(t)[0] == ["Requirement", "Basis", "Questions"])
    assert [row[0].split()[0] for row in rows(table)[1:]] == [m.ref for m in r.majors]
    data = ReportData.build(engagement, content, TODAY)
    for m, row in zip(r.majors, rows(table)[1:]):
        for f in m.finding_ids:
            assert data.finding_refs[f] in row[1]
        assert all(q in row[2] for q in m.question_ids)


def test_summary_names_the_risk_decisions_and_where_unanswered_questions_are(demo, content):
    engagement, document = demo
    r = assess_readiness(content, engagement)
    text = _text(_section(document, "Executive summary", "Method"))
    for ref in r.decisions:
        assert ref in text
    assert f"{r.unanswered} of {r.total} questions" in text and "\u201cQuestions not yet covered\u201d" in text
    assert "Weakest:" not in text


def test_majors_lead_the_first_steps_and_the_ranked_gaps(demo, content):
    engagement, document = demo
    gaps = ranked_gaps(content, engagement)
    majors = list(dict.fromkeys(g.ref for g in gaps if g.major))
    steps = [p.text for p in document.paragraphs if p.style.name == "List Number"][:5]
    assert steps and all(s.startswith("Close the major nonconformity") for s in steps[:len(majors)])
    table = find_table(document, "#")
    ranked = [row[1].split()[0] for row in rows(table)[1:]]
    assert ranked[:len(majors)] == majors
    assert all("Major nonconformity" in row[1] for row in rows(table)[1:len(majors) + 1])
    assert not any("Major nonconformity" in row[1] for row in rows(table)[len(majors) + 1:])


def test_ranked_gaps_one_row_per_requirement_and_no_action_said_once(demo, content):
    engagement, document = demo
    gaps = ranked_gaps(content, engagement)
    table = find_table(document, "#")
    ranked = [row[1].split()[0] for row in rows(table)[1:]]
    assert len(ranked) == len(set(ranked)) == len({g.ref for g in gaps})
    assert len(ranked) < len(gaps)  # the demo has requirements with more than one gap
    text = all_text(document)
    assert "No action raised yet" not in text
    bare = {g.ref for g in gaps} - {g.ref for g in gaps if g.actions}
    assert text.count("no remediation action yet") == (1 if bare else 0)


def test_workstreams_phases_and_stage1_date(demo, content):
    engagement, document = demo
    plan = plan_roadmap(content, engagement)
    table = find_table(document, "Workstream")
    assert rows(table)[0] == ["Workstream", "Days 0–30", "Days 30–90", "Days 90–180", "Owners"]
    cells = {row[0]: row for row in rows(table)[1:]}
    for (_, title), items in plan.workstreams():
        for it in items:
            column = 1 + [p.id for p in PHASES].index(it.phase.id)
            assert it.ref in cells[title][column].split(", ")
    assert f"Suggested Stage 1 audit: {plan.stage1.isoformat()}" in all_text(document)


def test_unanswered_questions_are_one_compact_list(demo, content):
    engagement, document = demo
    roadmap = _section(document, "Remediation roadmap", "Appendix A Evidence index")
    texts = [text_of(el) for el in roadmap]
    start = texts.index("Questions not yet covered")
    lines = texts[start + 2:]
    unanswered = [q.id for q in content.questions if q.id not in engagement.answers]
    assert len(unanswered) > 20 and len(lines) <= 16
    listed = [qid for line in lines for qid in line.split(": ", 1)[1].split(", ")]
    assert listed == unanswered


def test_traceability_matrix_rows_match_the_engagement(demo, content):
    engagement, document = demo
    data = ReportData.build(engagement, content, TODAY)
    trace = traceability(content, engagement)
    table = find_table(document, "Requirement", nth=len([t for t in document.tables
                                                         if rows(t)[0][0] == "Requirement"]) - 1)
    body = rows(table)[1:]
    assert rows(table)[0] == ["Requirement", "Status", "Findings", "Actions", "Risks", "SoA row"]
    assert [row[0].split()[0] for row in body] == [t.ref for t in trace]
    numbers = action_numbers(engagement)
    # both ways: every finding and every action tied to a requirement appears on its row
    assert sorted(f for row in body for f in row[2].split(", ") if f != "–") == sorted(data.finding_refs.values())
    tied = {numbers[a.id] for a in engagement.actions if a.question_id or a.control_id}
    assert {a for row in body for a in row[3].split(", ") if a != "–"} == tied
    for t, row in zip(trace, body):
        assert row[4] == (", ".join(t.risk_refs) or "–")
        assert row[5].startswith(t.soa_control) if t.soa_control else row[5] == "–"
    # a requirement with a risk and no finding still appears
    assert any(row[2] == "–" and row[4] != "–" for row in body)


def test_a_complete_engagement_is_ready(complete_engagement, content):
    document = build_gap_report(complete_engagement, content, today=TODAY).document
    text = all_text(document)
    assert "Ready for a Stage 1 certification audit." in text and "No major nonconformity is open." in text
    assert "Every question has been answered." in text


def test_contents_stays_on_one_page(demo):
    """At the default look the contents page holds 44 entries (Heading 1 and 2): the summary's
    readiness parts are level 3, so the new chapters do not push it onto a near-blank second page."""
    _, document = demo
    toc = [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert "Readiness for Stage 1" in toc and "Major nonconformities" not in toc
    assert len(toc) <= 44


def test_majors_are_bold_in_the_workstream_table(demo, content):
    engagement, document = demo
    plan = plan_roadmap(content, engagement)
    table = find_table(document, "Workstream")
    bold = {r.text for row in table.rows[1:] for cell in row.cells[1:4] for p in cell.paragraphs for r in p.runs
            if r.bold}
    assert bold == {it.ref for it in plan.items if it.major}
