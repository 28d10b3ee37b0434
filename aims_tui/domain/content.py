"""Questionnaire content: the ISO/IEC 42001 structure, question banks, risk catalogue and scales.

This module says what the content is: the pydantic schemas of its YAML files and the loaded
``Content`` the rest of the app reads. Reading and validating the files (with errors naming file,
line and field) is :mod:`aims_tui.domain.content_files`; caching the result is
``aims_tui/content_loader.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aims_tui.domain import vocabulary
from aims_tui.domain.errors import ContentError  # noqa: F401  (re-exported)
from aims_tui.domain.models import RiskMatrix

class _Strict(BaseModel):
    # Schemas are built on first validation, not at import: a warm start reads the content from the
    # cache (aims_tui/content_loader.py) and never validates.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------------------------------------
# File schemas
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
    """The clause, subclause or Annex A control id the question belongs to."""
    text: str = Field(min_length=1)
    guidance: str = Field(min_length=1)
    evidence: list[str] = Field(min_length=1)
    """Examples of the evidence an auditor would ask to see."""
    questionnaire: str = ""
    """Id of the questionnaire the question came from (filled in on loading)."""
    same_as: str | None = None
    """Id of another question that asks the same thing: answering one offers its answer to the other
    (``content_changes.linked_answer_for``), so the client is not asked twice."""


class RetiredQuestion(_Strict):
    """A question an earlier version asked and this one no longer does: its answers stay in the file
    and are shown as asked in an earlier version."""

    id: str = Field(min_length=1)
    ref: str = Field(min_length=1)
    text: str = Field(min_length=1)


class ContentChange(_Strict):
    """What changed when a questionnaire reached ``version``, so that files answered with an earlier
    version keep their answers (``aims_tui/store/content_upgrade.py``)."""

    version: int = Field(ge=2)
    note: str = ""
    carried: dict[str, str] = Field(default_factory=dict)
    """New question id -> the earlier question id whose answer it starts from (renamed or split
    questions; a split keeps the old id for its first part)."""
    retired: list[RetiredQuestion] = Field(default_factory=list)


class _QuestionnaireFile(_Strict):
    questionnaire: QuestionnaireInfo
    changes: list[ContentChange] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)


class CatalogueRisk(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    category: str = Field(min_length=1)
    source: str | None = None
    """Annex C risk source id (C.3.x)."""
    description: str = Field(min_length=1)
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    controls: list[str] = Field(min_length=1)
    treatment_hint: str = ""
    roles: list[str] = Field(default_factory=list)
    """The organisation's roles for an AI system (``scales.system_roles``) where the risk arises, e.g.
    only those who train a model can have its training data poisoned; empty: any role."""
    needs_supplier: bool = False
    """Suggested only for AI systems that come from a supplier."""

    def applies_to(self, role: str, supplier: str) -> bool:
        """Whether to suggest this risk for an AI system with this role and supplier."""
        return (not self.roles or role in self.roles) and (not self.needs_supplier or bool(supplier.strip()))


class _CatalogueInfo(_Strict):
    id: str
    title: str
    version: int | str = 1


class _CatalogueFile(_Strict):
    catalogue: _CatalogueInfo
    risks: list[CatalogueRisk] = Field(min_length=1)


class Workstream(_Strict):
    """A remediation workstream of the roadmap (questionnaires/workstreams.yaml): the clause 4-10
    subclauses and Annex A controls whose gaps it closes."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    refs: list[str] = Field(min_length=1)


class _WorkstreamsFile(_Strict):
    workstreams: list[Workstream] = Field(min_length=1)


class ScaleItem(_Strict):
    id: str
    label: str
    """As a reader sees it: ``Partially implemented``."""
    description: str = ""
    short: str = ""
    """A shorter form for a narrow column (``RA``, ``not impl.``); empty: the label."""

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value: Any) -> Any:
        """A bare id (``open``), as scales files written before labels were kept here have them:
        labelled from the id (``in-progress`` -> ``In progress``)."""
        if isinstance(value, str):
            return {"id": value, "label": value.replace("-", " ").capitalize()}
        return value


class MaturityLevel(_Strict):
    level: int = Field(ge=0, le=5)
    label: str
    description: str = ""


class RoleTerms(_Strict):
    """One organisation role for an AI system (``Scales.system_roles``) in ISO/IEC 22989's and the EU AI
    Act's words."""

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
    """A firm's scales file written before these labels were kept here may omit them: labelled from the ids."""
    inclusion_reasons: list[ScaleItem] = Field(
        default_factory=lambda: [ScaleItem.model_validate(i) for i in vocabulary.INCLUSION_REASONS])
    eu_ai_act_tiers: list[ScaleItem]
    system_roles: list[str]
    system_role_terms: list[RoleTerms] = Field(default_factory=list)
    """How each of ``system_roles`` reads in ISO/IEC 22989 and the EU AI Act (a firm's scales may omit it)."""
    lifecycle_stages: list[str]
    risk_matrix: _DefaultMatrix

    def default_matrix(self) -> RiskMatrix:
        return RiskMatrix.model_validate(self.risk_matrix.model_dump())

    def label(self, scale: LabelledScale, value: str) -> str:
        """The label of ``value`` on one of the labelled scales (the one source of these labels):
        ``label("treatments", "mitigate")`` is ``Mitigate``; an unknown value is shown as it is."""
        return next((s.label for s in getattr(self, scale) if s.id == value), value)

    def short(self, scale: LabelledScale, value: str) -> str:
        """The short form of ``value`` for a narrow column (else its label)."""
        return next((s.short or s.label for s in getattr(self, scale) if s.id == value), value)

    def status_label(self, status: str) -> str:
        return self.label("statuses", status)

    def maturity_label(self, level: int) -> str:
        return next((m.label for m in self.maturity if m.level == level), str(level))


LabelledScale = Literal["statuses", "finding_types", "action_statuses", "treatments", "implementation_statuses",
                        "inclusion_reasons", "eu_ai_act_tiers"]
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


# ---------------------------------------------------------------------------------------------
# The structure of the standard
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A clause, subclause, Annex A group or subgroup, or control: an id with a short title."""

    id: str
    title: str
    kind: Literal["clause", "subclause", "group", "subgroup", "control"]
    parent: str | None
    children: tuple[str, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True)
class Structure:
    """Clause and Annex A ids and titles, in the standard's order."""

    sections: dict[str, Section]
    clause_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    risk_sources: dict[str, str] = field(default_factory=dict)

    def __contains__(self, section_id: str) -> bool:
        return section_id in self.sections

    def __getitem__(self, section_id: str) -> Section:
        return self.sections[section_id]

    def title(self, section_id: str) -> str:
        return self.sections[section_id].title

    def is_control(self, section_id: str) -> bool:
        """Whether the id is an Annex A control (not a clause, an Annex A group or subgroup, or unknown)."""
        node = self.sections.get(section_id)
        return node is not None and node.kind == "control"

    def leaves(self, root: str) -> list[str]:
        """Leaf ids under (or equal to) ``root``, in order."""
        node = self.sections[root]
        if node.is_leaf:
            return [root]
        out: list[str] = []
        for child in node.children:
            out.extend(self.leaves(child))
        return out

    @cached_property
    def clause_leaves(self) -> list[str]:
        """The 32 subclauses an assessment answers (leaves of clauses 4–10)."""
        return [leaf for c in self.clause_ids for leaf in self.leaves(c)]

    @cached_property
    def controls(self) -> list[str]:
        """All Annex A control ids, in order (38)."""
        return [leaf for g in self.group_ids for leaf in self.leaves(g)]

    def top(self, section_id: str) -> str:
        """The clause (4–10) or Annex A group (A.2–A.10) a section belongs to."""
        node = self.sections[section_id]
        while node.parent is not None:
            node = self.sections[node.parent]
        return node.id

    def ancestors(self, section_id: str) -> list[str]:
        """From the section itself up to its clause or group."""
        out = [section_id]
        node = self.sections[section_id]
        while node.parent is not None:
            out.append(node.parent)
            node = self.sections[node.parent]
        return out


def _build_structure(raw: _StructureFile) -> Structure:
    sections: dict[str, Section] = {}

    def add(node: _Node, parent: str | None, kind: str) -> None:
        for child in node.subclauses:
            add(child, node.id, "subclause")
        sections[node.id] = Section(
            node.id, node.title, kind, parent, tuple(c.id for c in node.subclauses)  # type: ignore[arg-type]
        )

    for clause in raw.clauses:
        add(clause, None, "clause")
    for group in raw.annex_a:
        sub_children: dict[str, list[str]] = {s.id: [] for s in group.subgroups}
        direct: list[str] = []
        for control in group.controls:
            parent = control.subgroup or group.id
            sections[control.id] = Section(control.id, control.title, "control", parent)
            (sub_children[control.subgroup] if control.subgroup else direct).append(control.id)
        for sub in group.subgroups:
            sections[sub.id] = Section(sub.id, sub.title, "subgroup", group.id, tuple(sub_children[sub.id]))
        children = tuple(direct) + tuple(s.id for s in group.subgroups)
        sections[group.id] = Section(group.id, group.title, "group", None, children)
    return Structure(
        sections=sections,
        clause_ids=tuple(c.id for c in raw.clauses),
        group_ids=tuple(g.id for g in raw.annex_a),
        risk_sources={r.id: r.name for r in raw.risk_sources},
    )


# ---------------------------------------------------------------------------------------------
# Loaded content
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Questionnaire:
    info: QuestionnaireInfo
    questions: tuple[Question, ...]
    path: Path
    changes: tuple[ContentChange, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything read from the questionnaire folders."""

    structure: Structure
    questionnaires: tuple[Questionnaire, ...]
    catalogue: tuple[CatalogueRisk, ...]
    scales: Scales
    workstreams: tuple[Workstream, ...] = ()
    """Remediation workstreams, each subclause and control in exactly one (empty without the file)."""

    rationale: dict[str, str] = field(default_factory=dict)
    """Annex A control id -> why it belongs in an AI management system (``soa_rationale.yaml``)."""

    def soa_rationale(self, control_id: str) -> str:
        """Why the control belongs in an AI management system, in a sentence or two ("" if none)."""
        return " ".join(self.rationale.get(control_id, "").split())

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question: clauses first, then Annex A, then other questionnaires; each in
        the standard's order."""
        order = {sid: i for i, sid in enumerate(self.structure.clause_leaves + self.structure.controls)}
        part_rank = {"clauses": 0, "annex-a": 1, "other": 2}
        ranked = [
            (part_rank[q.info.part], qi, order.get(question.ref, len(order)), n, question)
            for qi, q in enumerate(self.questionnaires)
            for n, question in enumerate(q.questions)
        ]
        ranked.sort(key=lambda r: r[:4])
        return tuple(r[-1] for r in ranked)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    @cached_property
    def _by_ref(self) -> dict[str, list[Question]]:
        out: dict[str, list[Question]] = {}
        for q in self.questions:
            out.setdefault(q.ref, []).append(q)
        return out

    def questions_for(self, section_id: str) -> list[Question]:
        """Questions whose ref is the section or any section below it."""
        if section_id not in self.structure:
            return list(self._by_ref.get(section_id, []))
        out: list[Question] = []
        for leaf in self.structure.leaves(section_id):
            out.extend(self._by_ref.get(leaf, []))
        if not self.structure[section_id].is_leaf:
            out.extend(self._by_ref.get(section_id, []))
        return out

    def is_control(self, ref: str) -> bool:
        """Whether a question's ref is an Annex A control (its answer then informs the SoA)."""
        return self.structure.is_control(ref)

    def catalogue_risk(self, catalogue_id: str) -> CatalogueRisk:
        return next(r for r in self.catalogue if r.id == catalogue_id)

    @cached_property
    def _workstream_by_ref(self) -> dict[str, Workstream]:
        return {r: ws for ws in self.workstreams for r in ws.refs}

    def workstream_for(self, ref: str) -> Workstream | None:
        """The workstream whose refs hold ``ref`` (or its nearest parent); None when none does."""
        refs = self.structure.ancestors(ref) if ref in self.structure else [ref]
        return next((self._workstream_by_ref[r] for r in refs if r in self._workstream_by_ref), None)
