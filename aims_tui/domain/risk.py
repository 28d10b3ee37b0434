"""AI risk assessment (ISO/IEC 42001 6.1.2, 8.2): scores, level bands, the risk appetite and the
EU AI Act tier floor, heat maps, and risks suggested from the catalogue.

Pure functions over the domain models; see docs/DOMAIN.md for the rules in prose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from aims_tui.domain.models import AISystem, Engagement, Risk, RiskBand, RiskMatrix

if TYPE_CHECKING:  # content imports yaml; the risk rules do not need it at run time
    from aims_tui.domain.content import Content

__all__ = [
    "UNCONFIRMED",
    "AssessedRisk",
    "SuggestedRisk",
    "achievable_scores",
    "appetite_problem",
    "assess_risk",
    "assess_risks",
    "band_for",
    "band_rank",
    "band_weight",
    "eu_act_applies",
    "heat_map",
    "heat_map_refs",
    "impact_adjustment",
    "impact_floor",
    "ref_key",
    "tier_floor",
    "rescale",
    "suggest_risks",
    "validate_matrix",
]

# How far below the top of the impact scale each EU AI Act tier puts the impact floor.
# None: the tier sets no floor. See docs/DOMAIN.md, "The EU AI Act tier floor".
_TIER_FLOOR_BELOW_TOP: dict[str, int | None] = {
    "unacceptable": 0,  # prohibited practice (Art. 5): the worst impact on the scale
    "high": 1,  # Annex III / safety component (Art. 6): one step below the worst
    "limited": None,
    "minimal": None,
    "unknown": None,
}


def ref_key(ref: str) -> tuple:
    """Sort key that orders ``R-2`` before ``R-10`` and ``A.6.2.10`` after ``A.6.2.9``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", ref))


def achievable_scores(size: int) -> list[int]:
    """Every likelihood × impact product a size×size matrix can produce, ascending."""
    return sorted({likelihood * impact for likelihood in range(1, size + 1) for impact in range(1, size + 1)})


def _sorted_bands(matrix: RiskMatrix) -> list[RiskBand]:
    return sorted(matrix.bands, key=lambda b: (b.min, b.max))


def band_for(score: int, matrix: RiskMatrix) -> RiskBand:
    """The level band whose ``min..max`` (inclusive) contains ``score``.

    Raises ValueError when no band covers the score (the matrix fails :func:`validate_matrix`,
    or the score is not one the matrix can produce).
    """
    for band in _sorted_bands(matrix):
        if band.min <= score <= band.max:
            return band
    raise ValueError(f"no risk level band covers score {score} (bands: "
                     + ", ".join(f"{b.id} {b.min}–{b.max}" for b in _sorted_bands(matrix)) + ")")


def band_rank(band_id: str | None, matrix: RiskMatrix) -> int:
    """Position of a band from the lowest (0) up; -1 for None or an unknown id."""
    for i, band in enumerate(_sorted_bands(matrix)):
        if band.id == band_id:
            return i
    return -1


def band_weight(band_id: str | None, matrix: RiskMatrix) -> float:
    """A band's weight in (0, 1]: lowest band 1/n … highest band 1.0; 0.0 for no band.

    On the default matrix: low 0.25, medium 0.5, high 0.75, critical 1.0.
    """
    rank = band_rank(band_id, matrix)
    return 0.0 if rank < 0 else (rank + 1) / len(matrix.bands)


def eu_act_applies(system: AISystem | None) -> bool:
    """Whether the EU AI Act's consequences (tier floor, the prohibition) follow for this system:
    yes unless the assessor recorded that the Act does not reach it (``eu_act_reach == "no"``).
    "unknown" keeps them, marked as not yet confirmed (see :func:`impact_adjustment`)."""
    return system is not None and system.eu_act_reach != "no"


def impact_floor(system: AISystem | None, matrix: RiskMatrix) -> int | None:
    """The lowest impact a risk of this AI system may be given, from its EU AI Act tier.

    ``unacceptable`` (a prohibited practice) floors impact at the top of the scale (5 on 5×5);
    ``high`` one step below the top (4 on 5×5, 2 on 3×3, 5 on 6×6). ``limited``, ``minimal``,
    ``unknown``, risks with no AI system and systems the Act does not reach (``eu_act_reach``
    "no") have no floor (None). The floor never lowers an impact, only raises it.
    """
    return tier_floor(system.tier, matrix) if system is not None and eu_act_applies(system) else None


def tier_floor(tier: str, matrix: RiskMatrix) -> int | None:
    """The impact floor of an EU AI Act tier on this matrix (see :func:`impact_floor`)."""
    below_top = _TIER_FLOOR_BELOW_TOP.get(tier)
    return None if below_top is None else max(1, matrix.size - below_top)


def _clamp(value: int, matrix: RiskMatrix) -> int:
    # A risk scored on a larger matrix (the firm later switched 6×6 → 5×5) is read at the top level.
    return max(1, min(value, matrix.size))


def _effective_impact(impact: int, floor: int | None, matrix: RiskMatrix) -> int:
    impact = _clamp(impact, matrix)
    return impact if floor is None else max(impact, floor)


class AssessedRisk(BaseModel):
    """A register entry scored on the assessment's matrix."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use, not at import (it embeds Risk)

    risk: Risk
    score: int
    """Inherent score: likelihood × impact (after the tier floor)."""
    band: RiskBand
    likelihood: int
    """Likelihood used for the score (the risk's, capped at the matrix size)."""
    impact: int
    """Impact used for the score: the risk's, raised to the tier floor (== risk.impact without one)."""
    impact_floor: int | None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    """Residual impact used for the residual score (the tier floor applies here too)."""
    residual_score: int | None
    residual_band: RiskBand | None
    above_appetite: bool
    """Inherent score at or above the matrix's appetite."""
    needs_acceptance_reason: bool
    """Treatment is ``accept``, the score is at or above appetite and no acceptance reason is recorded."""
    system: AISystem | None
    residual_above_appetite: bool = False
    """Treated (not accepted), yet the residual score is still at or above appetite: the risk owner
    must accept the residual risk or plan further treatment."""

    @property
    def impact_raised(self) -> bool:
        """True when the tier floor raised the impact above what the assessor entered."""
        return self.impact > self.risk.impact

    @property
    def residual_impact_raised(self) -> bool:
        """True when the tier floor raised the residual impact above what the assessor entered."""
        return (self.residual_impact is not None and self.risk.residual_impact is not None
                and self.residual_impact > self.risk.residual_impact)

    @property
    def adjustment(self) -> str | None:
        """The floor's adjustment in words (see :func:`impact_adjustment`); None when there is none."""
        return impact_adjustment(self)


_TIER_WORDS = {"high": "high-risk under the EU AI Act",
               "unacceptable": "a prohibited practice under the EU AI Act (unacceptable tier)"}
UNCONFIRMED = "(reach not yet confirmed)"
"""Added wherever an adjustment rests on a system whose EU AI Act reach is "unknown"."""


def impact_adjustment(assessed: AssessedRisk) -> str | None:
    """Why the scored impact differs from the one entered, in one phrase for the risk's row:
    ``impact 4, raised from 3: high-risk under the EU AI Act``, with ``(reach not yet confirmed)``
    when the system's reach is "unknown", and ``; residual impact 4, raised from 2`` when the
    floor raised the residual impact too. None when the floor changed nothing.

    The one wording of the adjustment: the report, the CLI and the TUI all show this text.
    """
    parts = []
    if assessed.impact_raised:
        parts.append(f"impact {assessed.impact}, raised from {assessed.risk.impact}")
    if assessed.residual_impact_raised:
        parts.append(f"residual impact {assessed.residual_impact}, raised from {assessed.risk.residual_impact}")
    if not parts or assessed.system is None:
        return None
    system = assessed.system
    why = _TIER_WORDS.get(system.tier, f"EU AI Act {system.tier} tier")
    text = "; ".join(parts) + f": {why}"
    return text + f" {UNCONFIRMED}" if system.eu_act_reach == "unknown" else text


def assess_risk(risk: Risk, matrix: RiskMatrix, system: AISystem | None = None) -> AssessedRisk:
    """Score one risk: likelihood × impact with the tier floor, its band, residual and appetite flags.

    Raises ValueError when the matrix has no band for the score (see :func:`validate_matrix`).
    """
    floor = impact_floor(system, matrix)
    likelihood = _clamp(risk.likelihood, matrix)
    impact = _effective_impact(risk.impact, floor, matrix)
    score = likelihood * impact
    residual_likelihood = residual_impact = residual_score = None
    residual_band = None
    if risk.residual_likelihood is not None and risk.residual_impact is not None:
        residual_likelihood = _clamp(risk.residual_likelihood, matrix)
        residual_impact = _effective_impact(risk.residual_impact, floor, matrix)
        residual_score = residual_likelihood * residual_impact
        residual_band = band_for(residual_score, matrix)
    above = score >= matrix.appetite
    return AssessedRisk(
        risk=risk,
        score=score,
        band=band_for(score, matrix),
        likelihood=likelihood,
        impact=impact,
        impact_floor=floor,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        residual_score=residual_score,
        residual_band=residual_band,
        above_appetite=above,
        needs_acceptance_reason=risk.treatment == "accept" and above and not risk.acceptance_reason.strip(),
        system=system,
        residual_above_appetite=(risk.treatment != "accept" and residual_score is not None
                                 and residual_score >= matrix.appetite),
    )


def assess_risks(engagement: Engagement) -> list[AssessedRisk]:
    """Every risk in the register, scored; highest score first, then highest residual, then ref."""
    systems = {s.id: s for s in engagement.systems}
    matrix = engagement.settings.matrix
    assessed = [assess_risk(r, matrix, systems.get(r.system_id) if r.system_id else None) for r in engagement.risks]
    assessed.sort(key=lambda a: (-a.score, -(a.residual_score if a.residual_score is not None else -1),
                                 ref_key(a.risk.ref)))
    return assessed


def appetite_problem(risk: Risk, matrix: RiskMatrix, system: AISystem | None = None) -> str | None:
    """Why this risk's treatment breaks the risk appetite, in one sentence; None when it does not.

    Two rules: a risk scoring at or above the appetite may not be accepted without a documented
    acceptance reason; and a risk of an AI system in the EU AI Act ``unacceptable`` tier (a
    prohibited practice) may not be accepted at all, unless the Act does not reach the system.
    """
    if risk.treatment != "accept":
        return None
    if system is not None and system.tier == "unacceptable" and eu_act_applies(system):
        return (f"{risk.ref} is accepted, but {system.name} is in the EU AI Act unacceptable tier "
                "(a prohibited practice): choose avoid or mitigate instead.")
    assessed = assess_risk(risk, matrix, system)
    if assessed.needs_acceptance_reason:
        return (f"{risk.ref} scores {assessed.score} ({assessed.band.label}), at or above the risk appetite of "
                f"{matrix.appetite}, and is accepted without a documented reason: record why the risk owner "
                "accepts it or choose another treatment.")
    return None


def heat_map(assessed: list[AssessedRisk], matrix: RiskMatrix, residual: bool = False) -> list[list[int]]:
    """Risk counts per cell: ``counts[likelihood - 1][impact - 1]`` on a size×size grid.

    Uses the scored (floored, capped) likelihood and impact. With ``residual=True`` the residual
    rating is counted instead, and risks with no residual rating are left out.
    """
    return [[len(cell) for cell in row] for row in heat_map_refs(assessed, matrix, residual)]


def heat_map_refs(assessed: list[AssessedRisk], matrix: RiskMatrix, residual: bool = False) -> list[list[list[str]]]:
    """The risk refs in each cell, ``refs[likelihood - 1][impact - 1]``, in ref order; the same
    cells as :func:`heat_map` (which counts them)."""
    refs: list[list[list[str]]] = [[[] for _ in range(matrix.size)] for _ in range(matrix.size)]
    for a in assessed:
        if residual:
            if a.residual_likelihood is None or a.residual_impact is None:
                continue
            likelihood, impact = a.residual_likelihood, a.residual_impact
        else:
            likelihood, impact = a.likelihood, a.impact
        refs[_clamp(likelihood, matrix) - 1][_clamp(impact, matrix) - 1].append(a.risk.ref)
    for row in refs:
        for cell in row:
            cell.sort(key=ref_key)
    return refs


def validate_matrix(matrix: RiskMatrix) -> list[str]:
    """Problems with a firm's matrix, one sentence each; empty when it is usable.

    Bands must have min ≤ max, unique ids, must not overlap, and together must cover every score
    the matrix can produce (gaps between bands are allowed only where no likelihood × impact
    product falls, such as 17–19 on 5×5). Every band must hold at least one achievable score, and
    the appetite must lie between 1 and size².
    """
    problems: list[str] = []
    top = matrix.size * matrix.size
    achievable = achievable_scores(matrix.size)
    if not matrix.bands:
        return ["The matrix has no level bands: add bands covering scores 1 to " f"{top}."]
    ids = [b.id for b in matrix.bands]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"Band id {dup!r} is used more than once.")
    bands = _sorted_bands(matrix)
    for band in bands:
        if band.min > band.max:
            problems.append(f"Band {band.id!r} runs from {band.min} down to {band.max}: its minimum must not "
                            "exceed its maximum.")
        elif not any(band.min <= s <= band.max for s in achievable):
            problems.append(f"Band {band.id!r} ({band.min}–{band.max}) holds no score a "
                            f"{matrix.size}×{matrix.size} matrix can produce.")
    for lower, upper in zip(bands, bands[1:]):
        if upper.min <= lower.max:
            problems.append(f"Bands {lower.id!r} ({lower.min}–{lower.max}) and {upper.id!r} "
                            f"({upper.min}–{upper.max}) overlap.")
    uncovered = [s for s in achievable if not any(b.min <= s <= b.max for b in bands)]
    if uncovered:
        problems.append("No band covers score" + ("s " if len(uncovered) > 1 else " ")
                        + ", ".join(str(s) for s in uncovered) + ".")
    if not 1 <= matrix.appetite <= top:
        problems.append(f"The risk appetite {matrix.appetite} is outside the matrix's scores 1–{top}.")
    return problems


def rescale(value: int, matrix: RiskMatrix, from_size: int = 5) -> int:
    """Map a level on a ``from_size`` scale (the catalogue's 1–5) to the matrix's scale, keeping
    the ends fixed: 1 stays 1 and the top stays the top; halves round up."""
    if from_size == matrix.size or from_size <= 1:
        return _clamp(value, matrix)
    scaled = 1 + (value - 1) * (matrix.size - 1) / (from_size - 1)
    return _clamp(int(scaled + 0.5), matrix)


class SuggestedRisk(BaseModel):
    """A catalogue risk proposed for the register, already scored for one AI system."""

    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use, not at import

    catalogue_id: str
    title: str
    description: str
    category: str
    likelihood: int
    impact: int
    """The catalogue impact on the assessment's scale, raised to the system's tier floor."""
    controls: list[str]
    system_id: str | None
    reason: str
    """Why it is suggested, in one or two sentences (the system, its tier, any raised impact)."""
    score: int = 0
    band: str | None = None
    treatment_hint: str = ""


def suggest_risks(engagement: Engagement, content: "Content") -> list[SuggestedRisk]:
    """Catalogue risks for each in-scope AI system that the register does not yet hold and that
    can arise for it: a risk limited to some roles (only those who train a model can have its
    training data poisoned) is suggested only where the organisation has one of them, and a
    supplier risk only for a system that comes from a supplier.

    A catalogue risk is already held for a system when a register risk has the same
    ``catalogue_id`` and ``system_id``. With no in-scope AI system registered, catalogue risks are
    suggested once for the organisation (``system_id`` None). Likelihood and impact are moved to
    the matrix's scale, impact is raised to the tier floor. Ranked by score (highest first), then
    the AI system's order in the inventory, then the catalogue's order.
    """
    matrix = engagement.settings.matrix
    held = {(r.catalogue_id, r.system_id) for r in engagement.risks if r.catalogue_id}
    systems: list[AISystem | None] = [s for s in engagement.systems if s.in_scope] or [None]
    ranked: list[tuple[tuple, SuggestedRisk]] = []
    for si, system in enumerate(systems):
        system_id = system.id if system else None
        floor = impact_floor(system, matrix)
        for ci, item in enumerate(content.catalogue):
            if (item.id, system_id) in held:
                continue
            if system is not None and not item.applies_to(system.role, system.supplier):
                continue
            likelihood = rescale(item.likelihood, matrix)
            base_impact = rescale(item.impact, matrix)
            impact = _effective_impact(base_impact, floor, matrix)
            score = likelihood * impact
            try:
                band = band_for(score, matrix).id
            except ValueError:
                band = None
            if system is None:
                reason = f"Catalogue risk {item.id} ({item.category}) applies to any organisation using AI."
            else:
                reason = f"Catalogue risk {item.id} ({item.category}) for {system.name}."
                if item.roles:
                    reason += f" It can arise here because your organisation is the system's {system.role}."
                if (item.needs_supplier or item.category == "third-party") and system.supplier.strip():
                    reason += f" {system.name} comes from a supplier, {system.supplier}."
                if impact > base_impact:
                    reason += (f" Impact raised from {base_impact} to {impact} because {system.name} is in the "
                               f"EU AI Act {system.tier} tier"
                               + (f" {UNCONFIRMED}." if system.eu_act_reach == "unknown" else "."))
            ranked.append(((-score, si, ci), SuggestedRisk(
                catalogue_id=item.id, title=item.title, description=item.description, category=item.category,
                likelihood=likelihood, impact=impact, controls=list(item.controls), system_id=system_id,
                reason=reason, score=score, band=band, treatment_hint=item.treatment_hint,
            )))
    ranked.sort(key=lambda pair: pair[0])
    return [s for _, s in ranked]
