"""The remediation roadmap chapter of the gap report: ranked gaps and the action plan."""

from __future__ import annotations

import datetime as dt

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import ref_key
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import ReportData, band_cell, date_text, status_cell
from aims_tui.exports.tables import Cell


def _suggested_action(content: Content, question_id: str) -> list[tuple[str, bool]]:
    """For a gap with no action yet: say so, and suggest the question's first evidence example as
    the thing to produce (the questionnaire's own wording, so it fits the requirement)."""
    runs: list[tuple[str, bool]] = [("No action raised yet.", True)]
    if content.has_question(question_id) and content.question(question_id).evidence:
        runs.append(("\nSuggested deliverable: " + content.question(question_id).evidence[0], False))
    return runs


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
