"""The Word gap report: domain objects in, a .docx a consultant would sign out.

Every figure comes from the domain core (scoring, risk, soa); this module only lays them out.
Chapter order follows a consultancy gap report: cover and document control, contents, executive
summary, method, scope and AI systems, clause 4–10 results, Annex A, risk register, remediation
roadmap, appendices (evidence, interviewees, audit trail).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from aims_tui.domain.content import Content
from aims_tui.domain.figures import LEVELS_CAPTION, conformance_level, maturity_text, pct
from aims_tui.domain.models import Answer, Engagement, Finding
from aims_tui.domain.risk import AssessedRisk, assess_risks, band_for, band_rank, heat_map, ref_key, tier_floor
from aims_tui.domain.scoring import Gap, GapScore, next_steps, ranked_gaps, section_scores
from aims_tui.domain.soa import control_answer_status, soa_blockers
from aims_tui.domain.wording import join_and
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.tables import Cell

KIND_TITLES = {"gap": "Gap assessment", "internal-audit": "Internal audit", "follow-up": "Follow-up assessment"}
FINDING_LABELS = {"major-nc": "Major NC", "minor-nc": "Minor NC", "observation": "Observation",
                  "ofi": "OFI"}


def status_cell(content: Content, status: str | None) -> Cell:
    label = content.scales.status_label(status) if status else "Not answered"
    return Cell(label, fill=w.STATUS_FILL.get(status, "FFFFFF"), color=None if status else w.MUTED)


def band_cell(engagement: Engagement, band_id: str | None, label: str | None = None) -> Cell:
    matrix = engagement.settings.matrix
    if band_id is None:
        return Cell("–")
    band = next((b for b in matrix.bands if b.id == band_id), None)
    text = label or (band.label if band else band_id)
    return Cell(text, fill=w.band_fill(band_id, band_rank(band_id, matrix), len(matrix.bands)))


def date_text(d: dt.date | None) -> str:
    return d.isoformat() if d else "–"


@dataclass
class ReportData:
    """Everything the report shows, computed once by the domain core."""

    scores: dict[str, GapScore]
    assessed: list[AssessedRisk]
    gaps: list[Gap]
    steps: list[str]
    blockers: list[str]
    findings: dict[str, list[Finding]]
    """By question id, in the order of the findings register."""
    finding_refs: dict[str, str]
    """``F-01``… by finding id: most severe type first, then in questionnaire order."""
    draft_reasons: list[str]
    today: dt.date

    @classmethod
    def build(cls, engagement: Engagement, content: Content, today: dt.date) -> "ReportData":
        scores = section_scores(content, engagement.answers)
        blockers = soa_blockers(content, engagement)
        severity = {t.id: i for i, t in enumerate(content.scales.finding_types)}
        order = {q.id: i for i, q in enumerate(content.questions)}
        ordered = sorted(engagement.findings, key=lambda f: (severity.get(f.type, len(severity)),
                                                             order.get(f.question_id, len(order)), f.id))
        findings: dict[str, list[Finding]] = {}
        for f in ordered:
            findings.setdefault(f.question_id, []).append(f)
        refs = {f.id: f"F-{i:02d}" for i, f in enumerate(ordered, 1)}
        reasons = []
        unanswered = scores["overall"].unanswered
        if unanswered:
            reasons.append(f"{unanswered} of {scores['overall'].total} questions are unanswered")
        if blockers:
            reasons.append(f"{len(blockers)} Statement of Applicability item"
                           f"{'s' if len(blockers) != 1 else ''} still need the assessor's decision")
        return cls(scores=scores, assessed=assess_risks(engagement), gaps=ranked_gaps(content, engagement),
                   steps=next_steps(content, engagement, limit=5), blockers=blockers, findings=findings,
                   finding_refs=refs, draft_reasons=reasons, today=today)

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)


# ---------------------------------------------------------------------------------------------


def build_gap_report(engagement: Engagement, content: Content, *, template: Path | None = None,
                     today: dt.date | None = None, exported_at: dt.datetime | None = None) -> w.Doc:
    """The gap report as a python-docx document (not yet saved). ``exported_at`` (default: now)
    is the file's created and modified time."""
    today = today or dt.date.today()
    data = ReportData.build(engagement, content, today)
    a = engagement.assessment
    doc = w.new_document(template)
    kind = KIND_TITLES.get(a.kind, a.kind)
    w.set_core_properties(doc, title=f"{a.org} — AIMS {kind.lower()} report",
                          subject=f"ISO/IEC 42001:2023 {kind.lower()} of {a.org}, version {a.document_version}",
                          author=", ".join(a.assessors), version=a.document_version,
                          status="Draft" if data.draft else "Final", exported_at=exported_at)
    w.header_footer(doc, header_left=f"{a.org} · AIMS {kind.lower()} report (ISO/IEC 42001:2023)",
                    footer_left=f"{a.org} · version {a.document_version} · {today.isoformat()}",
                    draft=data.draft)

    _cover(doc, engagement, content, data)
    toc_after = _last_block(doc)
    headings: list[tuple[int, str]] = []

    def h(text: str, level: int):
        if level <= 2:
            headings.append((level, text))
        return w.heading(doc, text, level)

    _executive_summary(doc, h, engagement, content, data)
    _method(doc, h, engagement, content, data)
    _scope(doc, h, engagement, content)
    _clause_results(doc, h, engagement, content, data)
    _annex_a(doc, h, engagement, content, data)
    _findings(doc, h, engagement, content, data)
    _risk_register(doc, h, engagement, content, data)
    _roadmap(doc, h, engagement, content, data)
    _appendices(doc, h, engagement, content, data)
    _insert_contents(doc, toc_after, headings)
    return doc


# ---------------------------------------------------------------------------------------------
# Cover and contents
# ---------------------------------------------------------------------------------------------


def _cover(doc: w.Doc, engagement: Engagement, content: Content, data: ReportData) -> None:
    a = engagement.assessment
    kind = KIND_TITLES.get(a.kind, a.kind)
    w.para(doc, space_after=36)
    w.para(doc, "ISO/IEC 42001:2023 · Artificial intelligence management system", style="Subtitle")
    w.para(doc, f"{kind} report", style="Title")
    w.para(doc, a.org, size=18, bold=True, color=w.MUTED, space_after=18)
    if data.draft:
        w.para(doc, "DRAFT", size=28, bold=True, color=w.DRAFT_RED, space_after=2)
        w.para(doc, "Draft because " + "; ".join(data.draft_reasons) + ".", italic=True, color=w.DRAFT_RED,
               size=9, space_after=18)
    dates = a.date.isoformat() + (f" to {a.end_date.isoformat()}" if a.end_date and a.end_date != a.date else "")
    pairs = [
        ("Organisation", a.org),
        ("Scope", a.scope or "–"),
        ("Assessment", kind + (f" (follow-up of baseline {a.baseline_id})" if a.baseline_id else "")),
        ("Assessors" if len(a.assessors) > 1 else "Assessor", ", ".join(a.assessors) or "–"),
        ("Assessment dates", dates),
        ("Report date", data.today.isoformat()),
        ("Document version", a.document_version + (" (draft)" if data.draft else "")),
        ("Standard", "ISO/IEC 42001:2023, clauses 4–10 and Annex A"),
        ("Classification", f"Confidential: prepared for {a.org}"),
    ]
    tb.key_value_table(doc, pairs)
    w.para(doc, "Document control", bold=True, color=w.ACCENT, space_after=3)
    status = "Draft for client review" if data.draft else "Issued for client review"
    tb.table(doc, [("Version", 1), ("Date", 1.3), ("Author", 2.5), ("Description", 3.2)],
            [[a.document_version, data.today.isoformat(), ", ".join(a.assessors) or "–",
              f"{status}; generated from the assessment record (audit hash "
              f"{(engagement.audit_head or '–')[:12]}…)"]])
    tb.approval_table(doc, [("Prepared by", ", ".join(a.assessors)), ("Reviewed by", ""),
                           (f"Accepted for {a.org}", "")])


def _last_block(doc: w.Doc):
    """The last paragraph or table of the body so far (the body's sectPr stays last)."""
    blocks = [el for el in doc.document.element.body if el.tag != w.qn("w:sectPr")]
    return blocks[-1] if blocks else None


def _insert_contents(doc: w.Doc, after, headings: list[tuple[int, str]]) -> None:
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


def _conclusion(content: Content, data: ReportData) -> str:
    """The assessor's reading of the figures in three or four plain sentences: readiness for a
    certification audit, how firm the figures are, where the AIMS is strongest and weakest."""
    s = data.scores
    structure = content.structure
    clause_tops = set(structure.clause_ids)
    order = {sid: i for i, sid in enumerate(structure.clause_leaves)}
    not_met = sorted({g.ref for g in data.gaps if g.status == "not-met" and structure.top(g.ref) in clause_tops},
                     key=lambda ref: order.get(ref, len(order)))
    partial = {g.ref for g in data.gaps if g.status == "partial" and structure.top(g.ref) in clause_tops}
    if not_met:
        shown = ", ".join(not_met[:4]) + (f" and {len(not_met) - 4} more" if len(not_met) > 4 else "")
        out = [f"The AI management system is not yet ready for a certification audit: "
               f"{len(not_met)} requirement{'s' if len(not_met) != 1 else ''} of clauses 4–10 "
               f"{'are' if len(not_met) != 1 else 'is'} not met ({shown})."]
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
    if strong:
        out.append("Strongest, among the areas at least half assessed: " + "; ".join(strong[:3]) + ".")
    if weak:
        out.append("Weakest: " + "; ".join(weak[:3]) + ".")
    return " ".join(out)


def _executive_summary(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    s = data.scores
    overall, clauses, annex = s["overall"], s["clauses"], s["annex-a"]
    h("Executive summary", 1).paragraph_format.page_break_before = True
    a = engagement.assessment
    w.para(doc, (
        f"This report sets out how far the AI management system of {a.org} meets ISO/IEC 42001:2023, as "
        f"found in the {KIND_TITLES.get(a.kind, a.kind).lower()} of {a.date.isoformat()}. "
        f"{overall.answered} of {overall.total} questions were answered ({pct(overall.coverage)} coverage). "
        f"Overall conformance is {pct(overall.conformance)} and mean maturity is "
        f"{maturity_text(overall.mean_maturity)} on the 0–5 scale."))
    w.para(doc, _conclusion(content, data))
    h("Overall result", 2)
    rows = []
    for label, score in (("Clauses 4–10", clauses), ("Annex A controls", annex), ("Overall", overall)):
        rows.append([Cell(label, bold=label == "Overall"), Cell(str(score.total), align="right"),
                     Cell(pct(score.coverage), align="right"),
                     Cell(pct(score.conformance), align="right", bold=True,
                          fill=w.bar_fill(score.conformance) if score.conformance is not None else None),
                     Cell(maturity_text(score.mean_maturity), align="right")])
    tb.table(doc, [("Part", 3), ("Questions", 1.2), ("Coverage", 1.2), ("Conformance", 1.3),
                  ("Mean maturity", 1.4)], rows)

    h("Gaps by severity", 2)
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
                [[r.risk.ref, r.risk.title, r.system.name if r.system else "Organisation-wide",
                  Cell(str(r.score), align="right"), band_cell(engagement, r.band.id), r.risk.treatment.capitalize()]
                 for r in top])
    else:
        w.para(doc, "No AI risks have been recorded in the register yet.")

    h("Next steps", 2)
    if data.steps:
        for step in data.steps:
            w.bullet(doc, step, numbered=True)
    else:
        w.para(doc, "No open gaps, unanswered questions or pending decisions remain.")


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


def _method(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
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
                 + " ".join(f"A risk of an AI system in the EU AI Act {tier} tier is given an impact of at least "
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


def _interviewees_table(doc, engagement: Engagement) -> None:
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


def _scope(doc, h, engagement: Engagement, content: Content) -> None:
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


def _clause_results(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    structure = content.structure
    h("Clauses 4–10 results", 1)
    w.para(doc, ("Status per subclause is the weakest answer among its questions (not met, then partially met, "
                 "then met). Conformance and maturity follow the method above."), keep_with_next=True)
    h("Conformance by clause", 2)
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


def _annex_a(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    structure = content.structure
    h("Annex A controls", 1)
    w.para(doc, ("The Annex A reference controls were assessed for the scope above. Applicability and the "
                 "implementation status of each control are set out in the separate Statement of "
                 "Applicability draft. As for subclauses, a control's status here is its weakest answer: a "
                 "control with one part not met is not met, even where the Statement of Applicability records "
                 "it as partially implemented because its other parts are in place."), keep_with_next=True)
    h("Conformance by control objective", 2)
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


def _findings(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
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
        ref = content.question(f.question_id).ref if content.has_question(f.question_id) else ""
        answer = engagement.answers.get(f.question_id)
        asked = f"\nQuestion {f.question_id}" + (
            "; answered by " + ", ".join(answer.interviewees) if answer and answer.interviewees else "")
        rows.append([Cell(number, bold=True),
                     Cell(types.get(f.type, f.type), fill=FINDING_FILL.get(f.type)),
                     Cell([(ref + " ", True), (content.structure.title(ref) if ref else "", False)]),
                     Cell([(f.text or "–", False), (asked, False)])])
    tb.table(doc, [("Ref", 0.6), ("Type", 1.4), ("Requirement", 2.4), ("Finding", 5.6)], rows)


# ---------------------------------------------------------------------------------------------
# Risk register
# ---------------------------------------------------------------------------------------------


def _heat_map_table(doc, engagement: Engagement, counts: list[list[int]]) -> None:
    m = engagement.settings.matrix
    n = m.size
    columns = [("", 2.2)] + [("", 1.3)] * n
    rows = []
    for li in range(n, 0, -1):
        row = [Cell(f"{li} {m.likelihood_labels[li - 1]}", bold=True, fill=w.ACCENT_LIGHT)]
        for ii in range(1, n + 1):
            band = band_for(li * ii, m)
            c = counts[li - 1][ii - 1]
            row.append(Cell(str(c) if c else "", align="center", bold=bool(c),
                            fill=w.band_fill(band.id, band_rank(band.id, m), len(m.bands))))
        rows.append(row)
    rows.append([Cell("Likelihood ↑ / Impact →", fill=w.ACCENT_LIGHT, color=w.MUTED)]
                + [Cell(f"{i} {m.impact_labels[i - 1]}", bold=True, align="center", fill=w.ACCENT_LIGHT)
                   for i in range(1, n + 1)])
    tb.table(doc, columns, rows, header=False, keep_together=True)


def _suggested_action(content: Content, question_id: str) -> list[tuple[str, bool]]:
    """For a gap with no action yet: say so, and suggest the question's first evidence example as
    the thing to produce (the questionnaire's own wording, so it fits the requirement)."""
    runs: list[tuple[str, bool]] = [("No action raised yet.", True)]
    if content.has_question(question_id) and content.question(question_id).evidence:
        runs.append(("\nSuggested deliverable: " + content.question(question_id).evidence[0], False))
    return runs


def _risk_register(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    m = engagement.settings.matrix
    h("Risk register", 1)
    assessed = data.assessed
    if not assessed:
        w.para(doc, "No AI risks have been recorded.")
        return
    w.para(doc, (f"{len(assessed)} risk{'s are' if len(assessed) != 1 else ' is'} recorded, scored likelihood × "
                 f"impact on the {m.size}×{m.size} matrix. Where an AI system falls in the high-risk or "
                 "unacceptable EU AI Act tier, the impact of its risks is raised to a minimum level for that "
                 "tier (see the method)."), keep_with_next=True)
    h("Heat map", 2)
    w.para(doc, "Number of risks in each cell, inherent rating (before treatment):", space_after=3,
           keep_with_next=True)
    _heat_map_table(doc, engagement, heat_map(assessed, m))
    residual = [a for a in assessed if a.residual_score is not None]
    if residual:
        w.para(doc, f"Residual rating after treatment ({len(residual)} risks with a residual rating):",
               space_after=3, keep_with_next=True)
        _heat_map_table(doc, engagement, heat_map(assessed, m, residual=True))
    h("Risks and treatment", 2)
    rows = []
    for a in assessed:
        r = a.risk
        title: list[tuple[str, bool]] = [(r.title, True)]
        if r.description:
            title.append(("\n" + r.description, False))
        treatment = r.treatment.capitalize()
        if r.acceptance_reason:
            treatment += f"\n({r.acceptance_reason})"
        if a.needs_acceptance_reason:
            treatment += "\nNo documented reason for acceptance"
        residual_text = (f"{a.residual_score}" if a.residual_score is not None else "–")
        rows.append([
            Cell(r.ref, bold=True), Cell(title), a.system.name if a.system else "Organisation-wide",
            Cell(f"{a.likelihood}×{a.impact}", align="center"),
            band_cell(engagement, a.band.id, f"{a.score} {a.band.label}"),
            Cell(treatment, color=w.DRAFT_RED if a.needs_acceptance_reason else None),
            ", ".join(r.controls) or "–", r.owner or "–",
            band_cell(engagement, a.residual_band.id, f"{residual_text} {a.residual_band.label}")
            if a.residual_band else Cell("–"),
        ])
    tb.table(doc, [("Ref", 0.8), ("Risk", 3.6), ("AI system", 1.4), ("L×I", 0.7), ("Level", 1.2),
                  ("Treatment", 1.3), ("Controls", 1.4), ("Owner", 1.1), ("Residual", 1.1)], rows)
    still_high = [a.risk.ref for a in assessed if a.residual_above_appetite]
    if still_high:
        w.para(doc, (f"{join_and(still_high)} remain{'s' if len(still_high) == 1 else ''} at or above the risk "
                     f"appetite of {m.appetite} after treatment: the risk owner should either accept the residual "
                     "risk, with the reason recorded, or plan further treatment."))


# ---------------------------------------------------------------------------------------------
# Roadmap
# ---------------------------------------------------------------------------------------------


def _roadmap(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    h("Remediation roadmap", 1)
    w.para(doc, ("Gaps are ranked by severity (not met before partially met), then by the level of the risks "
                 "they weaken, the number of those risks, and maturity. Each gap lists the remediation actions "
                 "raised to close it."))
    h("Ranked gaps", 2)
    if not data.gaps:
        w.para(doc, "No gaps were found among the answered questions.")
    else:
        rows = []
        for i, g in enumerate(data.gaps, 1):
            actions: list[tuple[str, bool]] = []
            for act in g.actions:
                if actions:
                    actions.append(("\n", False))
                actions.append((act.title, True))
                bits = [act.owner or "no owner", f"due {date_text(act.due)}", f"{act.priority} priority", act.status]
                actions.append((" (" + ", ".join(bits) + ")", False))
            refs = sorted(g.risk_refs, key=ref_key)
            risks = ", ".join(refs[:6]) + (f" and {len(refs) - 6} more" if len(refs) > 6 else "")
            rows.append([Cell(str(i), align="right"), Cell([(g.ref + " ", True), (g.ref_title, False)]),
                         Cell([(g.question_id + "  ", True), (g.text, False)]), status_cell(content, g.status),
                         band_cell(engagement, g.worst_band) if g.worst_band else Cell("–"),
                         Cell(risks or "–"), Cell(actions or _suggested_action(content, g.question_id))])
        tb.table(doc, [("#", 0.4), ("Requirement", 1.6), ("Question", 3.2), ("Status", 1.1), ("Risk level", 1),
                      ("Risks", 1.2), ("Actions", 3)], rows)
    h("Action plan", 2)
    if not engagement.actions:
        w.para(doc, "No remediation actions have been raised yet.")
        return
    prio = {"high": 0, "medium": 1, "low": 2}
    acts = sorted(engagement.actions, key=lambda a: (a.status == "done", prio.get(a.priority, 3),
                                                     a.due or dt.date.max, a.title))
    fills = {"high": w.BAND_FILL["high"], "medium": w.BAND_FILL["medium"], "low": w.BAND_FILL["low"]}
    risk_refs = {r.id: r.ref for r in engagement.risks}
    rows = []
    for a in acts:
        closes = "; ".join(x for x in (_requirement(content, a.question_id, a.control_id),
                                       risk_refs.get(a.risk_id or "", None)) if x)
        rows.append([Cell(a.title, bold=True), a.owner or "–", date_text(a.due),
                     Cell(a.priority.capitalize(), fill=fills.get(a.priority)), a.status, closes or "–"])
    tb.table(doc, [("Action", 4), ("Owner", 1.4), ("Due", 1.1), ("Priority", 1), ("Status", 1.1),
                  ("Closes", 1.6)], rows)


def _requirement(content: Content, question_id: str | None, control_id: str | None) -> str:
    """``6.1.2 AI risk assessment (6.1.2-q1)``: the requirement in words, the question for tracing."""
    ref = control_id or (content.question(question_id).ref if question_id and content.has_question(question_id)
                         else None)
    if ref is None or ref not in content.structure:
        return question_id or ""
    return f"{ref} {content.structure.title(ref)}" + (f" ({question_id})" if question_id else "")


# ---------------------------------------------------------------------------------------------
# Appendices
# ---------------------------------------------------------------------------------------------


def _appendices(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
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
    _interviewees_table(doc, engagement)

    h("Appendix C Audit trail", 1)
    w.para(doc, ("Every change to this assessment is recorded in a hash-chained audit trail in the assessment "
                 "file. The hash of the last entry when this report was generated is:"))
    w.para(doc, engagement.audit_head or "(no audit trail)", bold=True, size=9)
    w.para(doc, ("To confirm that this report matches the assessment file, the assessor verifies the file "
                 "(aims-tui's 'aims verify' recomputes the whole audit trail) and compares the final hash it "
                 "reports with the one above. A different hash means the assessment has changed since this "
                 "report was generated."))
