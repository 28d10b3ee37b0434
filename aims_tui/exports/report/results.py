"""The results chapters of the gap report: clauses 4–10, Annex A and the audit findings."""

from __future__ import annotations

from aims_tui.domain.content import Content
from aims_tui.domain.figures import LEVELS_CAPTION, maturity_text, pct
from aims_tui.domain.models import Answer, Engagement, Finding
from aims_tui.domain.scoring import GapScore
from aims_tui.domain.soa import control_answer_status
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import FINDING_LABELS, ReportData, status_cell
from aims_tui.exports.tables import Cell


# ---------------------------------------------------------------------------------------------
# Clause 4–10 results
# ---------------------------------------------------------------------------------------------


def _answer_runs(answer: Answer | None, findings: list[Finding], refs: dict[str, str]) -> list[tuple[str, bool]]:
    """Notes, then each finding with its register number, then who answered: one block per question."""
    runs: list[tuple[str, bool]] = []

    def line(*parts: tuple[str, bool]) -> None:
        if runs:
            runs.append(("\n", False))
        runs.extend(parts)

    if answer is not None and answer.notes:
        line((answer.notes, False))
    for f in findings:
        line((f"{FINDING_LABELS.get(f.type, f.type)} {refs.get(f.id, '')}".rstrip() + ": ", True), (f.text, False))
    if answer is not None and answer.interviewees:
        line(("Answered by: " + ", ".join(answer.interviewees), False))
    return runs


_PARTLY_ANSWERED = "Where not every question was answered, the label says how many were: the bar covers those only."


def _chart_label(ref: str, title: str, score: GapScore) -> str:
    answered = "" if score.answered == score.total else f" ({score.answered}/{score.total} answered)"
    return f"{ref} {title}{answered}"


def _status_word(content: Content, answer: Answer) -> str:
    return f"({content.scales.status_label(answer.status).lower()})"


def _maturity_cell(content: Content, level: int | None) -> Cell:
    return Cell("–" if level is None else f"{level} {content.scales.maturity_label(level)}")


def _question_rows(content: Content, engagement: Engagement, data: ReportData, section_id: str) -> list[list]:
    rows = []
    for q in content.questions_for(section_id):
        answer = engagement.answers.get(q.id)
        rows.append([[(q.id + "  ", True), (q.text, False)],
                     status_cell(content, answer.status if answer else None),
                     _maturity_cell(content, answer.maturity if answer else None),
                     Cell(_answer_runs(answer, data.findings.get(q.id, []), data.finding_refs)
                          or ("Not yet covered in the interviews." if answer is None else ""),
                          color=w.MUTED if answer is None else None)])
    return [[Cell(r[0]), *r[1:]] for r in rows]


_QUESTION_COLUMNS = [("Question", 4.2), ("Status", 1.2), ("Maturity", 1.2), ("Notes and findings", 4)]


def _statuses(content: Content, engagement: Engagement, section_id: str) -> list[str]:
    return [a.status for q in content.questions_for(section_id) if (a := engagement.answers.get(q.id))]


def _section_row(content, engagement, data, sid: str) -> list:
    score = data.scores[sid]
    status = control_answer_status(_statuses(content, engagement, sid))
    refs = [data.finding_refs[f.id] for q in content.questions_for(sid) for f in data.findings.get(q.id, [])]
    return [Cell(sid, bold=True), content.structure.title(sid), status_cell(content, status),
            Cell(pct(score.conformance), align="right"), Cell(maturity_text(score.mean_maturity), align="right"),
            Cell(f"{score.answered}/{score.total}", align="right"), Cell(", ".join(refs) or "–")]


_SECTION_COLUMNS = [("Ref", 0.8), ("Title", 4), ("Status", 1.3), ("Conformance", 1.2), ("Maturity", 0.9),
                    ("Answered", 1), ("Findings", 0.9)]


def clause_results(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    structure = content.structure
    h("Clauses 4–10 results", 1)
    w.para(doc, ("Status per subclause is the weakest answer among its questions (not met, then partially met, "
                 "then met). Conformance and maturity follow the method above."), keep_with_next=True)
    h("Conformance by clause", 3)  # level 3: the contents stays on one page
    tb.bar_chart(doc, [(_chart_label(c, structure.title(c), data.scores[c]), data.scores[c].conformance)
                      for c in structure.clause_ids],
                caption_text=f"Conformance per clause: {LEVELS_CAPTION}; – where nothing "
                             "applicable was answered. " + _PARTLY_ANSWERED)
    for clause in structure.clause_ids:
        score = data.scores[clause]
        h(f"Clause {clause} {structure.title(clause)}", 2)
        tally = [f"{n} {word}" for n, word in ((score.met, "met"), (score.partial, "partially met"),
                                               (score.not_met, "not met"), (score.not_applicable, "not applicable"))
                 if n]
        w.para(doc, (f"Conformance {pct(score.conformance)}, mean maturity {maturity_text(score.mean_maturity)}, "
                     f"{score.answered} of {score.total} questions answered"
                     + (f": {', '.join(tally)}." if tally else ".")))
        leaves = structure.leaves(clause)
        tb.table(doc, _SECTION_COLUMNS, [_section_row(content, engagement, data, sid) for sid in leaves])
        for sid in leaves:
            h(f"{sid} {structure.title(sid)}", 3)
            rows = _question_rows(content, engagement, data, sid)
            if rows:
                tb.table(doc, _QUESTION_COLUMNS, rows)
            else:
                w.para(doc, "No questions for this subclause.", italic=True)


# ---------------------------------------------------------------------------------------------
# Annex A
# ---------------------------------------------------------------------------------------------


def annex_a(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    structure = content.structure
    h("Annex A controls", 1)
    w.para(doc, ("The Annex A reference controls were assessed for the scope above. Applicability and the "
                 "implementation status of each control are set out in the separate Statement of "
                 "Applicability draft. As for subclauses, a control's status here is its weakest answer: a "
                 "control with one part not met is not met, even where the Statement of Applicability records "
                 "it as partially implemented because its other parts are in place."), keep_with_next=True)
    h("Conformance by control objective", 3)
    tb.bar_chart(doc, [(_chart_label(g, structure.title(g), data.scores[g]), data.scores[g].conformance)
                      for g in structure.group_ids],
                caption_text=(f"Conformance per Annex A group: {LEVELS_CAPTION}. "
                              + _PARTLY_ANSWERED))
    tb.table(doc, [("Group", 0.8), ("Control objective", 4), ("Controls", 0.9), ("Conformance", 1.2),
                  ("Maturity", 0.9), ("Answered", 1)],
            [[Cell(g, bold=True), structure.title(g), Cell(str(len(structure.leaves(g))), align="right"),
              Cell(pct(data.scores[g].conformance), align="right"),
              Cell(maturity_text(data.scores[g].mean_maturity), align="right"),
              Cell(f"{data.scores[g].answered}/{data.scores[g].total}", align="right")]
             for g in structure.group_ids])
    for g in structure.group_ids:
        h(f"{g} {structure.title(g)}", 2)
        rows = []
        for cid in structure.leaves(g):
            answers = [engagement.answers.get(q.id) for q in content.questions_for(cid)]
            notes: list[tuple[str, bool]] = []
            for q, ans in zip(content.questions_for(cid), answers):
                runs = _answer_runs(ans, data.findings.get(q.id, []), data.finding_refs)
                if runs:  # each question's notes under its id, as in the clause sections
                    notes += [("\n", False)] if notes else []
                    notes += [(f"{q.id}{' ' + _status_word(content, ans) if ans else ''}: ", True), *runs]
            status = control_answer_status([x.status for x in answers if x is not None])
            rows.append([Cell(cid, bold=True), structure.title(cid), status_cell(content, status),
                         Cell(maturity_text(data.scores[cid].mean_maturity), align="right"), Cell(notes or "")])
        tb.table(doc, [("Control", 0.9), ("Title", 3), ("Status", 1.2), ("Maturity", 0.9),
                      ("Notes and findings", 4)], rows)


# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

FINDING_FILL = {"major-nc": w.SEVERITY_FILL["high"], "minor-nc": w.SEVERITY_FILL["medium"]}


def findings(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    h("Findings", 1)
    if not engagement.findings:
        w.para(doc, "No audit findings were raised during this assessment.")
        return
    types = {t.id: t.label for t in content.scales.finding_types}
    w.para(doc, ("Findings raised during the interviews, most severe first, numbered as they are cited in the "
                 "results tables. Each names the requirement it is raised against and the question that "
                 "revealed it."), keep_with_next=True)
    rows = []
    by_id = {f.id: f for found in data.findings.values() for f in found}
    for fid, number in data.finding_refs.items():  # in register order
        f = by_id[fid]
        has_q = f.question_id is not None and content.has_question(f.question_id)
        ref = f.ref or (content.question(f.question_id).ref if has_q else "")  # a finding may name its own
        ref = ref if ref in content.structure else ""
        answer = engagement.answers.get(f.question_id) if f.question_id else None
        asked = "" if not f.question_id else f"\nQuestion {f.question_id}" + (
            "; answered by " + ", ".join(answer.interviewees) if answer and answer.interviewees else "")
        rows.append([Cell(number, bold=True),
                     Cell(types.get(f.type, f.type), fill=FINDING_FILL.get(f.type)),
                     Cell([(ref + " ", True), (content.structure.title(ref) if ref else "", False)]),
                     Cell([(f.text or "–", False), (asked, False)])])
    tb.table(doc, [("Ref", 0.6), ("Type", 1.4), ("Requirement", 2.4), ("Finding", 5.6)], rows)
