"""Questionnaire content: the ISO/IEC 42001 structure, question banks, risk catalogue and scales.

Every file is YAML, validated with pydantic. A problem anywhere becomes one line naming the file,
the line and the field (docs/CONTRACT.md R4), never a traceback.

Which kind of file a YAML document is follows from its top-level key:
``questionnaire:`` (a question bank), ``catalogue:`` (AI risks), ``clauses:`` (the structure,
built in only) and ``statuses:`` (the scales; a user copy replaces the built-in one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from aims_tui.domain import vocabulary
from aims_tui.domain.errors import ContentError  # noqa: F401  (re-exported)
from aims_tui.domain.models import RiskMatrix

try:  # libyaml is several times faster; fall back to pure Python where it is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


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
    implementation_statuses: list[ScaleItem]
    inclusion_reasons: list[ScaleItem]
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
_SCALE_IDS: dict[str, tuple[str, ...]] = {
    "statuses": vocabulary.STATUSES, "finding_types": vocabulary.FINDING_TYPES,
    "action_statuses": vocabulary.ACTION_STATUSES, "action_priorities": vocabulary.PRIORITIES,
    "treatments": vocabulary.TREATMENTS, "implementation_statuses": vocabulary.IMPLEMENTATION_STATUSES,
    "inclusion_reasons": vocabulary.INCLUSION_REASONS, "eu_ai_act_tiers": vocabulary.TIERS,
}
"""The scales whose ids are the app's fixed vocabulary: a scales file relabels them, never changes them."""


def _check_scales(path: Path, node: yaml.Node | None, scales: Scales) -> list[str]:
    errors = []
    for name, expected in _SCALE_IDS.items():
        ids = [item if isinstance(item, str) else item.id for item in getattr(scales, name)]
        if sorted(ids) != sorted(expected) or len(set(ids)) != len(ids):
            errors.append(f"{path}:{_line(node, [name])}: {name}: the ids must be exactly {', '.join(expected)} "
                          f"(got {', '.join(ids) or 'none'}); change the labels, not the ids")
    return errors


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


# ---------------------------------------------------------------------------------------------
# YAML with line numbers
# ---------------------------------------------------------------------------------------------


def _parse(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([f"{path}: not UTF-8 text ({exc.reason}); save the file as UTF-8"]) from None
    except OSError as exc:
        raise ContentError([f"{path}: cannot read ({exc.strerror or exc})"]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}" if mark else "?"
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise ContentError([f"{path}:{line}: YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise ContentError([f"{path}: YAML error: {' '.join(str(exc).split())}"]) from None
    finally:
        loader.dispose()
    return data, node


def _line(node: yaml.Node | None, loc: Iterable[Any]) -> int:
    """The line (1-based) of the deepest YAML node the pydantic error location reaches."""
    if node is None:
        return 1
    best = node
    for part in loc:
        if isinstance(best, yaml.MappingNode):
            nxt = next((v for k, v in best.value if getattr(k, "value", None) == part), None)
        elif isinstance(best, yaml.SequenceNode) and isinstance(part, int) and part < len(best.value):
            nxt = best.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        best = nxt
    return best.start_mark.line + 1


def _field(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _validation_messages(path: Path, node: yaml.Node | None, exc: ValidationError) -> list[str]:
    msgs = []
    for err in exc.errors():
        loc = err["loc"]
        what = err["msg"]
        if err["type"] == "missing":
            what = "required field is missing"
        elif err["type"] == "extra_forbidden":
            what = "unknown field (check its spelling)"
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            what = f"{what} (got {err['input']!r})"
        msgs.append(f"{path}:{_line(node, loc)}: {_field(loc)}: {what}")
    return msgs


def _validate(path: Path, model: type[BaseModel], data: Any, node: yaml.Node | None) -> Any:
    if not isinstance(data, dict):
        raise ContentError([f"{path}:1: (top level): expected a mapping of fields, got {type(data).__name__}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_validation_messages(path, node, exc)) from None


def file_kind(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for key, kind in (("questionnaire", "questionnaire"), ("catalogue", "catalogue"),
                      ("clauses", "structure"), ("statuses", "scales")):
        if key in data:
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_structure(path: Path) -> Structure:
    data, node = _parse(path)
    return _build_structure(_validate(path, _StructureFile, data, node))


def _check_questionnaire(path: Path, node, q: _QuestionnaireFile, structure: Structure,
                         seen: dict[str, str]) -> list[str]:
    errors = []
    for i, question in enumerate(q.questions):
        if question.ref not in structure:
            errors.append(
                f"{path}:{_line(node, ['questions', i, 'ref'])}: questions[{i}].ref: unknown clause or "
                f"control id {question.ref!r} (use an id from ISO/IEC 42001, e.g. '6.1.2' or 'A.6.2.4')"
            )
        if question.id in seen:
            errors.append(
                f"{path}:{_line(node, ['questions', i, 'id'])}: questions[{i}].id: duplicate question id "
                f"{question.id!r} (already used in {seen[question.id]}); give it a unique id"
            )
        else:
            seen[question.id] = f"{path}:{_line(node, ['questions', i, 'id'])}"
    own = {question.id for question in q.questions}
    version = q.questionnaire.version if isinstance(q.questionnaire.version, int) else None
    for i, change in enumerate(q.changes):
        if version is not None and change.version > version:
            errors.append(
                f"{path}:{_line(node, ['changes', i, 'version'])}: changes[{i}].version: {change.version} is newer "
                f"than questionnaire.version {version}; raise questionnaire.version or fix the change's version"
            )
        for new_id in change.carried:
            if new_id not in own:
                errors.append(
                    f"{path}:{_line(node, ['changes', i, 'carried', new_id])}: changes[{i}].carried: {new_id!r} is "
                    "not a question in this file (the key is the new question id, the value the earlier one)"
                )
    return errors


def _links(path: Path, node, q: _QuestionnaireFile) -> list[tuple[str, str, str]]:
    """(where, question id, same_as) for each question that names a twin, checked once all are loaded."""
    return [(f"{path}:{_line(node, ['questions', i, 'same_as'])}: questions[{i}].same_as", question.id, question.same_as)
            for i, question in enumerate(q.questions) if question.same_as is not None]


def _check_links(links: list[tuple[str, str, str]], known: set[str]) -> list[str]:
    """``same_as`` must name another loaded question."""
    return [f"{where}: {same_as!r} is not another question's id (name the question that asks the same thing, "
            "e.g. '5.2-q1')" for where, qid, same_as in links if same_as not in known or same_as == qid]


def _check_catalogue(path: Path, node, c: _CatalogueFile, structure: Structure,
                     seen: dict[str, str]) -> list[str]:
    errors = []
    for i, risk in enumerate(c.risks):
        for j, control in enumerate(risk.controls):
            if not structure.is_control(control):
                errors.append(
                    f"{path}:{_line(node, ['risks', i, 'controls', j])}: risks[{i}].controls[{j}]: "
                    f"unknown Annex A control id {control!r} (controls look like 'A.6.2.4')"
                )
        if risk.source and structure.risk_sources and risk.source not in structure.risk_sources:
            errors.append(
                f"{path}:{_line(node, ['risks', i, 'source'])}: risks[{i}].source: unknown Annex C risk "
                f"source {risk.source!r} (use C.3.1 … C.3.7)"
            )
        if risk.id in seen:
            errors.append(
                f"{path}:{_line(node, ['risks', i, 'id'])}: risks[{i}].id: duplicate risk id {risk.id!r} "
                f"(already used in {seen[risk.id]})"
            )
        else:
            seen[risk.id] = f"{path}:{_line(node, ['risks', i, 'id'])}"
    return errors


def load_content(builtin_dir: Path, extra_dirs: Iterable[Path] = (), *, only: Iterable[Path] | None = None,
                 collect: bool = False) -> Content:
    """Load the built-in content and every YAML file in ``extra_dirs``.

    With ``only``, the given files are validated against the built-in structure and scales alone
    (used by ``aims questionnaires check PATH``). With ``collect``, every problem is gathered
    before raising; otherwise the first bad file raises.
    """
    structure = load_structure(builtin_dir / "structure.yaml")
    if only is None:
        files = sorted(p for p in builtin_dir.glob("*.y*ml") if p.name != "structure.yaml")
        for extra in extra_dirs:
            if extra.is_dir():
                files += sorted(p for p in extra.glob("*.y*ml"))
    else:
        files = list(only)
    errors: list[str] = []
    questionnaires: list[Questionnaire] = []
    catalogue: list[CatalogueRisk] = []
    scales: Scales | None = None
    seen_q: dict[str, str] = {}
    seen_r: dict[str, str] = {}
    seen_ids: dict[str, Path] = {}
    links: list[tuple[str, str, str]] = []
    catalogue_files: list[tuple[Path, Any, _CatalogueFile]] = []  # roles are checked once scales are known
    for path in files:
        try:
            data, node = _parse(path)
            kind = file_kind(data)
            if kind == "questionnaire":
                qf = _validate(path, _QuestionnaireFile, data, node)
                file_errors = _check_questionnaire(path, node, qf, structure, seen_q)
                if qf.questionnaire.id in seen_ids:
                    file_errors.append(
                        f"{path}:{_line(node, ['questionnaire', 'id'])}: questionnaire.id: duplicate "
                        f"questionnaire id {qf.questionnaire.id!r} (also in {seen_ids[qf.questionnaire.id]})"
                    )
                seen_ids[qf.questionnaire.id] = path
                if file_errors:
                    raise ContentError(file_errors)
                links += _links(path, node, qf)
                questions = tuple(q.model_copy(update={"questionnaire": qf.questionnaire.id}) for q in qf.questions)
                questionnaires.append(Questionnaire(qf.questionnaire, questions, path, tuple(qf.changes)))
            elif kind == "catalogue":
                cf = _validate(path, _CatalogueFile, data, node)
                file_errors = _check_catalogue(path, node, cf, structure, seen_r)
                if file_errors:
                    raise ContentError(file_errors)
                catalogue.extend(cf.risks)
                catalogue_files.append((path, node, cf))
            elif kind == "scales":
                scales = _validate(path, Scales, data, node)
                if scale_errors := _check_scales(path, node, scales):
                    raise ContentError(scale_errors)
                try:
                    scales.default_matrix()
                except ValidationError as exc:
                    raise ContentError([f"{path}:{_line(node, ['risk_matrix'])}: risk_matrix: "
                                        f"{exc.errors()[0]['msg']}"]) from None
            elif kind == "structure":
                if only is not None:
                    _validate(path, _StructureFile, data, node)
                else:
                    raise ContentError([f"{path}:1: clauses: the structure of the standard is built in; "
                                        "remove this file from the questionnaires folder"])
            else:
                raise ContentError([
                    f"{path}:1: (top level): not a questionnaire, catalogue or scales file: it needs a top-level "
                    "'questionnaire:' (with 'questions:'), 'catalogue:' (with 'risks:') or 'statuses:' key"
                ])
        except ContentError as exc:
            if not collect:
                raise
            errors.extend(exc.messages)
    if not errors and only is None:
        errors = _check_links(links, set(seen_q))
    if errors:
        raise ContentError(errors)
    if scales is None:
        if only is not None:
            data, node = _parse(builtin_dir / "scales.yaml")
            scales = _validate(builtin_dir / "scales.yaml", Scales, data, node)
        else:
            raise ContentError([f"{builtin_dir / 'scales.yaml'}:1: statuses: the scales file is missing"])
    role_errors = [
        f"{path}:{_line(node, ['risks', i, 'roles', j])}: risks[{i}].roles[{j}]: unknown AI system role {role!r} "
        f"(use one of {', '.join(scales.system_roles)})"
        for path, node, cf in catalogue_files for i, risk in enumerate(cf.risks) for j, role in enumerate(risk.roles)
        if role not in scales.system_roles]
    if role_errors:
        raise ContentError(role_errors)
    return Content(structure, tuple(questionnaires), tuple(catalogue), scales)

