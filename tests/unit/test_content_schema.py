"""The content files' schemas (domain/content_schema.py, pydantic) and the content the app reads
(domain/content.py, plain dataclasses) say the same thing: one class of each per kind of thing, with
the same fields and the same defaults, so the two cannot drift apart."""

from __future__ import annotations

import dataclasses
import re

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from aims_tui.domain import content as plain
from aims_tui.domain import content_schema
from aims_tui.domain.content_files import load_content
from aims_tui.domain.errors import ContentError
from aims_tui.locations import builtin_questionnaires_dir

LOADED = [cls for cls in vars(plain).values() if dataclasses.is_dataclass(cls) and cls.__module__ == plain.__name__
          and all(f.kw_only for f in dataclasses.fields(cls))]
"""The dataclasses a content file holds (the structure, questionnaires and Content are built by the loader)."""


def test_every_kind_of_thing_a_file_holds_has_its_schema():
    names = {cls.__name__ for cls in LOADED}
    assert names == {"QuestionnaireInfo", "Question", "RetiredQuestion", "ContentChange", "CatalogueRisk",
                     "Workstream", "ScaleItem", "MaturityLevel", "RoleTerms", "_DefaultMatrix", "Scales"}
    for name in names:
        assert issubclass(getattr(content_schema, name), BaseModel), name


def _schema_default(info) -> object:
    if info.default_factory is not None:
        return content_schema.loaded(info.default_factory())
    return dataclasses.MISSING if info.default is PydanticUndefined else info.default


def _plain_default(f: dataclasses.Field) -> object:
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default


@pytest.mark.parametrize("cls", LOADED, ids=lambda cls: cls.__name__)
def test_a_schema_and_its_dataclass_have_the_same_fields_and_defaults(cls):
    schema = getattr(content_schema, cls.__name__)
    fields = dataclasses.fields(cls)
    assert [f.name for f in fields] == list(schema.model_fields)
    assert {f.name: _plain_default(f) for f in fields} == {
        name: _schema_default(info) for name, info in schema.model_fields.items()}


def test_a_validated_file_becomes_plain_dataclasses_all_the_way_down(content):
    def walk(value, where):
        assert not isinstance(value, BaseModel), where
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{where}.{f.name}")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}[{k!r}]")

    walk(content, "content")
    assert content.questions[0].questionnaire  # filled in on loading, as before
    assert isinstance(content.scales.risk_matrix, plain._DefaultMatrix)
    assert content.scales.default_matrix().size == content.scales.risk_matrix.size


def test_a_bare_scale_id_is_labelled_from_the_id_in_the_file_and_by_default():
    item = content_schema.loaded(content_schema.ScaleItem.model_validate("in-progress"))
    assert item == plain.ScaleItem(id="in-progress", label="In progress")
    default = {i.id: i for i in plain.Scales.__dataclass_fields__["implementation_statuses"].default_factory()}
    assert default["not-implemented"] == plain.ScaleItem(id="not-implemented", label="Not implemented")


_Q = "questionnaire: {id: x, title: X}\nquestions:\n"


@pytest.mark.parametrize(("text", "message"), [
    (_Q + "  - just text\n",
     "3: questions[0]: Input should be a valid dictionary or instance of Question (got 'just text')"),
    ("questionnaire: x\nquestions:\n  - {id: q1, ref: '6.1.2', text: T, guidance: G, evidence: [e]}\n",
     "1: questionnaire: Input should be a valid dictionary or instance of QuestionnaireInfo (got 'x')"),
    ("catalogue: {id: c, title: C}\nrisks:\n  - r\n",
     "3: risks[0]: Input should be a valid dictionary or instance of CatalogueRisk (got 'r')"),
    (_Q + "  - {id: -bad, ref: '6.1.2', text: T, guidance: G, evidence: [e]}\n",
     "3: questions[0].id: String should match pattern '^[A-Za-z0-9][A-Za-z0-9._-]*$' (got '-bad')"),
    ("workstreams:\n  - {id: a, title: T, refs: []}\n",
     "2: workstreams[0].refs: List should have at least 1 item after validation, not 0"),
], ids=["question", "questionnaire-info", "catalogue-risk", "question-id", "workstream-refs"])
def test_the_schemas_messages_name_the_file_line_field_and_class_as_before(tmp_path, text, message):
    """The schemas kept their class names when they moved: pydantic's messages show them."""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_content(builtin_questionnaires_dir(), only=[path])
    assert exc.value.messages == [f"{path}:{message}"]


def test_a_scales_file_with_bare_ids_and_a_bad_matrix_reads_as_before(tmp_path):
    builtin = builtin_questionnaires_dir()
    text = (builtin / "scales.yaml").read_text(encoding="utf-8")
    bare = tmp_path / "bare.yaml"
    bare.write_text(re.sub(r"(?m)^  - \{id: not-met, .*$", "  - not-met", text), encoding="utf-8")
    statuses = load_content(builtin, only=[bare]).scales.statuses
    assert plain.ScaleItem(id="not-met", label="Not met") in statuses
    matrix = tmp_path / "matrix.yaml"
    matrix.write_text(text.split("risk_matrix:")[0] + "risk_matrix: big\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_content(builtin, only=[matrix])
    line = matrix.read_text(encoding="utf-8").count("\n")
    assert exc.value.messages == [f"{matrix}:{line}: risk_matrix: "
                                  "Input should be a valid dictionary or instance of _DefaultMatrix (got 'big')"]
