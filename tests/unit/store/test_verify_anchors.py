"""Issue 11, verify (SPEC R8, R11): a chain re-hashed from an edited entry onward, entries cut from
its end, and dropped append-only triggers are named; evidence paths that came in a bundle are never
read until attached again; evidence reading never blocks on a pipe or device and is bounded."""

from __future__ import annotations

import os
import sqlite3

import pytest

from aims_tui.cli import main
from aims_tui.store import Store, StoreError
from aims_tui.store.audit import entry_hash


@pytest.fixture
def closed_file(db_path, content, passphrase):
    """A file worked on and closed: its head is recorded (every CLI command and TUI session ends so)."""
    with Store.open(db_path, passphrase=passphrase) as store:
        aid = store.create_assessment("Org", matrix=content.scales.default_matrix()).id
        store.set_answer(aid, "4.1-q1", status="partial")
        store.set_answer(aid, "5.2-q1", status="not-met")
        store.set_answer(aid, "6.2-q1", status="met")
    return db_path


def _rehash_from(conn, seq):
    """What a careful forger does after editing entry ``seq``: recompute every hash from there on."""
    rows = conn.execute("SELECT seq, ts, actor, assessment_id, tbl, key, op, old, new, prev FROM history "
                        "WHERE seq >= ? ORDER BY seq", (seq,)).fetchall()
    prev = conn.execute("SELECT hash FROM history WHERE seq = ?", (seq - 1,)).fetchone()[0]
    for s, ts, actor, aid, tbl, key, op, old, new, _ in rows:
        digest = entry_hash(prev, s, ts, actor, aid, tbl, key, op, old, new)
        conn.execute("UPDATE history SET prev = ?, hash = ? WHERE seq = ?", (prev, digest, s))
        prev = digest


def _verify_fails(db_path, capsys, *fragments):
    assert main(["verify", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.both_kinds
def test_a_chain_rehashed_from_an_edited_entry_onward_is_named(closed_file, capsys, connect):
    conn = connect(closed_file, isolation_level=None)
    conn.execute("DROP TRIGGER history_no_update")
    seq, new = conn.execute("SELECT seq, new FROM history WHERE new LIKE '%not-met%' ORDER BY seq LIMIT 1").fetchone()
    conn.execute("UPDATE history SET new = ? WHERE seq = ?", (new.replace("not-met", "met"), seq))
    conn.execute("UPDATE answers SET status = 'met' WHERE question_id = '5.2-q1'")
    _rehash_from(conn, seq)
    conn.execute("CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
                 "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
    conn.close()
    last = connect(closed_file).execute("SELECT max(seq) FROM history").fetchone()[0]
    _verify_fails(closed_file, capsys, f"history entry {last} is not the one recorded", "re-hashed")


@pytest.mark.both_kinds
def test_entries_cut_from_the_end_with_rows_reverted_are_named(closed_file, capsys, connect):
    conn = connect(closed_file, isolation_level=None)
    conn.execute("DROP TRIGGER history_no_delete")
    last = conn.execute("SELECT max(seq) FROM history").fetchone()[0]
    conn.execute("DELETE FROM history WHERE seq = ?", (last,))
    conn.execute("DELETE FROM answers WHERE question_id = '6.2-q1'")
    conn.execute("CREATE TRIGGER history_no_delete BEFORE DELETE ON history "
                 "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
    conn.close()
    _verify_fails(closed_file, capsys, f"history entry {last} is missing", "removed from its end")


@pytest.mark.parametrize("trigger", ["history_no_update", "history_no_delete"])
def test_dropped_append_only_triggers_are_named(closed_file, capsys, trigger):
    sqlite3.connect(closed_file, isolation_level=None).execute(f"DROP TRIGGER {trigger}")
    _verify_fails(closed_file, capsys, f"guard {trigger} is missing")


@pytest.mark.both_kinds
def test_a_changed_trigger_is_named(closed_file, capsys, connect):
    conn = connect(closed_file, isolation_level=None)
    conn.execute("DROP TRIGGER history_no_update")
    conn.execute("CREATE TRIGGER history_no_update BEFORE UPDATE ON history WHEN 0 BEGIN SELECT 1; END")
    conn.close()
    _verify_fails(closed_file, capsys, "guard history_no_update was changed")


@pytest.mark.both_kinds
def test_ordinary_work_after_closing_still_verifies(closed_file, capsys, passphrase):
    with Store.open(closed_file, passphrase=passphrase) as store:
        aid = store.list_assessments()[0].id
        store.set_answer(aid, "4.1-q1", status="met")
    assert main(["verify", "--db", str(closed_file)]) == 0, capsys.readouterr().err


def test_evidence_paths_from_a_bundle_are_not_read_until_attached_again(store, assessment, tmp_path, content,
                                                                         capsys, monkeypatch):
    doc = tmp_path / "policy.pdf"
    doc.write_bytes(b"policy v1")
    evidence = store.add_evidence(assessment.id, title="Policy", file=doc)
    target_path = tmp_path / "target.db"
    with Store.open(target_path) as target:
        target.import_bundle(store.export_bundle(assessment.id), content=content)
        target.update_evidence(evidence.id, title="Policy (seen)")  # a local edit does not make it local
    doc.write_bytes(b"policy v2, changed")  # it would be reported if the target read it
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1])
    assert main(["verify", "--db", str(target_path)]) == 0
    out = capsys.readouterr().out
    assert "attached on another computer" in out and str(doc) not in opened
    with Store.open(target_path) as target:
        target.attach_evidence_file(evidence.id, doc)
    doc.write_bytes(b"policy v3")
    assert main(["verify", "--db", str(target_path)]) == 1
    assert "changed since it was attached" in capsys.readouterr().err


def test_evidence_that_became_a_pipe_or_grew_is_reported_without_blocking_or_reading_it_all(
        store, assessment, tmp_path):
    pipe, big = tmp_path / "pipe.pdf", tmp_path / "big.pdf"
    pipe.write_bytes(b"x")
    big.write_bytes(b"y")
    store.add_evidence(assessment.id, title="Pipe", file=pipe)
    store.add_evidence(assessment.id, title="Big", file=big)
    pipe.unlink()
    os.mkfifo(pipe)  # opening it for reading would block for ever
    with big.open("r+b") as fh:
        fh.truncate(8 << 30)  # 8 GiB, sparse: hashing it would take minutes
    report = store.verify()
    text = "\n".join(report.evidence_problems)
    assert "Pipe" in text and "not a regular file" in text
    assert "Big" in text and "grew beyond 1 bytes" in text


def test_attaching_a_device_or_pipe_is_refused(store, assessment, tmp_path):
    with pytest.raises(StoreError, match="not a regular file"):
        store.add_evidence(assessment.id, title="x", file="/dev/zero")
    os.mkfifo(tmp_path / "p")
    with pytest.raises(StoreError, match="not a regular file"):
        store.add_evidence(assessment.id, title="x", file=tmp_path / "p")
