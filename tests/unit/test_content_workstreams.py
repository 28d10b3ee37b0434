"""questionnaires/workstreams.yaml: every requirement in exactly one workstream; a bad file is named
with its line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from aims_tui.domain.content import ContentError
from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir

BUILTIN = builtin_questionnaires_dir()
SOURCE = (BUILTIN / "workstreams.yaml").read_text()


def _errors(path: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(BUILTIN, only=[path])
    return exc.value.messages


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


def test_every_subclause_and_control_is_in_exactly_one_workstream():
    content = load_content(BUILTIN)
    refs = [r for ws in content.workstreams for r in ws.refs]
    requirements = content.structure.clause_leaves + content.structure.controls
    assert sorted(refs) == sorted(requirements)
    assert 5 <= len(content.workstreams) <= 9
    assert content.workstream_for("A.7.4").title == "Data"
    assert content.workstream_for("6.1.2").id == "risk"


def test_unknown_id_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "workstreams.yaml"
    path.write_text(SOURCE.replace("A.7.6]", "A.7.6, A.7.9]", 1))
    (message,) = _errors(path)
    assert message.startswith(f"{path}:{_line_of(path, 'A.7.9')}: workstreams[2].refs[6]: unknown requirement "
                              "id 'A.7.9'")


def test_an_id_in_two_workstreams_is_refused(tmp_path):
    path = tmp_path / "workstreams.yaml"
    path.write_text(SOURCE.replace("refs: ['7.2', '7.3', A.4.6]", "refs: ['7.2', '7.3', A.4.6, A.7.4]", 1))
    (message,) = _errors(path)
    assert "'A.7.4' is already in workstream 'data'" in message and message.startswith(f"{path}:")


def test_a_requirement_left_out_is_named(tmp_path):
    path = tmp_path / "workstreams.yaml"
    path.write_text(SOURCE.replace("refs: ['7.2', '7.3', A.4.6]", "refs: ['7.2', '7.3']", 1))
    (message,) = _errors(path)
    assert "1 requirement is in no workstream (A.4.6)" in message and message.startswith(f"{path}:")


def test_a_user_copy_replaces_the_builtin_one(tmp_path):
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "workstreams.yaml").write_text(SOURCE.replace("title: Data\n", "title: Data management\n", 1))
    content = load_content(BUILTIN, [extra])
    assert content.workstream_for("A.7.4").title == "Data management"


def test_a_file_of_unknown_kind_names_every_kind_it_could_be(tmp_path):
    path = tmp_path / "roadmap.yaml"
    path.write_text("streams:\n  - id: x\n")
    (message,) = _errors(path)
    assert message.startswith(f"{path}:1: (top level): not a questionnaire")
    assert "'workstreams:'" in message and "'soa_rationale:'" in message
