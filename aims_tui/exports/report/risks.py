"""The risk chapter of the gap report: the risk register with its heat map."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.risk import UNCONFIRMED, AssessedRisk, band_for, band_rank, heat_map_refs
from aims_tui.domain.wording import join_and
from aims_tui.exports import docx_common as w
from aims_tui.exports import tables as tb
from aims_tui.exports.report.common import ReportData, band_cell
from aims_tui.exports.tables import Cell


# ---------------------------------------------------------------------------------------------
# Risk register
# ---------------------------------------------------------------------------------------------


HEAT_MAP_IDS = 6
"""Risk ids written in one heat-map cell; beyond that, the first few and "+n"."""
APPETITE_LINE = "18"
"""Width of the appetite line drawn round heat-map cells at or above appetite, in eighths of a point."""


def _cell_ids(refs: list[str]) -> str:
    if len(refs) <= HEAT_MAP_IDS:
        return " ".join(refs)
    return " ".join(refs[:HEAT_MAP_IDS - 1]) + f" +{len(refs) - HEAT_MAP_IDS + 1}"


def _heat_map_table(doc, engagement: Engagement, refs: list[list[list[str]]]) -> None:
    m = engagement.settings.matrix
    n = m.size
    columns = [("", 2.2)] + [("", 1.3)] * n
    rows = []
    for li in range(n, 0, -1):
        row = [Cell(f"{li} {m.likelihood_labels[li - 1]}", bold=True, fill=w.ACCENT_LIGHT)]
        for ii in range(1, n + 1):
            band = band_for(li * ii, m)
            cell = refs[li - 1][ii - 1]
            row.append(Cell(_cell_ids(cell), align="center", bold=bool(cell),
                            fill=w.band_fill(band.id, band_rank(band.id, m), len(m.bands))))
        rows.append(row)
    rows.append([Cell("Likelihood ↑ / Impact →", fill=w.ACCENT_LIGHT, color=w.MUTED)]
                + [Cell(f"{i} {m.impact_labels[i - 1]}", bold=True, align="center", fill=w.ACCENT_LIGHT)
                   for i in range(1, n + 1)])
    table = tb.table(doc, columns, rows, header=False, keep_together=True)
    _draw_appetite_line(table, m, doc.colour(w.ACCENT))


def _draw_appetite_line(table, m, colour: str) -> None:
    """A heavy line round the cells scoring at or above appetite, drawn on the sides that face a
    cell below appetite or the axes (score rises up and right, so it is one staircase)."""
    n = m.size
    for r, tr in enumerate(table.rows[:n]):
        li = n - r
        for ii in range(1, n + 1):
            if li * ii < m.appetite:
                continue
            sides = []
            if ii == 1 or li * (ii - 1) < m.appetite:
                sides.append("left")
            if li == 1 or (li - 1) * ii < m.appetite:
                sides.append("bottom")
            if li == n:
                sides.append("top")
            if ii == n:
                sides.append("right")
            _cell_borders(tr.cells[ii]._tc, sides, colour)


def _cell_borders(tc, sides: list[str], colour: str) -> None:
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):  # the schema's order
        if side in sides:
            el = OxmlElement(f"w:{side}")
            for key, value in (("val", "single"), ("sz", APPETITE_LINE), ("space", "0"), ("color", colour)):
                el.set(qn(f"w:{key}"), value)
            borders.append(el)
    tc_pr = tc.get_or_add_tcPr()
    shd = tc_pr.find(qn("w:shd"))
    if shd is not None:  # tcBorders comes before shd in a cell's properties
        shd.addprevious(borders)
    else:
        tc_pr.append(borders)


def adjusted(a: AssessedRisk) -> str:
    """The impact adjustment as a line of the risk's row: "Impact 4, raised from 3: …"; "" when none."""
    text = a.adjustment or ""
    return text[:1].upper() + text[1:]


def risk_cell(a: AssessedRisk, *, description: bool = True) -> Cell:
    """A risk's title (bold), its description, and any impact adjustment on its own line."""
    runs: list[tuple[str, bool]] = [(a.risk.title, True)]
    if description and a.risk.description:
        runs.append(("\n" + a.risk.description, False))
    if a.adjustment:
        runs.append(("\n" + adjusted(a), False))
    if description and a.risk.acceptance_reason.strip():
        runs.append(("\nAccepted because: " + a.risk.acceptance_reason, False))
    return Cell(runs)


REACH_WORDS = {"yes": "Yes", "no": "No", "unknown": "Not yet confirmed"}


def eu_act_reach(doc, h, engagement: Engagement, content: Content) -> None:
    """Which in-scope AI systems the EU AI Act reaches and on what basis, which it does not, and which
    are not yet placed. No article of the Act is cited for a system it does not reach."""
    systems = [s for s in engagement.systems if s.in_scope]
    if not systems:
        return
    h("EU AI Act reach", 2)
    terms = {t.id: t.eu_ai_act for t in content.scales.system_role_terms}
    names = {reach: [s.name for s in systems if s.eu_act_reach == reach] for reach in REACH_WORDS}
    sentences = []
    if names["yes"] or names["unknown"]:
        sentences.append("The impact of a risk of an AI system the Act reaches, or may reach, is raised to the "
                         "floor of the system's tier.")
    if names["no"]:
        sentences.append(f"The Act does not reach {join_and(names['no'])}: no tier floor applies to "
                         f"{'its' if len(names['no']) == 1 else 'their'} risks and no obligation under the Act "
                         "is assumed.")
    if names["unknown"]:
        sentences.append(f"Open point: confirm whether the Act reaches {join_and(names['unknown'])} (placed on "
                         "the EU market, put into service in the EU, or output used in the EU); until then each "
                         f"raised impact is marked “{UNCONFIRMED[1:-1]}”.")
    w.para(doc, "Whether the EU AI Act reaches each AI system in scope, on what basis, and the organisation's "
                "role under it. " + " ".join(sentences), keep_with_next=True)
    tb.table(doc, [("AI system", 1.7), ("Reached", 1.1), ("Basis", 2.6), ("Role under the Act", 2.4)],
             [[Cell(s.name, bold=True), REACH_WORDS[s.eu_act_reach], s.eu_act_basis or "–",
               "–" if s.eu_act_reach == "no" else (terms.get(s.role) or s.role.capitalize())] for s in systems])


def _heat_map_notes(doc, assessed: list[AssessedRisk]) -> None:
    raised = [a for a in assessed if a.adjustment]
    if raised:
        w.para(doc, "Impacts raised by the EU AI Act tier floor, which place these risks in their cells:",
               space_after=3, keep_with_next=True)
        for a in raised:
            w.bullet(doc, f"{a.risk.ref}: {a.adjustment}")


def risk_register(doc, h, engagement: Engagement, content: Content, data: ReportData) -> None:
    m = engagement.settings.matrix
    h("Risk register", 1)
    assessed = data.assessed
    if not assessed:
        w.para(doc, "No AI risks have been recorded.")
        eu_act_reach(doc, h, engagement, content)
        return
    floors = "; each raised impact is stated on the risk's row" if any(a.adjustment for a in assessed) else ""
    w.para(doc, (f"{len(assessed)} risk{'s are' if len(assessed) != 1 else ' is'} recorded, scored likelihood × "
                 f"impact on the {m.size}×{m.size} matrix. Where the EU AI Act reaches an AI system in its "
                 "high-risk or unacceptable tier, or may reach it, the impact of its risks is raised to a minimum "
                 f"level for that tier (see the method){floors}."), keep_with_next=True)
    eu_act_reach(doc, h, engagement, content)
    h("Heat map", 2)
    w.para(doc, "Risks in each cell, inherent rating (before treatment):", space_after=3, keep_with_next=True)
    _heat_map_table(doc, engagement, heat_map_refs(assessed, m))
    residual = [a for a in assessed if a.residual_score is not None]
    if residual:
        w.para(doc, f"Residual rating after treatment ({len(residual)} risks with a residual rating):",
               space_after=3, keep_with_next=True)
        _heat_map_table(doc, engagement, heat_map_refs(assessed, m, residual=True))
    w.para(doc, (f"The heavy line marks the risk appetite: cells above and to the right of it score {m.appetite} "
                 "or more, and a risk there may not be accepted without a documented reason."))
    _heat_map_notes(doc, assessed)
    h("Risks and treatment", 2)
    rows = []
    for a in assessed:
        r = a.risk
        treatment = r.treatment.capitalize()  # an acceptance reason is in the risk's own cell
        if a.needs_acceptance_reason:
            treatment += "\nNo documented reason for acceptance"
        treatment += f"\nOwner: {r.owner or '–'}"
        residual_text = (f"{a.residual_score}" if a.residual_score is not None else "–")
        rows.append([
            Cell(r.ref, bold=True), risk_cell(a), a.system.name if a.system else "Whole organisation",
            band_cell(engagement, a.band.id, f"{a.likelihood}×{a.impact} = {a.score} {a.band.label}"),
            Cell(treatment, color=w.DRAFT_RED if a.needs_acceptance_reason else None),
            " ".join(r.controls) or "–",
            band_cell(engagement, a.residual_band.id, f"{residual_text} {a.residual_band.label}")
            if a.residual_band else Cell("–"),
        ])
    # The risk's own words take the widest column: owner rides under the treatment, L×I beside the
    # inherent score, controls wrap.
    tb.table(doc, [("Ref", 0.75), ("Risk", 5.8), ("AI system", 1.35), ("Inherent", 1.1),
                  ("Treatment", 1.45), ("Controls", 1.1), ("Residual", 1.0)], rows)
    still_high = [a.risk.ref for a in assessed if a.residual_above_appetite]
    if still_high:
        w.para(doc, (f"{join_and(still_high)} remain{'s' if len(still_high) == 1 else ''} at or above the risk "
                     f"appetite of {m.appetite} after treatment: the risk owner should either accept the residual "
                     "risk, with the reason recorded, or plan further treatment."))
