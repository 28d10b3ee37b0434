"""The front of the gap report: cover and document control, contents, executive summary, method,
scope and AI systems."""

from __future__ import annotations

import datetime as dt
import math

from aims_tui.domain.content import Content
from aims_tui.domain.figures import FAIR_AT, conformance_level, maturity_text, pct
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import tier_floor
from aims_tui.domain.wording import counted, join_and
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import KIND_TITLES, ReportData, band_cell, status_cell
from aims_tui.exports.report.risks import risk_cell
from aims_tui.exports.tables import Cell


# ---------------------------------------------------------------------------------------------
# Cover and contents
# ---------------------------------------------------------------------------------------------


COVER_SCOPE_LINES = 8
"""The most lines the scope takes on the cover, measured in the template's table font; a longer
scope is cut at a word there (the Scope chapter has it whole), so the cover fits one page."""
SCOPE_CUT = " … (in full under “Scope and AI systems”)"


def cover_scope(doc: w.Doc, scope: str, lines: int = COVER_SCOPE_LINES) -> str:
    """``scope`` as the cover shows it: whole when it takes at most ``lines`` lines of the cover
    table's value column, else its first words and :data:`SCOPE_CUT`."""
    room = (doc.body_width * 3 // 4 - 2 * 70) * lines  # the value column's share, less margins

    def width(text: str) -> int:
        return tb.text_width(text, size_pt=doc.table_font_pt, font=doc.table_font)

    if width(scope) <= room:
        return scope
    kept: list[str] = []
    used = width(SCOPE_CUT)
    for word in scope.split():  # widths add up letter by letter, so one pass over the words
        used += width(" " + word)
        if used > room:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:.") + SCOPE_CUT


def cover(doc: w.Doc, engagement: Engagement, content: Content, data: ReportData) -> None:
    """Write the cover, document control and the review-and-approval table, on one page."""
    a = engagement.assessment
    kind = KIND_TITLES.get(a.kind, a.kind)
    # No spacer above the title and small gaps: the cover, document control and the approval table
    # must fit one page in a wide template font too (issue 13: Georgia 11 pt spilled the table).
    w.para(doc, "ISO/IEC 42001:2023 · Artificial intelligence management system", style="Subtitle")
    w.para(doc, f"{kind} report", style="Title")
    w.para(doc, a.org, size=18, bold=True, color=w.MUTED, space_after=10)
    if data.draft:
        w.para(doc, "DRAFT", size=28, bold=True, color=w.DRAFT_RED, space_after=2)
        w.para(doc, "Draft because " + "; ".join(data.draft_reasons) + ".", italic=True, color=w.DRAFT_RED,
               size=9, space_after=10)
    dates = a.date.isoformat() + (f" to {a.end_date.isoformat()}" if a.end_date and a.end_date != a.date else "")
    pairs = [
        ("Organisation", a.org),
        ("Scope", ""),  # below: as much of it as the page has room for
        ("Assessment", kind + (f" (follow-up of baseline {a.baseline_id})" if a.baseline_id else "")),
        ("Assessors" if len(a.assessors) > 1 else "Assessor", ", ".join(a.assessors) or "–"),
        ("Assessment dates", dates),
        ("Report date", data.today.isoformat()),
        ("Document version", a.document_version + (" (draft)" if data.draft else "")),
        ("Standard", "ISO/IEC 42001:2023, clauses 4–10 and Annex A"),
        ("Classification", f"Confidential: prepared for {a.org}"),
    ]
    status = "Draft for client review" if data.draft else "Issued for client review"
    control = [(a.document_version, 1), (data.today.isoformat(), 1.3), (", ".join(a.assessors) or "–", 2.5),
               (f"{status}; generated from the assessment record (audit hash "
                f"{(engagement.audit_head or '–')[:12]}…)", 3.2)]
    roles = [("Prepared by", ", ".join(a.assessors)), ("Reviewed by", ""), (f"Accepted for {a.org}", "")]
    # The cover's tall parts but the scope, in points: the organisation's line, the draft reasons and
    # the three tables, each row as tall as its fullest cell (the fixed parts are COVER_TABLES_PT's
    # margin). The scope gets the lines left, from 2 to COVER_SCOPE_LINES.
    line = doc.table_font_pt * LINE_SPACING
    height = (_row_lines(doc, [(a.org, 1)], 18) * 18 * LINE_SPACING
              + sum(_row_lines(doc, [(k, 1), (v, 3)]) for k, v in pairs if k != "Scope") * line
              + (1 + _row_lines(doc, control)) * line
              + (1 + sum(_row_lines(doc, [(role, 2), (name, 2.5), ("", 3.5)]) for role, name in roles)) * line)
    if data.draft:
        height += _row_lines(doc, [("Draft because " + "; ".join(data.draft_reasons) + ".", 1)], 9) * 9 * LINE_SPACING
    room = max(2, min(COVER_SCOPE_LINES, int((COVER_TABLES_PT - height) // line)))
    pairs[1] = ("Scope", cover_scope(doc, a.scope, room) if a.scope else "–")
    tb.key_value_table(doc, pairs)
    w.para(doc, "Document control", bold=True, color=w.ACCENT, space_after=3)
    tb.table(doc, [("Version", 1), ("Date", 1.3), ("Author", 2.5), ("Description", 3.2)], [[t for t, _ in control]])
    tb.approval_table(doc, roles)


LINE_SPACING = 1.25
"""A line's height over its font size, a little generous (Word's single spacing is about 1.17)."""
COVER_TABLES_PT = 360
"""Room on the cover's first page for the measured parts (see :func:`cover`): an A4 or Letter page
less margins, the title block, the headings and the gaps between the tables."""


def _row_lines(doc: w.Doc, cells: list[tuple[str, float]], size: float | None = None) -> int:
    """How many lines a table row (or, with one cell, a paragraph) of ``cells`` (text, share of the
    text width) takes in the template's font: the fullest cell's, rounded up."""
    size = size or doc.table_font_pt
    total = sum(share for _, share in cells)
    lines = 1
    for text, share in cells:
        room = max(doc.body_width * share / total - 2 * 70, 1)
        lines = max(lines, math.ceil(tb.text_width(text, size_pt=size, font=doc.table_font) * 1.1 / room))
    return lines


def last_block(doc: w.Doc):
    """The last paragraph or table of the body so far (the body's sectPr stays last)."""
    blocks = [el for el in doc.document.element.body if el.tag != w.qn("w:sectPr")]
    return blocks[-1] if blocks else None


def insert_contents(doc: w.Doc, after, headings: list[tuple[int, str]]) -> None:
    """Put "Contents" and the TOC field after the cover (the headings are known only at the end)."""
    body = doc.document.element.body
    blocks = [el for el in body if el.tag != w.qn("w:sectPr")]
    start = len(blocks)  # new blocks are appended after these (before the body's sectPr)
    # Page breaks *before* Contents and the first chapter, not break paragraphs after the cover and
    # the contents: a contents list that fills its page exactly would otherwise leave a blank page.
    w.para(doc, "Contents", size=16, bold=True, color=w.ACCENT, space_after=8).paragraph_format.page_break_before = True
    w.add_toc(doc, headings)
    new = [el for el in body if el.tag != w.qn("w:sectPr")][start:]
    for el in new:
        body.remove(el)
    for el in reversed(new):
        if after is None:
            body.insert(0, el)
        else:
            after.addnext(el)


# ---------------------------------------------------------------------------------------------
# Executive summary
# ---------------------------------------------------------------------------------------------

FIRST_STEPS = 3
"""The summary's first steps: as many as keep the readiness on one page (the roadmap has the rest)."""
TOP_RISKS = 5
"""The summary lists every risk at or above appetite, and at least this many..."""
MAX_TOP_RISKS = 10
"""...but never more than this (the register has them all)."""


def label(value: str) -> str:
    """A closed-list value as a reader sees it: ``data-provider`` → ``Data provider``."""
    return value.replace("-", " ").capitalize() if value else "–"


def plural(label: str, n: int) -> str:
    """``minor nonconformity`` → ``minor nonconformities``; ``opportunity for improvement`` →
    ``opportunities for improvement``."""
    if n == 1:
        return label
    words = label.split(" ")
    i = next((k - 1 for k, word in enumerate(words) if word in ("for", "of") and k), len(words) - 1)
    word = words[i]
    words[i] = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return " ".join(words)


def _areas(items: list[str]) -> str:
    return join_and(items[:3])


def _conclusion(content: Content, data: ReportData) -> str:
    """The assessor's reading of the figures in three or four plain sentences: which requirements
    are not met, how firm the figures are, where the AIMS is strongest and weakest."""
    s = data.scores
    structure = content.structure
    clause_tops = set(structure.clause_ids)
    order = {sid: i for i, sid in enumerate(structure.clause_leaves)}
    not_met = sorted({g.ref for g in data.gaps if g.status == "not-met" and structure.top(g.ref) in clause_tops},
                     key=lambda ref: order.get(ref, len(order)))
    partial = {g.ref for g in data.gaps if g.status == "partial" and structure.top(g.ref) in clause_tops}
    if not_met:
        out = [f"{counted(len(not_met), 'requirement')} of clauses 4–10 {'are' if len(not_met) != 1 else 'is'} "
               f"not met: {join_and(not_met)}. The ranked gaps of the remediation roadmap list each with its "
               "questions and actions."]
    elif partial:
        out = [f"No requirement of clauses 4–10 was found not met, but {len(partial)} "
               f"{'are' if len(partial) != 1 else 'is'} only partially met; these need closing before a "
               "certification audit."]
    elif s["clauses"].answered:
        out = ["No gap was found in the requirements of clauses 4–10 that were assessed."]
    else:
        out = ["No requirement of clauses 4–10 has been assessed yet."]
    if s["overall"].unanswered:
        out.append(f"The figures are provisional: {s['overall'].unanswered} of {s['overall'].total} questions "
                   "have not yet been covered in the interviews.")
    scored = [(c, s[c]) for c in structure.clause_ids + structure.group_ids
              if s[c].conformance is not None and s[c].answered * 2 >= s[c].total]
    strong = [f"{c} {structure.title(c)} ({pct(x.conformance)})" for c, x in scored
              if conformance_level(x.conformance) == "good"]
    weak = [f"{c} {structure.title(c)} ({pct(x.conformance)})" for c, x in scored
            if conformance_level(x.conformance) == "poor"]
    among = "among the areas at least half assessed"
    if strong:
        out.append(f"Strongest, {among}: {_areas(strong)}.")
    if weak:
        out.append(f"The weakest {'area' if len(weak) == 1 else 'areas'}, {among}, "
                   f"{'is' if len(weak) == 1 else 'are'} {_areas(weak)}: below {FAIR_AT:.0f}% conformance.")
    return " ".join(out)


def _verdict(doc, data: ReportData) -> None:
    """The Stage 1 verdict and why, first thing on the page (rule: domain/readiness.py)."""
    r = data.readiness
    if r.ready:
        w.para(doc, "Ready for a Stage 1 certification audit.", bold=True, size=12, color=w.ACCENT, space_after=3)
        left = len(data.roadmap.items)
        w.para(doc, ("No major nonconformity is open, no risk decision is pending and every question was answered."
                     + (f" The {counted(left, 'remaining gap')} {'is' if left == 1 else 'are'} planned in the "
                        "remediation roadmap, to be closed before Stage 2." if left else "")))
        return
    w.para(doc, "Not yet ready for a Stage 1 certification audit.", bold=True, size=12, color=w.DRAFT_RED,
           space_after=3)
    w.para(doc, f"Why: {'; '.join(r.reasons)}. Suggested Stage 1 date, once the roadmap's first phases are "
                f"done: {data.roadmap.stage1.isoformat()}.")


def _major_table(doc, content: Content, data: ReportData) -> None:
    r = data.readiness
    if not r.majors:
        w.para(doc, "No major nonconformity is open.")
        return
    w.para(doc, (f"{counted(len(r.majors), 'requirement')} {'has' if len(r.majors) == 1 else 'have'} a major "
                 "nonconformity: a major-nc finding, or a requirement of clauses 4–10 not met with no finding "
                 "grading it minor. Each is planned for days 0–30 of the roadmap."), keep_with_next=True)
    rows = []
    for m in r.majors:
        basis = (", ".join(data.finding_refs.get(f, "") for f in m.finding_ids) + " major nonconformity"
                 if m.from_finding else "Clause requirement not met")
        rows.append([Cell([(m.ref + " ", True), (m.title, False)]), basis, ", ".join(m.question_ids) or "–"])
    tb.table(doc, [("Requirement", 4), ("Basis", 2.4), ("Questions", 2.4)], rows)


def _decisions(doc, engagement: Engagement, data: ReportData) -> None:
    r = data.readiness
    m = engagement.settings.matrix
    by_ref = {a.risk.ref: a for a in data.assessed}
    if not r.decisions:
        w.para(doc, "No risk awaits management's decision: every risk is below the risk appetite after treatment, "
                    "or accepted with a recorded reason.")
        return
    for ref in r.decisions:
        a = by_ref[ref]
        if ref in r.residual_decisions:
            w.bullet(doc, f"{ref} {a.risk.title}: residual rating {a.residual_score} after treatment.")
        else:
            w.bullet(doc, f"{ref} {a.risk.title}: accepted at a rating of {a.score} with no reason recorded.")
    w.para(doc, (f"Each is at or above the risk appetite of {m.appetite}: management accepts the risk with the "
                 "reason recorded, or plans further treatment (see the risk register)."))


def _not_covered(doc, data: ReportData) -> None:
    r = data.readiness
    s = data.scores
    if not r.unanswered:
        w.para(doc, "Every question has been answered.")
        return
    parts = [f"{s[k].unanswered} on {label}" for k, label in (("clauses", "clauses 4–10"),
                                                               ("annex-a", "Annex A controls")) if s[k].unanswered]
    w.para(doc, (f"{r.unanswered} of {r.total} questions ({join_and(parts)}) have not yet been covered in the "
                 "interviews; they are listed by clause and control group under \u201cQuestions not yet covered\u201d "
                 "in the remediation roadmap."))


def executive_summary(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    s = data.scores
    overall, clauses, annex = s["overall"], s["clauses"], s["annex-a"]
    h("Executive summary", 1).paragraph_format.page_break_before = True
    a = engagement.assessment
    h("Readiness for Stage 1", 2)
    _verdict(doc, data)
    h("Major nonconformities", 3)  # level 3: the contents stays on one page
    _major_table(doc, content, data)
    h("Risk decisions for management", 3)
    _decisions(doc, engagement, data)
    h("Not yet covered", 3)
    _not_covered(doc, data)
    h("First steps", 3)
    if data.steps:
        for step in data.steps[:FIRST_STEPS]:
            w.bullet(doc, step, numbered=True)
        if data.roadmap.items:
            w.para(doc, "The remediation roadmap plans every gap, by workstream and phase.")
    else:
        w.para(doc, "No open gaps, unanswered questions or pending decisions remain.")

    h("Overall result", 2)
    w.para(doc, (
        f"This report sets out how far the AI management system of {a.org} meets ISO/IEC 42001:2023, as "
        f"found in the {KIND_TITLES.get(a.kind, a.kind).lower()} of {a.date.isoformat()}. "
        f"{overall.answered} of {overall.total} questions were answered ({pct(overall.coverage)} coverage). "
        f"Overall conformance is {pct(overall.conformance)} and mean maturity is "
        f"{maturity_text(overall.mean_maturity)} on the 0–5 scale."))
    w.para(doc, _conclusion(content, data))
    rows = []
    for label, score in (("Clauses 4–10", clauses), ("Annex A controls", annex), ("Overall", overall)):
        rows.append([Cell(label, bold=label == "Overall"), Cell(str(score.total), align="right"),
                     Cell(pct(score.coverage), align="right"),
                     Cell(pct(score.conformance), align="right", bold=True,
                          fill=w.bar_fill(score.conformance) if score.conformance is not None else None),
                     Cell(maturity_text(score.mean_maturity), align="right")])
    tb.table(doc, [("Part", 3), ("Questions", 1.2), ("Coverage", 1.2), ("Conformance", 1.3),
                  ("Mean maturity", 1.4)], rows)

    h("Gaps by severity", 3)  # part of the overall result; level 3 keeps the contents on one page
    structure = content.structure
    clause_tops = set(structure.clause_ids)

    def count(status: str, part: str | None) -> int:
        return sum(1 for g in data.gaps if g.status == status and (
            part is None or (structure.top(g.ref) in clause_tops) == (part == "clauses")))

    w.para(doc, "Questions answered not met or partially met, and those not yet answered:", keep_with_next=True)
    rows = []
    for status in ("not-met", "partial"):
        rows.append([Cell(content.scales.status_label(status), fill=w.STATUS_FILL[status]),
                     Cell(str(count(status, "clauses")), align="right"),
                     Cell(str(count(status, "annex")), align="right"),
                     Cell(str(count(status, None)), align="right", bold=True)])
    rows.append([Cell("Not answered yet"), Cell(str(clauses.unanswered), align="right"),
                 Cell(str(annex.unanswered), align="right"), Cell(str(overall.unanswered), align="right", bold=True)])
    tb.table(doc, [("Questions", 3), ("Clauses 4–10", 1.5), ("Annex A", 1.5), ("Total", 1.2)], rows)
    if engagement.findings:
        by_type = {t.id: sum(1 for f in engagement.findings if f.type == t.id) for t in content.scales.finding_types}
        w.para(doc, "Audit findings: " + ", ".join(
            f"{n} {plural(t.label.lower(), n)}" for t in content.scales.finding_types if (n := by_type[t.id]))
            + " (listed in the Findings section).")

    h("Top risks", 2)
    above = sum(1 for r in data.assessed if r.above_appetite)
    top = data.assessed[:min(max(above, TOP_RISKS), MAX_TOP_RISKS)]
    if top:
        n = len(top)
        listed = ("It is listed below." if len(data.assessed) == 1 else f"All {n} are listed below."
                  if n == len(data.assessed) else f"The {n} highest are listed below.")
        w.para(doc, f"The register holds {len(data.assessed)} risk{'s' if len(data.assessed) != 1 else ''}; "
                    f"{above} {'is' if above == 1 else 'are'} rated at or above the risk appetite (a score of "
                    f"{engagement.settings.matrix.appetite}). "
                    + listed)
        tb.table(doc, [("Ref", 0.8), ("Risk", 4), ("AI system", 2), ("Score", 0.8), ("Level", 1.1),
                      ("Treatment", 1.2)],
                [[r.risk.ref, risk_cell(r, description=False), r.system.name if r.system else "Organisation-wide",
                  Cell(str(r.score), align="right"), band_cell(engagement, r.band.id), r.risk.treatment.capitalize()]
                 for r in top])
    else:
        w.para(doc, "No AI risks have been recorded in the register yet.")


# ---------------------------------------------------------------------------------------------
# Method
# ---------------------------------------------------------------------------------------------


def _interview_dates(engagement: Engagement) -> dict[str, tuple[dt.date, dt.date, int]]:
    out: dict[str, tuple[dt.date, dt.date, int]] = {}
    for answer in engagement.answers.values():
        day = answer.updated_at.date()
        for name in answer.interviewees:
            first, last, n = out.get(name, (day, day, 0))
            out[name] = (min(first, day), max(last, day), n + 1)
    return out


def method(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    h("Method", 1)
    w.para(doc, (
        "Each requirement of clauses 4 to 10 and each Annex A control was assessed through structured "
        "interviews with the people responsible, backed by the evidence they showed or described. Every "
        "answer records a status, a maturity level, notes, evidence references (marked as seen by the "
        "assessor or only claimed) and who answered. Scores are computed from the recorded answers; every "
        "change is kept in a tamper-evident audit trail (see Appendix C)."))
    h("Status scale", 2)
    tb.table(doc, [("Status", 1.2), ("Meaning", 4)],
            [[status_cell(content, s.id), s.description] for s in content.scales.statuses])
    h("Maturity scale", 2)
    tb.table(doc, [("Level", 0.6), ("Name", 1.2), ("Meaning", 4)],
            [[Cell(str(m.level), align="center"), m.label, m.description] for m in content.scales.maturity])
    h("Scores", 2)
    w.bullet(doc, "Coverage: the share of questions answered.")
    w.bullet(doc, "Conformance: (met + ½ × partially met) ÷ questions answered and applicable, as a percentage.")
    w.bullet(doc, "Mean maturity: the average maturity of answered, applicable questions (0–5).")
    example = next((q for q in content.questions if q.ref in content.structure), None)
    if example is not None:
        w.para(doc, (f"Questions are cited by the requirement they belong to and their number: {example.id} is a "
                     f"question on {example.ref} {content.structure.title(example.ref)}. A requirement's status is "
                     "that of its weakest answer."))
    h("Risk matrix and levels", 2)
    m = engagement.settings.matrix
    w.para(doc, (f"Risks are scored likelihood × impact on a {m.size}×{m.size} matrix "
                 f"(likelihood: {', '.join(m.likelihood_labels)}; impact: {', '.join(m.impact_labels)}). "
                 f"A risk scoring {m.appetite} or more may not be accepted without a documented reason. "
                 + " ".join(f"A risk of an AI system the EU AI Act reaches (or may reach) in its {tier} tier is "
                            "given an impact of at least "
                            f"{floor} ({m.impact_labels[floor - 1]})."
                            for tier, floor in (("high-risk", tier_floor("high", m)),
                                                ("prohibited (unacceptable)", tier_floor("unacceptable", m)))
                            if floor)))
    tb.table(doc, [("Level", 1.5), ("Scores", 1.5)],
            [[band_cell(engagement, b.id), f"{b.min}–{b.max}"] for b in sorted(m.bands, key=lambda b: b.min)])
    h("Interviews", 2)
    dates = _interview_dates(engagement)
    if dates:
        first, last = min(d[0] for d in dates.values()), max(d[1] for d in dates.values())
        span = first.isoformat() if first == last else f"between {first.isoformat()} and {last.isoformat()}"
        w.para(doc, (f"{len(dates)} {'person was' if len(dates) == 1 else 'people were'} interviewed {span}; "
                     "Appendix B lists them with their roles and the answers each gave."))
    else:
        w.para(doc, "No interviews have been recorded yet.")


def interviewees_table(doc, engagement: Engagement) -> None:
    dates = _interview_dates(engagement)
    people = {p.name: p for p in engagement.interviewees}
    names = list(people) + [n for n in dates if n not in people]
    if not names:
        w.para(doc, "No interviewees have been recorded.")
        return
    rows = []
    for name in names:
        first, last, n = dates.get(name, (None, None, 0))
        when = "–" if first is None else (first.isoformat() if first == last
                                          else f"{first.isoformat()} to {last.isoformat()}")
        rows.append([name, (people[name].role if name in people else "") or "–", Cell(str(n), align="right"), when])
    tb.table(doc, [("Name", 2), ("Role", 2.5), ("Answers", 0.9), ("Interviewed", 2)], rows)


# ---------------------------------------------------------------------------------------------
# Scope and AI systems
# ---------------------------------------------------------------------------------------------


# Role and Stage hold one word each from a closed list (scales.yaml): wide enough for the longest
# ("distributor", "development") at 8.5 pt on one line, so Word never breaks "deployme/nt".
# tests/unit/exports/test_export_report.py checks every listed value fits.
INVENTORY_COLUMNS = [("AI system", 1.6), ("Purpose", 2.1), ("Owner", 1.1), ("Role", 1.25), ("Stage", 1.5),
                     ("Supplier", 1.15), ("EU AI Act tier", 1.3), ("In scope", 1.3)]


def scope(doc, h, engagement: Engagement, content: Content) -> None:
    h("Scope and AI systems", 1)
    h("Scope", 2)
    w.para(doc, engagement.assessment.scope or "No scope statement has been recorded.")
    h("AI system inventory", 2)
    tiers = {t.id: t.label for t in content.scales.eu_ai_act_tiers}
    if not engagement.systems:
        w.para(doc, "No AI systems have been registered.")
        return
    counts = {t: sum(1 for s in engagement.systems if s.tier == t) for t in tiers}
    w.para(doc, f"{len(engagement.systems)} AI system{'s' if len(engagement.systems) != 1 else ''} registered: "
           + ", ".join(f"{n} {tiers[t].lower()}" for t, n in counts.items() if n) + " (EU AI Act tier).")
    rows = []
    for s in engagement.systems:
        scope = "Yes" if s.in_scope else "No" + (f" ({s.scope_reason.rstrip('.')})" if s.scope_reason else "")
        rows.append([Cell(s.name, bold=True), s.purpose, s.owner or "–", label(s.role), label(s.lifecycle_stage),
                     s.supplier or "–",
                     Cell(tiers.get(s.tier, s.tier), fill=w.TIER_FILL.get(s.tier)), scope])
    tb.table(doc, INVENTORY_COLUMNS, rows)
