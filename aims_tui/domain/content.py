"""Questionnaire content: the ISO/IEC 42001 structure, question banks, risk catalogue and scales.

This module says what the loaded content is: plain frozen dataclasses that the rest of the app
reads, ending in ``Content``. It imports neither pydantic nor the domain models, so that a warm
start unpickles the content from the cache (``aims_tui/content_loader.py``) without them. The
schemas of the YAML files, which validate what these classes hold, are
:mod:`aims_tui.domain.content_schema` (same class names, same fields, same defaults: a test keeps
them in step); reading the files, with errors naming file, line and field, is
:mod:`aims_tui.domain.content_files`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from aims_tui.domain import vocabulary
from aims_tui.domain.errors import ContentError  # noqa: F401  (re-exported)

if TYPE_CHECKING:
    from aims_tui.domain.models import RiskMatrix


def label_from_id(value: str) -> str:
    """The label of a scale item given as a bare id: ``in-progress`` -> ``In progress``."""
    return value.replace("-", " ").capitalize()


# ---------------------------------------------------------------------------------------------
# What the content files hold. Keyword-only: a field with a default may come before one without, in
# the order the file schemas have them.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QuestionnaireInfo:
    id: str
    title: str
    part: Literal["clauses", "annex-a", "other"] = "other"
    version: int | str = 1
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    ref: str
    """The clause, subclause or Annex A control id the question belongs to."""
    text: str
    guidance: str
    evidence: list[str]
    """Examples of the evidence an auditor would ask to see."""
    questionnaire: str = ""
    """Id of the questionnaire the question came from (filled in on loading)."""
    same_as: str | None = None
    """Id of another question that asks the same thing: answering one offers its answer to the other
    (``content_changes.linked_answer_for``), so the client is not asked twice."""


@dataclass(frozen=True, kw_only=True)
class RetiredQuestion:
    """A question an earlier version asked and this one no longer does: its answers stay in the file
    and are shown as asked in an earlier version."""

    id: str
    ref: str
    text: str


@dataclass(frozen=True, kw_only=True)
class ContentChange:
    """What changed when a questionnaire reached ``version``, so that files answered with an earlier
    version keep their answers (``aims_tui/store/content_upgrade.py``)."""

    version: int
    note: str = ""
    carried: dict[str, str] = field(default_factory=dict)
    """New question id -> the earlier question id whose answer it starts from (renamed or split
    questions; a split keeps the old id for its first part)."""
    retired: list[RetiredQuestion] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class CatalogueRisk:
    id: str
    title: str
    category: str
    source: str | None = None
    """Annex C risk source id (C.3.x)."""
    description: str
    likelihood: int
    impact: int
    controls: list[str]
    treatment_hint: str = ""
    roles: list[str] = field(default_factory=list)
    """The organisation's roles for an AI system (``scales.system_roles``) where the risk arises, e.g.
    only those who train a model can have its training data poisoned; empty: any role."""
    needs_supplier: bool = False
    """Suggested only for AI systems that come from a supplier."""

    def applies_to(self, role: str, supplier: str) -> bool:
        """Whether to suggest this risk for an AI system with this role and supplier."""
        return (not self.roles or role in self.roles) and (not self.needs_supplier or bool(supplier.strip()))


@dataclass(frozen=True, kw_only=True)
class Workstream:
    """A remediation workstream of the roadmap (questionnaires/workstreams.yaml): the clause 4-10
    subclauses and Annex A controls whose gaps it closes."""

    id: str
    title: str
    description: str = ""
    refs: list[str]


@dataclass(frozen=True, kw_only=True)
class ScaleItem:
    id: str
    label: str
    """As a reader sees it: ``Partially implemented``."""
    description: str = ""
    short: str = ""
    """A shorter form for a narrow column (``RA``, ``not impl.``); empty: the label."""


def _labelled(ids: tuple[str, ...]) -> list[ScaleItem]:
    return [ScaleItem(id=i, label=label_from_id(i)) for i in ids]


@dataclass(frozen=True, kw_only=True)
class MaturityLevel:
    level: int
    label: str
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class RoleTerms:
    """One organisation role for an AI system (``Scales.system_roles``) in ISO/IEC 22989's and the EU AI
    Act's words."""

    id: str
    iso_22989: str
    eu_ai_act: str = ""


@dataclass(frozen=True, kw_only=True)
class _DefaultMatrix:
    """The scales file's risk matrix, as written: :meth:`Scales.default_matrix` is the checked one."""

    size: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    bands: list[dict[str, Any]]
    appetite: int


@dataclass(frozen=True, kw_only=True)
class Scales:
    statuses: list[ScaleItem]
    maturity: list[MaturityLevel]
    finding_types: list[ScaleItem]
    action_statuses: list[ScaleItem]
    action_priorities: list[str]
    treatments: list[ScaleItem]
    implementation_statuses: list[ScaleItem] = field(
        default_factory=lambda: _labelled(vocabulary.IMPLEMENTATION_STATUSES))
    """A firm's scales file written before these labels were kept here may omit them: labelled from the ids."""
    inclusion_reasons: list[ScaleItem] = field(default_factory=lambda: _labelled(vocabulary.INCLUSION_REASONS))
    eu_ai_act_tiers: list[ScaleItem]
    system_roles: list[str]
    system_role_terms: list[RoleTerms] = field(default_factory=list)
    """How each of ``system_roles`` reads in ISO/IEC 22989 and the EU AI Act (a firm's scales may omit it)."""
    lifecycle_stages: list[str]
    risk_matrix: _DefaultMatrix

    def default_matrix(self) -> RiskMatrix:
        from aims_tui.domain.models import RiskMatrix  # pydantic: not needed to read the content

        return RiskMatrix.model_validate(dataclasses.asdict(self.risk_matrix))

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
