"""The risk chapters of the gap report: the risk register with its heat map, and the remediation
roadmap."""

from __future__ import annotations

import datetime as dt

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import band_for, band_rank, heat_map, ref_key
from aims_tui.domain.wording import join_and
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import ReportData, band_cell, date_text, status_cell
from aims_tui.exports.tables import Cell


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


def risk_register(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
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


def roadmap(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
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
