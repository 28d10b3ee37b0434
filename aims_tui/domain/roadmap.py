"""The remediation roadmap: gaps merged per requirement, grouped into workstreams, phased over 180
days with owners and a suggested Stage 1 date; the action register's numbering; and the
traceability matrix (finding → requirement → action → risk → SoA row).

The rules, in prose: docs/DOMAIN.md, "Remediation roadmap". Pure: no Textual, SQLite or Word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aims_tui.domain.content import Content
from aims_tui.domain.models import Action, Engagement
from aims_tui.domain.risk import AssessedRisk, assess_risks, band_rank, ref_key
from aims_tui.domain.scoring import Gap, linked_risks_for, ranked_gaps

__all__ = ["PHASES", "Phase", "RoadmapItem", "Roadmap", "TraceRow", "plan_roadmap", "phase_for",
           "ordered_actions", "action_numbers", "traceability", "OTHER_WORKSTREAM"]


@dataclass(frozen=True)
class Phase:
    id: str
    label: str
    """``Days 0–30``."""
    start: int
    end: int
    """Days after the plan's start."""


PHASES: tuple[Phase, ...] = (Phase("0-30", "Days 0–30", 0, 30), Phase("30-90", "Days 30–90", 30, 90),
                             Phase("90-180", "Days 90–180", 90, 180))

OTHER_WORKSTREAM = ("other", "Other requirements")
"""Where a requirement in no workstream (a questionnaire of the firm's own) is planned."""


def phase_for(major: bool, status: str, above_appetite: bool) -> Phase:
    """Days 0–30 for a major nonconformity; days 30–90 for a requirement not met, or partially met
    where it weakens a risk at or above the appetite; days 90–180 for the other partially met."""
    if major:
        return PHASES[0]
    if status == "not-met" or above_appetite:
        return PHASES[1]
    return PHASES[2]


@dataclass(frozen=True)
class RoadmapItem:
    """One requirement with a gap: its questions' gaps merged into one row."""

    rank: int
    """1 for the most urgent; the rank of its most urgent question in :func:`ranked_gaps`."""
    ref: str
    title: str
    status: str
    """``not-met`` when any of its questions is, else ``partial``."""
    major: bool
    question_ids: tuple[str, ...]
    """Its questions with a gap, in questionnaire order."""
    risk_refs: tuple[str, ...]
    """Risks it weakens, in ref order."""
    worst_band: str | None
    actions: tuple[Action, ...]
    """Remediation actions raised on its questions or control, without duplicates."""
    owners: tuple[str, ...]
    """Owners of its actions not done (else of any action), in order; empty: owner to be named."""
    workstream: tuple[str, str]
    """(id, title)."""
    phase: Phase


@dataclass(frozen=True)
class Roadmap:
    items: tuple[RoadmapItem, ...]
    """Ranked: majors first, then as :func:`ranked_gaps`."""
    start: dt.date
    """Day 0: the last day of the assessment."""
    stage1: dt.date
    """Suggested Stage 1 date (see :func:`plan_roadmap`)."""
    workstream_order: tuple[str, ...] = ()
    """Workstream ids in the content file's order."""

    def date_of(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def workstreams(self) -> list[tuple[tuple[str, str], list[RoadmapItem]]]:
        """Items by workstream, in the content file's order of workstreams (``other`` last), each
        ranked; workstreams with no item are left out."""
        out: dict[tuple[str, str], list[RoadmapItem]] = {}
        for item in self.items:
            out.setdefault(item.workstream, []).append(item)
        order = {ws: i for i, ws in enumerate(self.workstream_order)}
        return sorted(out.items(), key=lambda kv: order.get(kv[0][0], len(order)))


def plan_roadmap(content: Content, engagement: Engagement, gaps: list[Gap] | None = None,
                 assessed: list[AssessedRisk] | None = None) -> Roadmap:
    """Merge ``gaps`` (default :func:`ranked_gaps`) per requirement, give each a workstream, a
    phase and owners, and suggest a Stage 1 date: the end of the last phase holding a major
    nonconformity or a requirement not met (day 30 or day 90), and day 30 when there is none,
    counted from the last day of the assessment."""
    gaps = ranked_gaps(content, engagement) if gaps is None else gaps
    assessed = assess_risks(engagement) if assessed is None else assessed
    matrix = engagement.settings.matrix
    above = {a.risk.ref for a in assessed if a.above_appetite or a.residual_above_appetite}
    by_ref: dict[str, list[Gap]] = {}
    for gap in gaps:
        by_ref.setdefault(gap.ref, []).append(gap)
    order = {q.id: i for i, q in enumerate(content.questions)}
    items: list[RoadmapItem] = []
    for rank, (ref, group) in enumerate(by_ref.items(), 1):
        status = "not-met" if any(g.status == "not-met" for g in group) else "partial"
        major = any(g.major for g in group)
        risks = sorted({r for g in group for r in g.risk_refs}, key=ref_key)
        worst = max((g.worst_band for g in group if g.worst_band), key=lambda b: band_rank(b, matrix), default=None)
        actions = tuple({a.id: a for g in group for a in g.actions}.values())
        open_owners = [a.owner.strip() for a in actions if a.status != "done" and a.owner.strip()]
        owners = open_owners or [a.owner.strip() for a in actions if a.owner.strip()]
        ws = content.workstream_for(ref)
        items.append(RoadmapItem(
            rank=rank, ref=ref, title=group[0].ref_title, status=status, major=major,
            question_ids=tuple(sorted((g.question_id for g in group), key=order.__getitem__)), risk_refs=tuple(risks), worst_band=worst,
            actions=actions, owners=tuple(dict.fromkeys(owners)),
            workstream=(ws.id, ws.title) if ws else OTHER_WORKSTREAM,
            phase=phase_for(major, status, any(r in above for r in risks))))
    start = engagement.assessment.end_date or engagement.assessment.date
    blocking = [it.phase.end for it in items if it.major or it.status == "not-met"]
    return Roadmap(items=tuple(items), start=start, stage1=start + dt.timedelta(days=max(blocking, default=30)),
                   workstream_order=tuple(ws.id for ws in content.workstreams))


def ordered_actions(engagement: Engagement) -> list[Action]:
    """The action plan's order: open before done, then priority (high first), due date, title."""
    prio = {"high": 0, "medium": 1, "low": 2}
    return sorted(engagement.actions, key=lambda a: (a.status == "done", prio.get(a.priority, 3),
                                                     a.due or dt.date.max, a.title, a.id))


def action_numbers(engagement: Engagement) -> dict[str, str]:
    """``A-01``… by action id, in the action plan's order: how the report cites an action."""
    return {a.id: f"A-{i:02d}" for i, a in enumerate(ordered_actions(engagement), 1)}


@dataclass(frozen=True)
class TraceRow:
    """One requirement and everything tied to it, as ids a reader can look up in each register."""

    ref: str
    title: str
    status: str | None
    """Its weakest answer (not-met, partial, met, not-applicable); None when none is answered."""
    finding_ids: tuple[str, ...]
    action_ids: tuple[str, ...]
    risk_refs: tuple[str, ...]
    soa_control: str | None
    """The SoA row (the control itself) for an Annex A control; None for a clause."""


_WEAKEST = ("not-met", "partial", "met", "not-applicable")


def traceability(content: Content, engagement: Engagement, gaps: list[Gap] | None = None,
                 assessed: list[AssessedRisk] | None = None) -> list[TraceRow]:
    """Every requirement tied to something: a finding, a gap, an action or a risk, in the
    standard's order. Risks: those a gap there weakens (:func:`linked_risks_for`), those listing
    the control, and those an action on the requirement is raised for."""
    gaps = ranked_gaps(content, engagement) if gaps is None else gaps
    assessed = assess_risks(engagement) if assessed is None else assessed
    structure = content.structure
    refs_by_id = {r.id: r.ref for r in engagement.risks}
    question_ref = {q.id: q.ref for q in content.questions}
    gap_refs = {g.ref for g in gaps}
    findings: dict[str, list[str]] = {}
    for f in engagement.findings:
        ref = f.ref or question_ref.get(f.question_id or "", "")
        if ref:
            findings.setdefault(ref, []).append(f.id)
    actions: dict[str, list[Action]] = {}
    for a in ordered_actions(engagement):
        ref = a.control_id or question_ref.get(a.question_id or "", "")
        if ref:
            actions.setdefault(ref, []).append(a)
    statuses: dict[str, list[str]] = {}
    for q in content.questions:
        if (answer := engagement.answers.get(q.id)) is not None:
            statuses.setdefault(q.ref, []).append(answer.status)
    rows = []
    for ref in [*structure.clause_leaves, *structure.controls]:
        risks = {a.risk.ref for a in (linked_risks_for(ref, assessed) if ref in gap_refs else ())}
        risks |= {a.risk.ref for a in assessed if ref in a.risk.controls}
        risks |= {refs_by_id[a.risk_id] for a in actions.get(ref, []) if a.risk_id in refs_by_id}
        if not (risks or ref in findings or ref in actions or ref in gap_refs):
            continue
        given = statuses.get(ref, [])
        status = next((s for s in _WEAKEST if s in given), None)
        rows.append(TraceRow(ref=ref, title=structure.title(ref), status=status,
                             finding_ids=tuple(findings.get(ref, ())),
                             action_ids=tuple(a.id for a in actions.get(ref, [])),
                             risk_refs=tuple(sorted(risks, key=ref_key)),
                             soa_control=ref if structure.is_control(ref) else None))
    return rows
