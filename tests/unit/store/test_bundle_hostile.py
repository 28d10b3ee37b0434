"""SPEC R9: a bundle from other hands is checked row by row, field by field, before anything is
written. Each case here is an attack or an accident a hostile tester tried; each names the bad
field in one line and leaves the target file exactly as it was."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone

import pytest

from aims_tui.cli import main
from aims_tui.store import Store, StoreError


@pytest.fixture
def victim(tmp_path, content):
    """A file holding another client's assessment, with an answer and a note draft."""
    store = Store.open(tmp_path / "victim.db", actor="Victim")
    other = store.create_assessment("Other Client plc", "secret scope", matrix=content.scales.default_matrix())
    store.set_answer(other.id, "4.1-q1", status="not-met", notes="confidential finding")
    store.save_note_draft(other.id, "4.2-q1", "draft about the other client")
    yield store, other
    store.close()


@pytest.fixture
def bundle(store, assessment):
    store.set_answer(assessment.id, "5.2-q1", status="met", notes="ours")
    store.add_risk(assessment.id, title="Bias", likelihood=3, impact=4, controls=["A.7.4"])
    return store.export_bundle(assessment.id)


def _dump(store):
    """Every row of every table and the whole trail: what 'nothing written' compares."""
    conn = store.conn
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: conn.execute(f"SELECT * FROM [{n}] ORDER BY rowid").fetchall() for n in names}


def _refused(target, bundle, match, content):
    before = _dump(target)
    with pytest.raises(StoreError, match=match) as info:
        target.import_bundle(json.loads(json.dumps(bundle)), "b.json", content=content)
    assert "\n" not in str(info.value)
    assert _dump(target) == before
    return str(info.value)


def test_crafted_column_name_is_refused_not_injected(bundle, victim, content):
    target, other = victim
    evil = copy.deepcopy(bundle)
    # The column name the hostile tester used to copy another client's notes into their own draft.
    evil["tables"]["answers"][0]['notes" = (SELECT notes FROM answers WHERE assessment_id != "x") --'] = "x"
    _refused(target, evil, r"tables\.answers\[0\]\..*no such column", content)
    assert target.answer(other.id, "4.1-q1").notes == "confidential finding"


def test_crafted_column_in_a_table_the_store_writes_directly(bundle, victim, content):
    target, other = victim
    evil = copy.deepcopy(bundle)
    evil["tables"]["note_drafts"] = [{"assessment_id": bundle["assessment_id"], "question_id": "4.2-q1",
                                      "notes": "x", "updated_at": bundle["exported_at"],
                                      "[notes]) VALUES ('a','4.2-q1','pwned') --": 1}]
    _refused(target, evil, r"tables\.note_drafts\[0\]", content)
    assert target.note_draft(other.id, "4.2-q1") == "draft about the other client"


def test_write_row_never_takes_a_column_name_from_data(store, assessment):
    with pytest.raises(StoreError, match="no column"):
        store.write_row("answers", assessment.id, {"assessment_id": assessment.id, "question_id": "4.1-q1",
                                                   "status": "met", "evil]) --": 1})


def test_row_with_another_assessments_id_is_refused(bundle, victim, content):
    target, other = victim
    evil = copy.deepcopy(bundle)
    evil["tables"]["answers"][0]["assessment_id"] = other.id
    evil["tables"]["answers"][0]["question_id"] = "4.1-q1"
    _refused(target, evil, r"tables\.answers\[0\]\.assessment_id: .* is not the bundle's assessment", content)
    assert target.answer(other.id, "4.1-q1").status == "not-met"


def test_row_taking_over_another_assessments_risk_id_is_refused(bundle, victim, content):
    target, other = victim
    theirs = target.add_risk(other.id, title="Their risk", likelihood=1, impact=1)
    evil = copy.deepcopy(bundle)
    evil["tables"]["risks"][0]["id"] = theirs.id
    evil["tables"]["risk_controls"][0]["risk_id"] = theirs.id
    _refused(target, evil, r"tables\.risks\[0\]\.id: .* belongs to another assessment", content)
    assert target.risk(theirs.id).title == "Their risk"


@pytest.mark.parametrize("version", ["1.0", 1.0, True, 2.5, 0, None, [1], 3])
def test_forged_version_is_refused(bundle, tmp_path, content, version):
    target = Store.open(tmp_path / "t.db")
    evil = dict(bundle, version=version)
    _refused(target, evil, "version", content)


@pytest.mark.parametrize("field, value, match", [
    ("maturity", 2 ** 70, r"maturity: .* out of range"),
    ("maturity", 3.0, r"maturity: 3.0 is not a whole number"),
    ("maturity", True, r"maturity: True is not a whole number"),
    ("maturity", 9, r"maturity"),
    ("notes", 12, r"notes: 12 is not text"),
    ("notes", {"a": 1}, r"notes: .* is not text"),
    ("status", "great", r"status"),
    ("question_id", "99.9-q9", r"question_id: '99.9-q9' is not a question"),
    ("updated_at", "2999-01-01T00:00:00+00:00", r"updated_at: .* after the bundle's export time"),
    ("updated_at", "yesterday", r"updated_at: 'yesterday' is not a date"),
])
def test_wrong_values_are_named(bundle, tmp_path, content, field, value, match):
    target = Store.open(tmp_path / "t.db")
    evil = copy.deepcopy(bundle)
    evil["tables"]["answers"][0][field] = value
    _refused(target, evil, r"tables\.answers\[0\]\." + match, content)
    assert target.list_assessments() == []


def test_unknown_control_id_is_named(bundle, tmp_path, content):
    target = Store.open(tmp_path / "t.db")
    evil = copy.deepcopy(bundle)
    evil["tables"]["risk_controls"][0]["control_id"] = "A.99.1"
    _refused(target, evil, r"tables\.risk_controls\[0\]\.control_id: 'A.99.1' is not an Annex A control", content)


def test_unknown_top_level_field_and_table(bundle, tmp_path, content):
    target = Store.open(tmp_path / "t.db")
    _refused(target, dict(bundle, extra=1), "'extra': not a field of a bundle", content)
    evil = copy.deepcopy(bundle)
    evil["tables"]["sqlite_master"] = []
    _refused(target, evil, r"tables\.'sqlite_master': unknown table", content)


def test_export_time_in_the_future_is_refused(bundle, tmp_path, content):
    target = Store.open(tmp_path / "t.db")
    future = (datetime.now(timezone.utc) + timedelta(days=3)).isoformat()
    _refused(target, dict(bundle, exported_at=future), "exported_at: .* later than this computer's clock", content)


def test_cli_names_the_bad_row_in_one_line(bundle, tmp_path, capsys):
    evil = copy.deepcopy(bundle)
    evil["tables"]["answers"][0]['notes" = 1 --'] = "x"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(evil))
    db = tmp_path / "t.db"
    assert main(["import", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "tables.answers[0]" in err[0] and "no such column" in err[0]


def test_an_id_carrying_control_sequences_is_refused(bundle, tmp_path, content):
    target = Store.open(tmp_path / "t.db")
    evil = copy.deepcopy(bundle)
    evil["tables"]["risks"][0]["id"] = "r1\x1b]0;owned\x07"
    _refused(target, evil, r"tables\.risks\[0\]\.id: .*\\x1b.* is not an id", content)


def test_the_import_summary_never_carries_control_sequences(bundle, tmp_path, content, capsys):
    evil = copy.deepcopy(bundle)
    evil["tables"]["assessments"][0]["org"] = "Acme\x1b]0;retitled\x07\x9b31m\u202e"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(evil))
    assert main(["import", str(path), "--db", str(tmp_path / "t.db")]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e") and "Acme" in out
