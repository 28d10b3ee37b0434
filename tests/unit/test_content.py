"""The shipped content covers the standard exactly, and broken content fails with file:line:field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from aims_tui.cli import main
from aims_tui.domain.content import ContentError
from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "iso42001-structure.yaml"
BUILTIN = builtin_questionnaires_dir()
REF_49 = 'ref: "4.9"'
ID_Q1 = 'id: "4.1-q1"'


def _reference_ids():
    """Clause/subclause and Annex A ids from the project's structure file (a copy of the reference)."""
    data = yaml.safe_load((BUILTIN / "structure.yaml").read_text())
    sections, leaves = set(), set()

    def walk(node):
        sections.add(node["id"])
        children = node.get("subclauses", [])
        if not children:
            leaves.add(node["id"])
        for child in children:
            walk(child)

    for clause in data["clauses"]:
        walk(clause)
    controls = {c["id"] for g in data["annex_a"] for c in g["controls"]}
    return sections, leaves, controls


def test_structure_matches_reference_counts():
    sections, leaves, controls = _reference_ids()
    assert len(controls) == 38
    assert len(sections) == 7 + 36  # clauses 4-10 and their 36 subclause ids
    assert len(leaves) == 32
    assert not any(c.endswith(".1") for c in controls), "no Annex A control ends in .1"


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference not present on this machine")
def test_structure_file_is_the_reference():
    ref = yaml.safe_load(REFERENCE.read_text())
    ours = yaml.safe_load((BUILTIN / "structure.yaml").read_text())

    def ids(nodes):
        for n in nodes:
            yield n["id"], n["title"]
            yield from ids(n.get("subclauses", []))

    assert list(ids(ours["clauses"])) == list(ids(ref["clauses"]))
    ref_controls = [(c["id"], c["title"]) for g in ref["annex_a"]["groups"]
                    for c in g.get("controls", []) + [c for s in g.get("subgroups", []) for c in s["controls"]]]
    our_controls = [(c["id"], c["title"]) for g in ours["annex_a"] for c in g["controls"]]
    assert sorted(our_controls) == sorted(ref_controls)


def test_every_leaf_and_control_has_a_question_and_no_invented_ids(content):
    sections, leaves, controls = _reference_ids()
    refs = {q.ref for q in content.questions}
    assert leaves <= refs, f"subclauses without a question: {sorted(leaves - refs)}"
    assert controls <= refs, f"controls without a question: {sorted(controls - refs)}"
    assert refs <= sections | controls, f"questions on ids that do not exist: {sorted(refs - sections - controls)}"
    catalogue_controls = {c for r in content.catalogue for c in r.controls}
    assert catalogue_controls <= controls


def test_content_size_and_fields(content):
    clause_qs = [q for q in content.questions if q.questionnaire == "clauses"]
    annex_qs = [q for q in content.questions if q.questionnaire == "annex-a"]
    assert 70 <= len(clause_qs) <= 110
    assert len(annex_qs) >= 38
    assert len(content.catalogue) >= 20
    ids = [q.id for q in content.questions]
    assert len(ids) == len(set(ids))
    for q in content.questions:
        assert q.text.strip() and q.guidance.strip() and q.evidence


def test_scales_are_data(content):
    assert [s.id for s in content.scales.statuses] == ["met", "partial", "not-met", "not-applicable"]
    assert [m.level for m in content.scales.maturity] == [0, 1, 2, 3, 4, 5]
    matrix = content.scales.default_matrix()
    assert matrix.size == 5 and matrix.appetite == 10
    assert [(b.id, b.min, b.max) for b in matrix.bands] == [
        ("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("critical", 20, 25)]


def test_questions_in_standard_order(content):
    refs = [q.ref for q in content.questions]
    order = content.structure.clause_leaves + content.structure.controls
    positions = [order.index(r) for r in refs]
    assert positions == sorted(positions)


def _user_folder(tmp_path: Path, name: str, text: str) -> Path:
    """A user questionnaires folder holding one file."""
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / name).write_text(text)
    return extra


def test_user_questionnaire_is_picked_up(tmp_path):
    extra = _user_folder(
        tmp_path, "eu-ai-act.yaml",
        "questionnaire:\n  id: eu-ai-act\n  title: EU AI Act readiness\nquestions:\n"
        "  - id: EU-q1\n    ref: '6.1.4'\n    text: Have you classified each system under the Act?\n"
        "    guidance: A register with tiers.\n    evidence: [AI register]\n"
    )
    content = load_content(BUILTIN, [extra])
    assert content.question("EU-q1").questionnaire == "eu-ai-act"
    assert content.questions[-1].id == "EU-q1"


# -- docs/CONTRACT.md R4: malformed questionnaires -----------------------------------------------

def _broken_copy(tmp_path: Path, transform) -> Path:
    src = (BUILTIN / "clauses.yaml").read_text()
    path = tmp_path / "clauses.yaml"
    path.write_text(transform(src))
    return path


def _line_of(path: Path, needle: str, nth: int = 1) -> int:
    count = 0
    for i, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            count += 1
            if count == nth:
                return i
    raise AssertionError(needle)


def _check(path: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(BUILTIN, only=[path], collect=True)
    return exc.value.messages


def test_syntax_error_names_file_and_line(tmp_path):
    path = _broken_copy(tmp_path, lambda s: s.replace('ref: "4.2"', 'ref: "4.2\n', 1))
    messages = _check(path)
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:") and "YAML syntax error" in messages[0]


def test_unknown_ref_names_line_and_field(tmp_path):
    path = _broken_copy(tmp_path, lambda s: s.replace('ref: "4.3"', 'ref: "4.9"', 1))
    (message,) = _check(path)
    assert message.startswith(f"{path}:{_line_of(path, REF_49)}: questions[")
    assert ".ref: unknown clause or control id '4.9'" in message


def test_duplicate_id_names_line(tmp_path):
    path = _broken_copy(tmp_path, lambda s: s.replace('id: "4.1-q2"', 'id: "4.1-q1"', 1))
    (message,) = _check(path)
    assert message.startswith(f"{path}:{_line_of(path, ID_Q1, 2)}:")
    assert "duplicate question id '4.1-q1'" in message


def test_missing_field_names_line_and_field(tmp_path):
    def drop_first_guidance(s: str) -> str:
        lines = s.splitlines(keepends=True)
        i = next(i for i, line in enumerate(lines) if line.strip().startswith("guidance:"))
        j = i + 1
        while lines[j].startswith("      ") and not lines[j].strip().startswith(("evidence:", "- ")):
            j += 1
        return "".join(lines[:i] + lines[j:])

    path = _broken_copy(tmp_path, drop_first_guidance)
    (message,) = _check(path)
    assert message.startswith(f"{path}:{_line_of(path, ID_Q1)}: questions[0].guidance: required field")


def test_unknown_control_in_catalogue(tmp_path):
    src = (BUILTIN / "risk_catalogue.yaml").read_text()
    first_control = yaml.safe_load(src)["risks"][0]["controls"][0]
    path = tmp_path / "risk_catalogue.yaml"
    path.write_text(src.replace(first_control, "A.2.1", 1))
    messages = _check(path)
    assert any("unknown Annex A control id 'A.2.1'" in m and m.startswith(f"{path}:") for m in messages)


def test_unknown_role_in_catalogue_names_file_line_and_the_roles(tmp_path):
    src = (BUILTIN / "risk_catalogue.yaml").read_text()
    assert "roles: [developer, provider]" in src
    path = tmp_path / "risk_catalogue.yaml"
    path.write_text(src.replace("roles: [developer, provider]", "roles: [developer, trainer]", 1))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "trainer" in text)
    messages = _check(path)
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:{line}: ") and "unknown AI system role 'trainer'" in messages[0]
    assert "developer, provider, deployer" in messages[0]


def test_cli_check_passes_on_shipped_files(capsys):
    assert main(["questionnaires", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_cli_check_fails_with_file_and_line(tmp_path, capsys):
    path = _broken_copy(tmp_path, lambda s: s.replace('ref: "5.1"', 'ref: "A.11.2"', 1))
    assert main(["questionnaires", "check", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{path}:") and "A.11.2" in err[0]


def test_broken_user_file_is_a_one_line_cli_error(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "q"
    folder.mkdir()
    shutil.copy(BUILTIN / "clauses.yaml", folder / "copy.yaml")  # duplicates every built-in id
    monkeypatch.setenv("AIMS_QUESTIONNAIRES", str(folder))
    assert main(["questions", "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "duplicate" in err[0] and "copy.yaml" in err[0]


# -- issue 12: versions, carried answers and linked questions are checked --------------------------

def test_same_as_must_name_another_question(tmp_path):
    extra = _user_folder(
        tmp_path, "mine.yaml",
        "questionnaire:\n  id: mine\n  title: Mine\nquestions:\n"
        "  - id: M-q1\n    ref: '5.2'\n    same_as: 5.2-q9\n    text: Is there a policy?\n"
        "    guidance: A policy.\n    evidence: [Policy]\n"
    )
    with pytest.raises(ContentError) as exc:
        load_content(BUILTIN, [extra])
    (message,) = exc.value.messages
    assert message.startswith(f"{extra / 'mine.yaml'}:7: questions[0].same_as: '5.2-q9'")


def test_carried_answer_must_land_on_a_question_of_the_file(tmp_path):
    path = _broken_copy(tmp_path, lambda s: s.replace('"6.2-q4": "6.2-q2"', '"6.2-q9": "6.2-q2"', 1))
    (message,) = _check(path)
    assert message.startswith(f"{path}:{_line_of(path, '6.2-q9')}: changes[0].carried: '6.2-q9'")


def test_builtin_questionnaires_carry_a_version_and_link_the_repeated_questions(content):
    assert {q.info.id: q.info.version for q in content.questionnaires} == {"clauses": 2, "annex-a": 2}
    assert {q.id: q.same_as for q in content.questions if q.same_as} == {
        "A.2.2-q1": "5.2-q1", "A.5.2-q1": "6.1.4-q1", "A.5.3-q1": "8.4-q2"}


def test_catalogue_maps_the_controls_the_issue_named(content):
    by_id = {r.id: r for r in content.catalogue}
    wanted = {"RC-05": {"A.6.2.2"}, "RC-17": {"A.8.5"}, "RC-18": {"A.6.2.4"}, "RC-01": {"A.6.2.6", "A.4.3"},
              "RC-14": {"A.6.2.6", "A.5.4"}, "RC-30": {"A.6.2.7"}, "RC-19": {"A.6.2.2", "A.9.4"}}
    for risk_id, controls in wanted.items():
        assert controls <= set(by_id[risk_id].controls), risk_id
    assert "ISO/IEC 27001" in by_id["RC-05"].treatment_hint
    mapped = {c for r in content.catalogue for c in r.controls}
    assert set(content.structure.controls) <= mapped, "every Annex A control treats some catalogue risk"
    assert by_id["RC-04"].source == "C.3.4"
    assert by_id["RC-06"].roles and "deployer" not in by_id["RC-06"].roles  # a buyer has no training data
    titles = " ".join(r.title.lower() for r in content.catalogue)
    assert "intellectual property" in titles and "retirement" in titles and "agent" in titles


def test_every_system_role_has_its_iso_22989_name(content):
    terms = {t.id: t for t in content.scales.system_role_terms}
    assert list(terms) == content.scales.system_roles
    names = " ".join(t.iso_22989 for t in terms.values())
    for role in ("AI provider", "AI producer", "AI customer", "AI partner"):
        assert role in names


def test_maturity_wording_separates_paper_from_practice(content):
    level = {m.level: m.description for m in content.scales.maturity}
    assert "records show it running" in level[3] and "paper only is not 3" in level[3]
    assert "continual" not in level[5].lower()


def test_guidance_says_what_met_partial_and_not_met_look_like(content):
    for q in content.questions:
        if q.questionnaire in ("clauses", "annex-a"):
            for word in ("Met", "Partial", "Not met"):
                assert f"{word}:" in q.guidance, (q.id, word)


def test_split_questions_ask_one_thing_each(content):
    """The five questions the lead auditor found asking several things were split (issue 12)."""
    splits = {"6.1.3-q4": ["6.1.3-q5", "6.1.3-q6", "6.1.3-q7"], "6.2-q2": ["6.2-q4", "6.2-q5", "6.2-q6"],
              "7.5.3-q2": ["7.5.3-q4"], "8.1-q1": ["8.1-q4"], "9.2.2-q1": ["9.2.2-q4"]}
    carried = {new: old for q in content.questionnaires for c in q.changes for new, old in c.carried.items()}
    for old, parts in splits.items():
        assert content.has_question(old)  # the first part keeps the old id, so its answers stay put
        for part in parts:
            assert content.question(part).ref == content.question(old).ref
            assert carried[part] == old
