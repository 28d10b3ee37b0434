"""docs/CONTRACT.md R8: any change to answers or the audit trail made outside the app is detected by verify,
in a plain and in an encrypted file (issue 15; an encrypted file's forger holds the passphrase)."""

from __future__ import annotations

import sqlite3

import pytest

from aims_tui.cli import main
from aims_tui.store import cipher

pytestmark = pytest.mark.both_kinds


@pytest.fixture
def filled(store, assessment):
    store.set_answer(assessment.id, "4.1-q1", status="met", maturity=3, notes="ok")
    store.set_answer(assessment.id, "5.2-q1", status="partial", maturity=2)
    store.set_answer(assessment.id, "5.2-q1", status="not-met")
    store.add_risk(assessment.id, title="Bias", likelihood=4, impact=4, controls=["A.7.4"])
    assert store.verify().ok
    return store


@pytest.fixture
def raw(db_path, connect):
    """The file as another program holds it (keyed in the encrypted run)."""
    return connect(db_path, isolation_level=None)


def _fails(db_path, capsys, *fragments):
    assert main(["verify", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    for fragment in fragments:
        assert fragment in err, err
    return err


def test_clean_file_verifies(filled, db_path, capsys):
    assert main(["verify", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_answer_edited_outside(filled, db_path, capsys, raw):
    raw.execute("UPDATE answers SET status = 'met' WHERE question_id = '5.2-q1'")
    _fails(db_path, capsys, "answers row", "5.2-q1", "changed outside the app", "status")


def test_answer_inserted_outside(filled, db_path, assessment, capsys, raw):
    raw.execute(
        "INSERT INTO answers (assessment_id, question_id, status) VALUES (?, '6.2-q1', 'met')", (assessment.id,))
    _fails(db_path, capsys, "6.2-q1", "added outside the app")


def test_answer_deleted_outside(filled, db_path, capsys, raw):
    raw.execute("DELETE FROM answers WHERE question_id = '4.1-q1'")
    _fails(db_path, capsys, "4.1-q1", "deleted outside the app")


def test_history_entry_altered(filled, db_path, capsys, raw):
    conn = raw
    conn.execute("DROP TRIGGER history_no_update")
    conn.execute("UPDATE history SET actor = 'Mallory' WHERE seq = 3")
    _fails(db_path, capsys, "history entry 3", "altered")


def test_history_entry_removed(filled, db_path, capsys, raw):
    conn = raw
    conn.execute("DROP TRIGGER history_no_delete")
    conn.execute("DELETE FROM history WHERE seq = 4")
    _fails(db_path, capsys, "history entry 4 is missing")


def test_forged_history_with_matching_row(filled, db_path, capsys, raw):
    """Rewriting both the row and its history entry still breaks the hash chain."""
    conn = raw
    conn.execute("DROP TRIGGER history_no_update")
    seq, new = conn.execute("SELECT seq, new FROM history WHERE tbl = 'answers' ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("UPDATE history SET new = ? WHERE seq = ?", (new.replace("not-met", "met"), seq))
    conn.execute("UPDATE answers SET status = 'met' WHERE question_id = '5.2-q1'")
    _fails(db_path, capsys, f"history entry {seq}", "altered")


def test_trail_is_append_only(filled, db_path, raw, passphrase):
    conn = raw
    integrity_error = sqlite3.IntegrityError if passphrase is None else cipher.driver().IntegrityError
    with pytest.raises(integrity_error, match="append-only"):
        conn.execute("UPDATE history SET actor = 'x'")
    with pytest.raises(integrity_error, match="append-only"):
        conn.execute("DELETE FROM history")
