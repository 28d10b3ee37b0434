"""aims finding / aims action / aims --read-only / aims export audit-report as people script them
(SPEC §3, issue 14): --db anywhere, --json, exit codes 0/1/2, one-line errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from test_cli import db, run  # noqa: F401  (the fixture and helper every CLI test uses)


@pytest.fixture
def aid(db, capsys):
    code, out, _ = run("new", "--org", "Acme Analytics", "--scope", "Chatbot", "--kind", "internal-audit",
                       "--db", db, capsys=capsys)
    assert code == 0
    return out.strip()


def test_finding_add_prints_the_id_and_list_shows_it(db, aid, capsys):
    code, out, err = run("finding", "add", aid, "--ref", "6.1.2", "--type", "major-nc", "--text",
                         "No risk assessment [bold]", "--evidence", "register v3", "--question", "6.1.2-q1",
                         "--db", db, capsys=capsys)
    assert (code, err) == (0, "")
    fid = out.strip()
    assert len(fid) == 12 and fid.isalnum()
    code, out, _ = run("--db", db, "finding", "list", aid, "--json", capsys=capsys)
    assert json.loads(out) == [{"id": fid, "type": "major-nc", "ref": "6.1.2", "question": "6.1.2-q1",
                                "evidence": "register v3", "text": "No risk assessment [bold]", "actions": []}]
    code, out, _ = run("finding", "list", aid, "--db", db, capsys=capsys)
    assert fid in out and "No risk assessment [bold]" in out


@pytest.mark.parametrize("argv, message", [
    (["--ref", "6.1", "--type", "major", "--text", "x"], "argument --type: invalid choice: 'major'"),
    (["--ref", "9.9", "--type", "ofi", "--text", "x"], "--ref '9.9': not a clause or Annex A control id"),
    (["--ref", "6.1", "--type", "ofi", "--text", " "], "--text: must not be empty"),
    (["--ref", "6.1", "--type", "ofi", "--text", "x", "--question", "zz"], "--question 'zz': unknown question id"),
])
def test_finding_add_bad_input_is_one_line_exit_2(db, aid, capsys, argv, message):
    code, out, err = run("finding", "add", aid, *argv, "--db", db, capsys=capsys)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_action_lifecycle_from_the_command_line(db, aid, capsys):
    fid = run("finding", "add", aid, "--ref", "A.6.2.4", "--type", "minor-nc", "--text", "no V&V record",
              "--db", db, capsys=capsys)[1].strip()
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    code, out, _ = run("action", "add", aid, "--title", "Keep V&V records", "--finding", fid, "--owner", "Bob",
                       "--due", past, "--priority", "high", "--root-cause", "no template",
                       "--correction", "records recreated", "--db", db, capsys=capsys)
    assert code == 0
    act = out.strip()
    (row,) = json.loads(run("action", "list", aid, "--json", "--db", db, capsys=capsys)[1])
    assert {k: row[k] for k in ("id", "finding", "owner", "due", "priority", "status", "root_cause", "correction",
                                "verified", "effective", "overdue")} == {
        "id": act, "finding": fid, "owner": "Bob", "due": past, "priority": "high", "status": "open",
        "root_cause": "no template", "correction": "records recreated", "verified": False, "effective": None,
        "overdue": True}
    assert "OVERDUE" in run("action", "list", aid, "--db", db, capsys=capsys)[1]
    code, out, _ = run("action", "verify", act, "--effective", "no", "--by", "Ann", "--note", "2 of 5 missing",
                       "--db", db, capsys=capsys)
    assert code == 0 and "not effective" in out
    (row,) = json.loads(run("action", "list", aid, "--json", "--db", db, capsys=capsys)[1])
    assert (row["status"], row["verified"], row["effective"], row["closed"], row["overdue"]) == (
        "in-progress", True, False, False, True)
    assert run("action", "verify", act, "--effective", "yes", "--by", "Ann", "--db", db, capsys=capsys)[0] == 0
    (row,) = json.loads(run("action", "list", aid, "--json", "--db", db, capsys=capsys)[1])
    assert (row["status"], row["effective"], row["closed"], row["overdue"], row["verified_by"]) == (
        "done", True, True, False, "Ann")
    assert json.loads(run("finding", "list", aid, "--json", "--db", db, capsys=capsys)[1])[0]["actions"] == [act]
    assert run("verify", "--db", db, capsys=capsys)[0] == 0


@pytest.mark.parametrize("argv, message", [
    (["action", "add", "{aid}", "--title", "x", "--due", "2026-02-30"], "invalid date '2026-02-30'"),
    (["action", "add", "{aid}", "--title", "x", "--finding", "nope"], "no finding with id 'nope'"),
    (["action", "add", "{aid}", "--title", ""], "--title: must not be empty"),
    (["action", "add", "nope", "--title", "x"], "no assessment with id 'nope'"),
    (["action", "verify", "nope", "--effective", "yes", "--by", "Ann"], "no action with id 'nope'"),
    (["action", "verify", "nope", "--effective", "maybe", "--by", "Ann"], "use yes or no"),
    (["action"], "'aims action' needs an action: add|verify|list"),
    (["finding", "list", "nope"], "no assessment with id 'nope'"),
])
def test_action_bad_input_is_one_line_exit_2(db, aid, capsys, argv, message):
    code, out, err = run(*[a.format(aid=aid) for a in argv], "--db", db, capsys=capsys)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_read_only_flag_refuses_writes_and_changes_no_byte(db, aid, capsys, tmp_path):
    run("finding", "add", aid, "--ref", "6.1", "--type", "ofi", "--text", "x", "--db", db, capsys=capsys)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    code, out, err = run("--read-only", "--db", db, "finding", "add", aid, "--ref", "6.1", "--type", "ofi",
                         "--text", "y", capsys=capsys)
    assert code == 2 and "opened read-only" in err and err.count("\n") == 1
    code, out, _ = run("--read-only", "finding", "list", aid, "--json", "--db", db, capsys=capsys)
    assert code == 0 and len(json.loads(out)) == 1
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()} == before


def test_export_audit_report_prints_the_path(db, aid, capsys, tmp_path):
    run("finding", "add", aid, "--ref", "6.1", "--type", "ofi", "--text", "x", "--db", db, capsys=capsys)
    code, out, err = run("export", "audit-report", aid, "--out", str(tmp_path), "--db", db, capsys=capsys)
    assert code == 0, err
    path = tmp_path / out.strip().rsplit("/", 1)[-1]
    assert path.is_file() and "internal-audit-report" in path.name and path.suffix == ".docx"


def test_read_only_tui_on_a_missing_file_is_one_line_and_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "client.db"
    code, out, err = run("--read-only", "--db", str(missing), capsys=capsys)
    assert code == 2 and "no such file; --read-only opens an existing database" in err and err.count("\n") == 1
    assert not missing.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("what", ["report", "audit-report"])
def test_every_export_kind_carries_an_old_assessment_forward_first(db, aid, capsys, tmp_path, what):
    from aims_tui.store import Store
    from aims_tui.store.content_upgrade import recorded_versions

    with Store.open(db) as store:  # answered with the questionnaires before versions were kept (issue 12)
        store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ?", (aid,))
        store.set_answer(aid, "9.2.2-q1", status="met", notes="programme for 2026")
    code, out, err = run("export", what, aid, "--out", str(tmp_path), "--db", db, capsys=capsys)
    assert code == 0 and "9.2.2-q1 → 9.2.2-q4" in err
    with Store.open(db) as store:
        carried = store.answer(aid, "9.2.2-q4")
        assert carried.status == "met" and carried.notes.endswith("programme for 2026")
        assert recorded_versions(store, aid) == {"clauses": 2, "annex-a": 2}


def test_read_only_audit_report_of_an_old_assessment_writes_nothing_to_the_database(db, aid, capsys, tmp_path):
    from aims_tui.store import Store

    with Store.open(db) as store:
        store.conn.execute("DELETE FROM content_versions WHERE assessment_id = ?", (aid,))
        store.set_answer(aid, "9.2.2-q1", status="met")
    before = hashlib.sha256((tmp_path / "cli.db").read_bytes()).hexdigest()
    code, out, err = run("--read-only", "export", "audit-report", aid, "--out", str(tmp_path / "r.docx"), "--db", db,
                         capsys=capsys)
    assert code == 0, err
    assert hashlib.sha256((tmp_path / "cli.db").read_bytes()).hexdigest() == before
