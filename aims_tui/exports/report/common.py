"""What every chapter of the gap report uses: the figures computed once (ReportData), the
labels and the cells that show a status, a level band or a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement, Finding
from aims_tui.domain.readiness import Readiness, assess_readiness, unanswered_by_section
from aims_tui.domain.risk import AssessedRisk, assess_risks, band_rank
from aims_tui.domain.roadmap import Roadmap, TraceRow, action_numbers, plan_roadmap, traceability
from aims_tui.domain.scoring import Gap, GapScore, next_steps, ranked_gaps, section_scores
from aims_tui.domain.soa import soa_blockers
from aims_tui.exports import docx_common as w
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
    readiness: Readiness
    roadmap: Roadmap
    trace: list[TraceRow]
    action_refs: dict[str, str]
    """``A-01``… by action id, in the action plan's order."""
    unanswered: list[tuple[str, list[str]]]
    """Unanswered question ids by clause or Annex A group."""

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
        assessed = assess_risks(engagement)
        gaps = ranked_gaps(content, engagement)
        return cls(scores=scores, assessed=assessed, gaps=gaps,
                   steps=next_steps(content, engagement, limit=5), blockers=blockers, findings=findings,
                   finding_refs=refs, draft_reasons=reasons, today=today,
                   readiness=assess_readiness(content, engagement, gaps, assessed),
                   roadmap=plan_roadmap(content, engagement, gaps, assessed),
                   trace=traceability(content, engagement, gaps, assessed),
                   action_refs=action_numbers(engagement), unanswered=unanswered_by_section(content, engagement))

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)


# ---------------------------------------------------------------------------------------------
