"""The schemas of the content's YAML files: pydantic models that validate what a file holds.

A validated file is turned into the plain dataclasses of :mod:`aims_tui.domain.content` by
:func:`loaded`: each schema here that has a class of the same name there becomes that class (same
fields, same defaults; tests/unit/test_content_schema.py keeps the two in step). The schemas keep
the constraints and the YAML's shape; what each field means is said once, on the dataclass. The
class names are the ones pydantic's messages show ("a valid dictionary or instance of Question"),
so they stay as they are.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aims_tui.domain import content, vocabulary


class _Strict(BaseModel):
    # Schemas are built on first validation, not at import: a warm start reads the content from the
    # cache (aims_tui/content_loader.py) and never imports this module.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def loaded(value: Any) -> Any:
    """``value`` with every schema object in it turned into the dataclass of the same name in
    :mod:`aims_tui.domain.content` (lists and dicts rebuilt, everything else as it is)."""
    if isinstance(value, BaseModel):
        runtime = getattr(content, type(value).__name__)
        return runtime(**{name: loaded(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [loaded(v) for v in value]
    if isinstance(value, dict):
        return {k: loaded(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------
# Question banks
# ---------------------------------------------------------------------------------------------


class QuestionnaireInfo(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    part: Literal["clauses", "annex-a", "other"] = "other"
    version: int | str = 1
    description: str = ""


class Question(_Strict):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    ref: str = Field(min_length=1)
    text: str = Field(min_length=1)
    guidance: str = Field(min_length=1)
    evidence: list[str] = Field(min_length=1)
    questionnaire: str = ""
    same_as: str | None = None


class RetiredQuestion(_Strict):
    id: str = Field(min_length=1)
    ref: str = Field(min_length=1)
    text: str = Field(min_length=1)


class ContentChange(_Strict):
    version: int = Field(ge=2)
    note: str = ""
    carried: dict[str, str] = Field(default_factory=dict)
    retired: list[RetiredQuestion] = Field(default_factory=list)


class _QuestionnaireFile(_Strict):
    questionnaire: QuestionnaireInfo
    changes: list[ContentChange] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)


# ---------------------------------------------------------------------------------------------
# Risk catalogue and workstreams
# ---------------------------------------------------------------------------------------------


class CatalogueRisk(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    category: str = Field(min_length=1)
    source: str | None = None
    description: str = Field(min_length=1)
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    controls: list[str] = Field(min_length=1)
    treatment_hint: str = ""
    roles: list[str] = Field(default_factory=list)
    needs_supplier: bool = False


class _CatalogueInfo(_Strict):
    id: str
    title: str
    version: int | str = 1


class _CatalogueFile(_Strict):
    catalogue: _CatalogueInfo
    risks: list[CatalogueRisk] = Field(min_length=1)


class Workstream(_Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    refs: list[str] = Field(min_length=1)


class _WorkstreamsFile(_Strict):
    workstreams: list[Workstream] = Field(min_length=1)


# ---------------------------------------------------------------------------------------------
# Scales
# ---------------------------------------------------------------------------------------------


class ScaleItem(_Strict):
    id: str
    label: str
    description: str = ""
    short: str = ""

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value: Any) -> Any:
        """A bare id (``open``), as scales files written before labels were kept here have them:
        labelled from the id (``in-progress`` -> ``In progress``)."""
        if isinstance(value, str):
            return {"id": value, "label": content.label_from_id(value)}
        return value


class MaturityLevel(_Strict):
    level: int = Field(ge=0, le=5)
    label: str
    description: str = ""


class RoleTerms(_Strict):
    id: str
    iso_22989: str
    eu_ai_act: str = ""


class _DefaultMatrix(_Strict):
    size: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    bands: list[dict[str, Any]]
    appetite: int


class Scales(_Strict):
    statuses: list[ScaleItem]
    maturity: list[MaturityLevel]
    finding_types: list[ScaleItem]
    action_statuses: list[ScaleItem]
    action_priorities: list[str]
    treatments: list[ScaleItem]
    implementation_statuses: list[ScaleItem] = Field(
        default_factory=lambda: [ScaleItem.model_validate(i) for i in vocabulary.IMPLEMENTATION_STATUSES])
    inclusion_reasons: list[ScaleItem] = Field(
        default_factory=lambda: [ScaleItem.model_validate(i) for i in vocabulary.INCLUSION_REASONS])
    eu_ai_act_tiers: list[ScaleItem]
    system_roles: list[str]
    system_role_terms: list[RoleTerms] = Field(default_factory=list)
    lifecycle_stages: list[str]
    risk_matrix: _DefaultMatrix


# ---------------------------------------------------------------------------------------------
# SoA rationale and the structure of the standard
# ---------------------------------------------------------------------------------------------


class _SoARationaleInfo(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    version: int | str = 1


class _SoARationaleFile(_Strict):
    """``soa_rationale.yaml``: per Annex A control, why it belongs in an AI management system (the
    opening of the SoA's drafted justification), in our own words."""

    soa_rationale: _SoARationaleInfo
    controls: dict[str, str]


class _Node(_Strict):
    id: str
    title: str
    subclauses: list["_Node"] = Field(default_factory=list)


class _ControlIn(_Strict):
    id: str
    title: str
    subgroup: str | None = None


class _SubgroupIn(_Strict):
    id: str
    title: str


class _GroupIn(_Strict):
    id: str
    title: str
    subgroups: list[_SubgroupIn] = Field(default_factory=list)
    controls: list[_ControlIn]


class _Named(_Strict):
    id: str
    name: str


class _StructureFile(_Strict):
    standard: str
    clauses: list[_Node]
    annex_a: list[_GroupIn]
    risk_sources: list[_Named] = Field(default_factory=list)
    objectives: list[_Named] = Field(default_factory=list)
