"""Files answered with the questionnaires before the content pass open with every answer kept (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import aims_tui.store.schema as schema
from aims_tui.domain.content_files import load_content
from aims_tui.domain.content_changes import content_versions, earlier_answers
from aims_tui.locations import builtin_questionnaires_dir
from aims_tui.store import Store
from aims_tui.store.content_upgrade import bring_up_to_date, recorded_versions

PASS_BASE = "f8c94dd"  # main before the content pass: the questionnaires clients' files were answered with
REPO = Path(__file__).resolve().parents[3]
STATUSES = ("met", "partial", "not-met", "not-applicable")


@pytest.fixture(scope="module")
def old_content(tmp_path_factory):
    """The questionnaires as they were at PASS_BASE, read from git."""
    folder = tmp_path_factory.mktemp("content-v1")
    for name in ("clauses.yaml", "annex_a.yaml", "risk_catalogue.yaml", "scales.yaml", "structure.yaml"):
        try:
            text = subprocess.run(["git", "-C", str(REPO), "show", f"{PASS_BASE}:questionnaires/{name}"],
                                  capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            pytest.skip(f"git history with {PASS_BASE} is not available here")
        (folder / name).write_text(text, encoding="utf-8")
    return load_content(folder)


def _file_as_released_before_the_pass(path: Path, old, monkeypatch) -> tuple[str, dict[str, dict]]:
    """A database written by the release before the pass (schema 2, no content versions), with
    every question of the old content answered."""
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    store = Store.open(path, actor="Old Assessor")
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
    aid = store.create_assessment("Old Client", matrix=old.scales.default_matrix()).id
    expected = {}
    for i, q in enumerate(old.questions):
        status, maturity = STATUSES[i % 4], i % 6
        store.set_answer(aid, q.id, status=status, maturity=maturity, notes=f"said about {q.id}",
                         interviewees=["Dana Ng"])
        expected[q.id] = {"status": status, "maturity": maturity, "notes": f"said about {q.id}"}
    store.close()
    monkeypatch.undo()
    return aid, expected


def test_a_file_made_before_the_pass_opens_with_every_answer_kept(tmp_path, old_content, content, monkeypatch):
    path = tmp_path / "before.db"
    aid, expected = _file_as_released_before_the_pass(path, old_content, monkeypatch)
    assert len(expected) == 134

    store = Store.open(path, actor="New Assessor")  # migrates to the current schema
    assert recorded_versions(store, aid) == {}      # answered before versions were kept
    report = bring_up_to_date(store, content, aid)
    answers = store.answers(aid)

    for qid, want in expected.items():  # every answer kept, under its own id
        got = answers[qid]
        assert (got.status, got.maturity, got.notes) == (want["status"], want["maturity"], want["notes"]), qid
    for change in (c for q in content.questionnaires for c in q.changes):
        for new_id, old_id in change.carried.items():  # split questions start from the old answer
            assert answers[new_id].status == expected[old_id]["status"]
            assert answers[new_id].notes.startswith(f"Carried over from {old_id}")
            assert answers[new_id].notes.endswith(expected[old_id]["notes"])
            assert answers[new_id].interviewees == ["Dana Ng"]
    assert {c.new_id for c in report.carried} == {n for q in content.questionnaires for c in q.changes
                                                  for n in c.carried}
    assert earlier_answers(content, answers) == []  # no question was retired by the pass

    assert recorded_versions(store, aid) == content_versions(content) == {"clauses": 2, "annex-a": 2}
    (entry,) = [h for h in store.history(aid) if h.op == "content-upgrade"]
    assert entry.old == {"versions": {"clauses": 1, "annex-a": 1}}
    assert {c["to"] for c in entry.new["carried"]} == {c.new_id for c in report.carried}
    assert store.verify().ok
    # Opening again changes nothing.
    again = bring_up_to_date(store, content, aid)
    assert not again.carried and store.answers(aid) == answers
    store.close()


def test_a_new_assessment_is_stamped_without_carrying(store, content):
    aid = store.create_assessment("New Client", matrix=content.scales.default_matrix()).id
    assert recorded_versions(store, aid) == {"*": None}
    # Answered with today's content before anything stamped it (a bundle import, the demo).
    store.set_answer(aid, "6.1.3-q4", status="met")
    report = bring_up_to_date(store, content, aid)
    assert report.carried == []
    assert store.answer(aid, "6.1.3-q5") is None
    assert recorded_versions(store, aid) == {"clauses": 2, "annex-a": 2}
    assert store.verify().ok


def test_an_answer_already_given_to_a_new_question_is_not_overwritten(store, content):
    aid = store.create_assessment("Client", matrix=content.scales.default_matrix()).id
    store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ?", (aid,))  # as if made before the pass
    store.set_answer(aid, "6.2-q2", status="met", notes="measurable")
    store.set_answer(aid, "6.2-q4", status="not-met", notes="never tracked")
    store.save_note_draft(aid, "6.2-q5", "typed before the upgrade")
    bring_up_to_date(store, content, aid)
    assert store.answer(aid, "6.2-q4").notes == "never tracked"
    q5 = store.answer(aid, "6.2-q5")
    assert q5.status == "met" and q5.notes.startswith("typed before the upgrade\nCarried over from 6.2-q2")
    assert store.note_draft(aid, "6.2-q5") is None
    assert store.verify().ok


def test_a_retired_question_keeps_its_answer_as_asked_in_an_earlier_version(tmp_path, store):
    folder = tmp_path / "q"
    shutil.copytree(builtin_questionnaires_dir(), folder)
    clauses = folder / "clauses.yaml"
    text = clauses.read_text(encoding="utf-8")
    start = text.index('  - id: "10.1-q2"')
    end = text.index('  - id: "10.2-q1"')
    clauses.write_text(
        (text[:start] + text[end:]).replace("  version: 2\n", "  version: 3\n", 1).replace(
            "changes:\n", "changes:\n  - version: 3\n    retired:\n"
            "      - {id: \"10.1-q2\", ref: \"10.1\", text: \"How do improvement ideas reach you?\"}\n", 1),
        encoding="utf-8")
    newer = load_content(folder)
    assert not newer.has_question("10.1-q2")
    aid = store.create_assessment("Client", matrix=newer.scales.default_matrix()).id
    store.set_answer(aid, "10.1-q2", status="partial", notes="ideas go nowhere")
    store.conn.execute("UPDATE content_versions SET questionnaire = 'clauses', version = 2 WHERE assessment_id = ?",
                       (aid,))
    bring_up_to_date(store, newer, aid)
    answers = store.answers(aid)
    assert answers["10.1-q2"].notes == "ideas go nowhere"  # never deleted
    (earlier,) = earlier_answers(newer, answers)
    assert earlier.answer.status == "partial"
    assert earlier.label == "10.1-q2 (asked in an earlier version): How do improvement ideas reach you?"


def _made_before_the_pass(store, content) -> str:
    """An assessment as a file from before the pass holds it: no content versions recorded."""
    aid = store.create_assessment("Client", matrix=content.scales.default_matrix()).id
    store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ?", (aid,))
    store.set_answer(aid, "8.1-q1", status="partial", notes="gates exist")
    return aid


def test_the_cli_carries_answers_forward_before_it_writes(db_path, content, capsys):
    from aims_tui.cli import main

    with Store.open(db_path) as store:
        aid = _made_before_the_pass(store, content)
    assert main(["answer", aid, "8.1-q5", "--status", "met", "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert "aims: note: Questionnaires updated: 1 answer(s) carried over to new questions (8.1-q1 → 8.1-q4)" in err
    with Store.open(db_path) as store:
        assert store.answer(aid, "8.1-q4").status == "partial"
        assert store.answer(aid, "8.1-q5").status == "met"
        assert recorded_versions(store, aid) == content_versions(content)


def test_the_gap_report_lists_answers_to_questions_asked_in_an_earlier_version(tmp_path, store, content):
    import docx

    from aims_tui.exports import write_gap_report

    aid = store.create_assessment("Client", matrix=content.scales.default_matrix()).id
    store.set_answer(aid, "4.1-q1", status="met")
    plain = docx.Document(str(write_gap_report(store.engagement(aid), content, tmp_path / "now.docx")))
    assert not any("earlier version" in p.text for p in plain.paragraphs)  # nothing to list: no appendix

    store.set_answer(aid, "X-q1", status="partial", notes="asked by a questionnaire since removed")
    report = docx.Document(str(write_gap_report(store.engagement(aid), content, tmp_path / "then.docx")))
    assert any(p.text == "Appendix D Questions asked in an earlier version" for p in report.paragraphs)
    rows = [[c.text for c in r.cells] for t in report.tables for r in t.rows]
    assert ["X-q1 (asked in an earlier version)", "Partially met", "asked by a questionnaire since removed"] in rows


def test_a_bundle_exported_before_the_pass_is_carried_forward_when_imported(tmp_path, old_content, content,
                                                                            monkeypatch):
    aid, expected = _file_as_released_before_the_pass(tmp_path / "before.db", old_content, monkeypatch)
    import aims_tui.store.bundle

    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    monkeypatch.setattr(aims_tui.store.bundle, "SCHEMA_VERSION", 2)
    with Store.open(tmp_path / "before.db") as old_store:  # still the old release: it exports schema 2
        bundle = old_store.export_bundle(aid)
    monkeypatch.undo()
    assert bundle["schema"] == 2
    with Store.open(tmp_path / "after.db") as store:
        store.import_bundle(bundle)
        assert recorded_versions(store, aid) == {}  # answered with version 1
        report = bring_up_to_date(store, content, aid)
        answers = store.answers(aid)
        assert {c.new_id for c in report.carried} >= {"6.1.3-q5", "8.1-q4"}
        assert all(answers[qid].status == want["status"] for qid, want in expected.items())
        assert store.verify().ok


def test_a_bundle_from_a_file_that_keeps_versions_is_not_carried_again(store, content, tmp_path):
    aid = store.create_assessment("Client", matrix=content.scales.default_matrix()).id
    store.set_answer(aid, "6.1.3-q4", status="met")  # answered with today's content
    bundle = store.export_bundle(aid)
    with Store.open(tmp_path / "other.db") as other:
        other.import_bundle(bundle)
        assert bring_up_to_date(other, content, aid).carried == []
        assert other.answer(aid, "6.1.3-q5") is None
