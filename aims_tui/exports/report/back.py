"""The back of the gap report: the appendices (evidence, interviewees, audit trail, answers to
questions of an earlier questionnaire version, the traceability matrix)."""

from __future__ import annotations

from aims_tui.domain.content import Content
from aims_tui.domain.content_changes import earlier_answers
from aims_tui.domain.models import Engagement
from aims_tui.domain.soa import draft_soa
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import ReportData, date_text, status_cell
from aims_tui.exports.report.front import interviewees_table
from aims_tui.exports.tables import Cell


# ---------------------------------------------------------------------------------------------
# Appendices
# ---------------------------------------------------------------------------------------------


def appendices(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    h("Appendix A Evidence index", 1)
    if engagement.evidence:
        rows = []
        for i, e in enumerate(engagement.evidence, 1):
            file_info = ""
            if e.sha256:
                file_info = f"SHA-256 {e.sha256}" + (f", {e.size:,} bytes" if e.size is not None else "")
            rows.append([Cell(f"E{i:03d}", bold=True), e.title, e.location or "–",
                         Cell(e.state.capitalize(), fill=w.STATUS_FILL["met"] if e.state == "seen" else None),
                         date_text(e.date), e.question_id or e.control_id or "–", Cell(file_info or "–")])
        columns = [("#", 0.6), ("Evidence", 2.4), ("Location", 2.2), ("Seen", 0.8), ("Date", 1), ("For", 1),
                   ("File", 2.2)]
        if not any(e.sha256 for e in engagement.evidence):  # no file recorded: no column of dashes
            columns, rows = columns[:-1], [r[:-1] for r in rows]
        tb.table(doc, columns, rows)
        w.caption(doc, "Seen: the assessor saw the evidence; claimed: it was described but not shown.")
    else:
        w.para(doc, "No evidence references have been recorded.")

    h("Appendix B Interviewees", 1)
    interviewees_table(doc, engagement)

    h("Appendix C Audit trail", 1)
    w.para(doc, ("Every change to this assessment is recorded in a hash-chained audit trail in the assessment "
                 "file. The hash of the last entry when this report was generated is:"))
    w.para(doc, engagement.audit_head or "(no audit trail)", bold=True, size=9)
    w.para(doc, ("To confirm that this report matches the assessment file, the assessor verifies the file "
                 "(aims-tui's 'aims verify' recomputes the whole audit trail) and compares the final hash it "
                 "reports with the one above. A different hash means the assessment has changed since this "
                 "report was generated."))

    letters = iter("DEFG")
    earlier = earlier_answers(content, engagement.answers)
    if earlier:  # answers the current questionnaires no longer ask for are kept, not dropped (issue 12)
        h(f"Appendix {next(letters)} Questions asked in an earlier version", 1)
        w.para(doc, "These answers were given to questions of an earlier version of the questionnaires. They are "
                    "kept as recorded and do not count in the scores above.")
        tb.table(doc, [("Question", 3.2), ("Status", 1.2), ("Notes", 4.2)],
                 [[e.label, status_cell(content, e.answer.status), e.answer.notes or "–"] for e in earlier])

    h(f"Appendix {next(letters)} Traceability matrix", 1)
    traceability_matrix(doc, content, engagement, data)


def traceability_matrix(doc, content: Content, engagement: Engagement, data: ReportData) -> None:
    """One row per requirement tied to a finding, a gap, an action or a risk: the ids in each
    register, so a reader follows any thread both ways (domain/roadmap.py ``traceability``)."""
    if not data.trace:
        w.para(doc, "No finding, gap, action or risk is tied to a requirement yet.")
        return
    w.para(doc, ("Each requirement tied to a finding, a gap, a remediation action or a risk, with the ids under "
                 "which each appears in this report: findings (F-), the action plan (A-), the risk register (R-) and "
                 "the Statement of Applicability draft (its row is the control itself). A gap in the risk assessment "
                 "or treatment process (6.1.2, 6.1.3, 8.2, 8.3) weakens every risk in the register."),
           keep_with_next=True)
    soa = {e.control_id: e for e in draft_soa(content, engagement)}
    rows = []
    for t in data.trace:
        entry = soa.get(t.soa_control or "")
        if entry is None:
            soa_text = "–"
        elif not entry.applicable:
            soa_text = f"{entry.control_id} excluded"
        else:
            status = content.scales.label("implementation_statuses", entry.status) if entry.status else "status open"
            soa_text = f"{entry.control_id} included, {status.lower()}"
        rows.append([Cell([(t.ref + " ", True), (t.title, False)]),
                     status_cell(content, t.status),
                     ", ".join(data.finding_refs[f] for f in t.finding_ids if f in data.finding_refs) or "–",
                     ", ".join(data.action_refs[a] for a in t.action_ids if a in data.action_refs) or "–",
                     ", ".join(t.risk_refs) or "–", soa_text])
    tb.table(doc, [("Requirement", 2.8), ("Status", 1.1), ("Findings", 1), ("Actions", 1.2), ("Risks", 1.8),
                  ("SoA row", 1.9)], rows)
