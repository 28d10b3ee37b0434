"""Reading the content files: YAML with line numbers, validation against the schemas of
:mod:`aims_tui.domain.content_schema`, the checks across files, and :func:`load_content`, which
returns the plain :class:`~aims_tui.domain.content.Content`.

A problem anywhere becomes one line naming the file, the line and the field (docs/CONTRACT.md R4),
never a traceback.

Which kind of file a YAML document is follows from its top-level key:
``questionnaire:`` (a question bank), ``catalogue:`` (AI risks), ``clauses:`` (the structure,
built in only), ``statuses:`` (the scales; a user copy replaces the built-in one),
``workstreams:`` (the roadmap's workstreams; a user copy replaces the built-in one) and
``soa_rationale:`` (why each Annex A control belongs, for the SoA; a user copy replaces it too).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel, ValidationError

from aims_tui.domain import vocabulary
from aims_tui.domain.content import (
    CatalogueRisk,
    Content,
    Questionnaire,
    Scales,
    Section,
    Structure,
    Workstream,
)
from aims_tui.domain.content_schema import (
    Scales as ScalesFile,
    _CatalogueFile,
    _Node,
    _QuestionnaireFile,
    _SoARationaleFile,
    _StructureFile,
    _WorkstreamsFile,
    loaded,
)
from aims_tui.domain.errors import ContentError

try:  # libyaml is several times faster; fall back to pure Python where it is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


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
                      ("clauses", "structure"), ("statuses", "scales"), ("workstreams", "workstreams"),
                      ("soa_rationale", "soa_rationale")):
        if key in data:
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


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


def _check_workstreams(path: Path, node, wf: _WorkstreamsFile, structure: Structure) -> list[str]:
    """Every ref a clause 4-10 subclause or Annex A control, each in exactly one workstream, none left out."""
    errors: list[str] = []
    requirements = structure.clause_leaves + structure.controls
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for i, ws in enumerate(wf.workstreams):
        if ws.id in ids:
            errors.append(f"{path}:{_line(node, ['workstreams', i, 'id'])}: workstreams[{i}].id: duplicate "
                          f"workstream id {ws.id!r}; give it a unique id")
        ids.add(ws.id)
        for j, ref in enumerate(ws.refs):
            where = f"{path}:{_line(node, ['workstreams', i, 'refs', j])}: workstreams[{i}].refs[{j}]"
            if ref not in requirements:
                errors.append(f"{where}: unknown requirement id {ref!r} (use a subclause of clauses 4-10 or an "
                              "Annex A control, e.g. '6.1.2' or 'A.6.2.4')")
            elif ref in seen:
                errors.append(f"{where}: {ref!r} is already in workstream {seen[ref]!r}; keep it in one only")
            else:
                seen[ref] = ws.id
    missing = [ref for ref in requirements if ref not in seen]
    if missing and not errors:
        errors.append(f"{path}:{_line(node, ['workstreams'])}: workstreams: {len(missing)} requirement"
                      f"{'s are' if len(missing) != 1 else ' is'} in no workstream ({', '.join(missing)}); "
                      "add each to one workstream's refs")
    return errors


def _check_rationale(path: Path, node, r: _SoARationaleFile, structure: Structure) -> list[str]:
    """Every Annex A control has its rationale, and nothing else does."""
    errors = [f"{path}:{_line(node, ['controls', cid])}: controls.{cid}: unknown Annex A control id {cid!r} "
              "(controls look like 'A.6.2.4')" for cid in r.controls if not structure.is_control(cid)]
    errors += [f"{path}:{_line(node, ['controls', cid])}: controls.{cid}: the rationale is empty; write why the "
               "control belongs in an AI management system" for cid, text in r.controls.items() if not text.strip()]
    missing = [cid for cid in structure.controls if cid not in r.controls]
    if missing:
        errors.append(f"{path}:{_line(node, ['controls'])}: controls: no rationale for {', '.join(missing)}; "
                      "add one per Annex A control")
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
    workstreams: tuple[Workstream, ...] = ()
    rationale: dict[str, str] = {}
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
                info = loaded(qf.questionnaire)
                questions = tuple(replace(q, questionnaire=info.id) for q in loaded(qf.questions))
                questionnaires.append(Questionnaire(info, questions, path, tuple(loaded(qf.changes))))
            elif kind == "catalogue":
                cf = _validate(path, _CatalogueFile, data, node)
                file_errors = _check_catalogue(path, node, cf, structure, seen_r)
                if file_errors:
                    raise ContentError(file_errors)
                catalogue.extend(loaded(cf.risks))
                catalogue_files.append((path, node, cf))
            elif kind == "scales":
                scales = loaded(_validate(path, ScalesFile, data, node))
                if scale_errors := _check_scales(path, node, scales):
                    raise ContentError(scale_errors)
                try:
                    scales.default_matrix()
                except ValidationError as exc:
                    raise ContentError([f"{path}:{_line(node, ['risk_matrix'])}: risk_matrix: "
                                        f"{exc.errors()[0]['msg']}"]) from None
            elif kind == "workstreams":
                wf = _validate(path, _WorkstreamsFile, data, node)
                if ws_errors := _check_workstreams(path, node, wf, structure):
                    raise ContentError(ws_errors)
                workstreams = tuple(loaded(wf.workstreams))
            elif kind == "soa_rationale":  # a later file (the user's folder) replaces an earlier one
                rf = _validate(path, _SoARationaleFile, data, node)
                if rationale_errors := _check_rationale(path, node, rf, structure):
                    raise ContentError(rationale_errors)
                rationale = dict(rf.controls)
            elif kind == "structure":
                if only is not None:
                    _validate(path, _StructureFile, data, node)
                else:
                    raise ContentError([f"{path}:1: clauses: the structure of the standard is built in; "
                                        "remove this file from the questionnaires folder"])
            else:
                raise ContentError([
                    f"{path}:1: (top level): not a questionnaire, catalogue, scales, workstreams or SoA rationale "
                    "file: it needs a top-level 'questionnaire:' (with 'questions:'), 'catalogue:' (with 'risks:'), "
                    "'statuses:', 'workstreams:' or 'soa_rationale:' (with 'controls:') key"
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
            scales = loaded(_validate(builtin_dir / "scales.yaml", ScalesFile, data, node))
        else:
            raise ContentError([f"{builtin_dir / 'scales.yaml'}:1: statuses: the scales file is missing"])
    role_errors = [
        f"{path}:{_line(node, ['risks', i, 'roles', j])}: risks[{i}].roles[{j}]: unknown AI system role {role!r} "
        f"(use one of {', '.join(scales.system_roles)})"
        for path, node, cf in catalogue_files for i, risk in enumerate(cf.risks) for j, role in enumerate(risk.roles)
        if role not in scales.system_roles]
    if role_errors:
        raise ContentError(role_errors)
    return Content(structure, tuple(questionnaires), tuple(catalogue), scales, workstreams=workstreams,
                   rationale=rationale)

