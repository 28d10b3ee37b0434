"""The remediation roadmap chapter of the gap report: workstreams and phases, the ranked gaps (one row
per requirement), the action plan and the questions not yet covered. The plan is domain/roadmap.py."""

from __future__ import annotations

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.roadmap import PHASES, ordered_actions
from aims_tui.domain.wording import counted, join_and
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import ReportData, date_text, status_cell
from aims_tui.exports.tables import Cell


def _action_runs(act, number: str) -> list[tuple[str, bool]]:
    bits = [act.owner or "no owner", f"due {date_text(act.due)}", f"{act.priority} priority", act.status]
    return [(f"{number} " if number else "", True), (act.title, True), (" (" + ", ".join(bits) + ")", False)]


def _workstream_table(doc, content: Content, data: ReportData) -> None:
    plan = data.roadmap
    place = {sid: i for i, sid in enumerate(content.structure.clause_leaves + content.structure.controls)}
    rows = []
    for (_, title), items in plan.workstreams():
        cells: list = [Cell(title, bold=True)]
        for phase in PHASES:
            refs = sorted((it for it in items if it.phase == phase), key=lambda it: place.get(it.ref, len(place)))
            runs: list[tuple[str, bool]] = []
            for it in refs:
                runs += [(", ", False)] if runs else []
                runs.append((it.ref, it.major))
            cells.append(Cell(runs or "–"))
        owners = list(dict.fromkeys(o for it in items for o in it.owners))
        unowned = sum(1 for it in items if not it.owners)
        cells.append(", ".join(owners) + (("; " if owners else "") + f"{unowned} to be named" if unowned else ""))
        rows.append(cells)
    w.para(doc, ("The requirements with a gap, by workstream and phase; ids in bold are major nonconformities. "
                 "Owners are those of the actions raised; \u201cto be named\u201d counts the requirements with no "
                 "owner yet."), keep_with_next=True)
    tb.table(doc, [("Workstream", 2.2)] + [(p.label, 2) for p in PHASES] + [("Owners", 2)], rows)


def _ranked_rows(content: Content, engagement: Engagement, data: ReportData) -> list[list]:
    matrix = engagement.settings.matrix
    bands = {b.id: b.label for b in matrix.bands}
    status_words = {"not-met": "not met", "partial": "partially met"}
    statuses = {g.question_id: g.status for g in data.gaps}
    rows = []
    for it in data.roadmap.items:
        questions = "\n".join(f"{q} {status_words.get(statuses.get(q, ''), '')}".rstrip() for q in it.question_ids)
        refs = list(it.risk_refs)
        risks = ", ".join(refs[:6]) + (f" and {len(refs) - 6} more" if len(refs) > 6 else "")
        if it.actions:
            runs: list[tuple[str, bool]] = []
            for act in it.actions:
                runs += [("\n", False)] if runs else []
                runs += _action_runs(act, data.action_refs.get(act.id, ""))
            actions = Cell(runs)
        else:
            actions = Cell(_suggested(content, it.question_ids[0]), color=w.MUTED)
        level = bands.get(it.worst_band or "", "")
        rows.append([Cell(str(it.rank), align="right"),
                     Cell([(it.ref + " ", True), (it.title, False)]
                          + ([("\nMajor nonconformity", True)] if it.major else [])),
                     Cell(questions), status_cell(content, it.status),
                     Cell(f"{level}: {risks}" if level else (risks or "–")),
                     Cell(it.phase.label.replace("Days ", "")), actions])
    return rows


def _suggested(content: Content, question_id: str) -> str:
    """For a requirement with no action yet: the question's first evidence example, the thing to
    produce (the questionnaire's own wording, so it fits the requirement)."""
    if content.has_question(question_id) and content.question(question_id).evidence:
        return "Suggested deliverable: " + content.question(question_id).evidence[0]
    return "Raise an action"


def roadmap(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    plan = data.roadmap
    h("Remediation roadmap", 1)
    w.para(doc, (f"Each requirement with a gap is planned once, in one workstream and one phase, counted from "
                 f"{plan.start.isoformat()}, the last day of the assessment. Days 0–30: major nonconformities. "
                 "Days 30–90: requirements not met, and requirements partially met that weaken a risk at or above "
                 "the appetite. Days 90–180: the other requirements partially met."))
    if plan.items:
        w.para(doc, (f"Suggested Stage 1 audit: {plan.stage1.isoformat()}, when the phases holding major "
                     "nonconformities and requirements not met are complete; the requirements partially met in "
                     "days 90–180 are closed before Stage 2."), bold=True)
    if plan.items:  # the plan at a glance, under the chapter heading (the contents stays on one page)
        _workstream_table(doc, content, data)
    h("Ranked gaps", 2)
    if not plan.items:
        w.para(doc, "No gaps were found among the answered questions.")
    else:
        bare = [it.ref for it in plan.items if not it.actions]
        text = ("Requirements ranked: major nonconformities first, then not met before partially met, then by the "
                "level of the risks they weaken, the number of those risks, and maturity. One row per requirement, "
                "with its questions answered not met or partially met.")
        if bare:
            text += (f" {counted(len(bare), 'requirement has', 'requirements have')} no remediation action yet "
                     f"({join_and(bare)}): the row suggests the deliverable to raise one for.")
        w.para(doc, text, keep_with_next=True)
        tb.table(doc, [("#", 0.4), ("Requirement", 2.2), ("Questions", 1.6), ("Status", 1.1), ("Risks", 1.6),
                      ("Days", 0.8), ("Actions", 3.2)], _ranked_rows(content, engagement, data))
    h("Action plan", 2)
    if not engagement.actions:
        w.para(doc, "No remediation actions have been raised yet.")
    else:
        fills = {"high": w.BAND_FILL["high"], "medium": w.BAND_FILL["medium"], "low": w.BAND_FILL["low"]}
        risk_refs = {r.id: r.ref for r in engagement.risks}
        rows = []
        for a in ordered_actions(engagement):
            closes = "; ".join(x for x in (_requirement(content, a.question_id, a.control_id),
                                           risk_refs.get(a.risk_id or "", None)) if x)
            rows.append([Cell(data.action_refs[a.id], bold=True), Cell(a.title, bold=True), a.owner or "–",
                         date_text(a.due), Cell(a.priority.capitalize(), fill=fills.get(a.priority)), a.status,
                         closes or "–"])
        tb.table(doc, [("#", 0.6), ("Action", 3.6), ("Owner", 1.3), ("Due", 1.1), ("Priority", 1),
                      ("Status", 1.1), ("Closes", 1.6)], rows)
    h("Questions not yet covered", 2)
    if not data.unanswered:
        w.para(doc, "Every question has been answered.")
        return
    w.para(doc, (f"{data.readiness.unanswered} of {data.readiness.total} questions have not yet been covered in the "
                 "interviews, by clause and Annex A control group:"), keep_with_next=True)
    structure = content.structure
    for top, ids in data.unanswered:
        title = structure.title(top) if top in structure else "Other questionnaires"
        name = f"Clause {top}" if top in structure.clause_ids else top
        w.rich_para(doc, [(f"{name} {title} ({len(ids)}): ", True), (", ".join(ids), False)])


def _requirement(content: Content, question_id: str | None, control_id: str | None) -> str:
    """``6.1.2 AI risk assessment (6.1.2-q1)``: the requirement in words, the question for tracing."""
    ref = control_id or (content.question(question_id).ref if question_id and content.has_question(question_id)
                         else None)
    if ref is None or ref not in content.structure:
        return question_id or ""
    return f"{ref} {content.structure.title(ref)}" + (f" ({question_id})" if question_id else "")
