"""The risk chapter of the gap report: the risk register with its heat map."""

from __future__ import annotations

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import band_for, band_rank, heat_map
from aims_tui.domain.wording import join_and
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import ReportData, band_cell
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
