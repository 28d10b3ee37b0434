"""The content files' schemas (domain/content_schema.py, pydantic) and the content the app reads
(domain/content.py, plain dataclasses) say the same thing: one class of each per kind of thing, with
the same fields and the same defaults, so the two cannot drift apart."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from aims_tui.domain import content as plain
from aims_tui.domain import content_schema

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
