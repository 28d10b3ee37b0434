"""Issue 13: soa_rationale.yaml gives each Annex A control its own reason, in our words, and is
validated like the other content files (file, line, field)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aims_tui.cli import main
from aims_tui.domain.content import ContentError
from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir

BUILTIN = builtin_questionnaires_dir()
SRC = (BUILTIN / "soa_rationale.yaml").read_text(encoding="utf-8")


def test_every_control_has_its_own_rationale(content):
    texts = [content.soa_rationale(c) for c in content.structure.controls]
    assert len(texts) == 38 and all(texts)
    assert len(set(texts)) == 38
    assert all(1 <= len(re.findall(r"[.!?](\s|$)", t)) <= 2 for t in texts)  # one or two sentences
    assert not any(re.search(r"\bshall\b", t) for t in texts)  # our words, not requirement text


def _check(path: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(BUILTIN, only=[path], collect=True)
    return exc.value.messages


def test_unknown_control_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "soa_rationale.yaml"
    path.write_text(SRC + "  A.11.1: >-\n    Not a control.\n", encoding="utf-8")
    line = len(path.read_text().splitlines()) - 1
    messages = _check(path)
    assert messages == [f"{path}:{line}: controls.A.11.1: unknown Annex A control id 'A.11.1' "
                        "(controls look like 'A.6.2.4')"]


def test_a_missing_control_is_named(tmp_path):
    path = tmp_path / "soa_rationale.yaml"
    path.write_text(SRC.replace("  A.8.4: >-", "  A.8.9: >-"), encoding="utf-8")
    messages = _check(path)
    assert any("unknown Annex A control id 'A.8.9'" in m for m in messages)
    assert any(m.startswith(f"{path}:") and "no rationale for A.8.4;" in m for m in messages)


def test_cli_check_reports_a_bad_rationale_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "soa_rationale.yaml"
    path.write_text(SRC.replace("  A.2.3: >-", "  A.2.3: ''\n  A.2.x: >-"), encoding="utf-8")
    assert main(["questionnaires", "check", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err and all(line.startswith(f"{path}:") for line in err)
    assert any("controls.A.2.3: the rationale is empty" in line for line in err)


def test_a_users_copy_replaces_the_built_in_rationale(tmp_path):
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "firm_rationale.yaml").write_text(
        SRC.replace("  A.8.4: >-\n", "  A.8.4: >-\n    Our firm's reason.\n    ", 1), encoding="utf-8")
    content = load_content(BUILTIN, [folder])
    assert content.soa_rationale("A.8.4").startswith("Our firm's reason.")
