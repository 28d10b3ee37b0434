"""docs/CONTRACT.md R1 (kill -9 mid-burst) and R2 (two writers on one file)."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aims_tui.cli import main
from aims_tui.store import Store

WRITER = Path(__file__).with_name("writer.py")


def _spawn(db, aid, prefix, count):
    return subprocess.Popen([sys.executable, str(WRITER), str(db), aid, prefix, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.both_kinds
def test_kill_9_during_burst_loses_no_acknowledged_answer(tmp_path, content, capsys, passphrase, connect):
    db = tmp_path / "burst.db"
    with Store.open(db, passphrase=passphrase) as s:
        aid = s.create_assessment("Org", matrix=content.scales.default_matrix()).id
    rng = random.Random(42)
    acked: dict[str, int] = {}
    kills = 0
    for round_ in range(12):
        proc = _spawn(db, aid, f"r{round_:02d}", 100_000)
        target = rng.randint(1, 150)
        seen = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            _, qid, n = line.split()
            acked[qid] = (round_, int(n))  # type: ignore[assignment]
            seen += 1
            if seen >= target:
                break
        time.sleep(rng.random() * 0.02)  # let it get into the middle of the next write
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += int(proc.returncode == -signal.SIGKILL)
        for line in proc.stdout:  # acknowledgements printed before the kill landed
            _, qid, n = line.split()
            acked[qid] = (round_, int(n))  # type: ignore[assignment]
    assert kills >= 10
    conn = connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {q: notes for q, notes in conn.execute("SELECT question_id, notes FROM answers")}
    conn.close()
    for qid, (round_, n) in acked.items():  # type: ignore[misc]
        prefix, m = stored[qid].split(":")
        assert (int(prefix[1:]), int(m)) >= (round_, n), f"{qid}: acknowledged r{round_}:{n}, found {stored[qid]}"
    assert main(["verify", "--db", str(db)]) == 0, capsys.readouterr().err


@pytest.mark.both_kinds
def test_two_processes_write_one_file(tmp_path, content, capsys, passphrase):
    db = tmp_path / "shared.db"
    with Store.open(db, passphrase=passphrase) as s:
        aid = s.create_assessment("Org", matrix=content.scales.default_matrix()).id
    procs = [_spawn(db, aid, name, 150) for name in ("alice", "bob")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert out.count("ack ") == 150
    with Store.open(db, passphrase=passphrase) as s:
        history = s.history(aid, table="answers")
        # Every one of the 300 writes is in the trail: no update was lost, even on shared questions.
        writes = [e.new["notes"] for e in history if e.op in ("insert", "update")]
        assert sorted(w for w in writes if w.startswith("alice")) == sorted(f"alice:{n}" for n in range(150))
        assert sorted(w for w in writes if w.startswith("bob")) == sorted(f"bob:{n}" for n in range(150))
        # The final value of each question is the last write that committed.
        last = {}
        for e in reversed(history):
            if e.new:
                last[e.new["question_id"]] = e.new["notes"]
        assert {q: a.notes for q, a in s.answers(aid).items()} == last
    assert main(["verify", "--db", str(db)]) == 0, capsys.readouterr().err


SECOND_OPEN_WRITER = r"""
import sys
from aims_tui.store import Store

db, aid = sys.argv[1], sys.argv[2]
store = Store.open(db, actor="app")
store.set_answer(aid, "4.1-q1", status="met", notes="before")
# What the walker does to record evidence: a second Store on the same file, opened and closed in
# this process while the first is open.
with Store.open(db, actor="app") as other:
    other.add_evidence(aid, title="Policy", question_id="4.1-q1")
print("opened-twice", flush=True)
sys.stdin.readline()  # another process opens and closes the file meanwhile
store.set_answer(aid, "4.2-q1", status="partial", notes="after")
print("ack", flush=True)
sys.stdin.readline()  # killed here, as a laptop dies
"""


def test_a_second_store_in_the_same_process_keeps_the_first_ones_locks(tmp_path, content):
    """QA: opening a second Store read the file's header with Python's open(); closing that file
    dropped SQLite's POSIX locks, so another process's close checkpointed and deleted the WAL
    under the app, and the app's later answers were lost when it died."""
    db = tmp_path / "shared.db"
    with Store.open(db) as store:
        aid = store.create_assessment("Locks Ltd", matrix=content.scales.default_matrix()).id
    child = subprocess.Popen([sys.executable, "-c", SECOND_OPEN_WRITER, str(db), aid], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "opened-twice"
        with Store.open(db) as other:  # another process: `aims list` in a second terminal
            other.list_assessments()
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "ack"
        wal = db.with_name(db.name + "-wal")
        assert wal.exists(), "the WAL the app is still writing to was deleted by another process"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Store.open(db) as after:
        answer = after.answer(aid, "4.2-q1")
        assert answer is not None and answer.notes == "after"
        assert after.verify().ok


def test_the_open_database_cannot_be_attached_as_evidence(tmp_path, content):
    """Hashing it would open and close the file outside SQLite and so drop its locks."""
    import pytest

    from aims_tui.store import StoreError

    db = tmp_path / "engagement.db"
    with Store.open(db) as store:
        aid = store.create_assessment("Locks Ltd", matrix=content.scales.default_matrix()).id
        for target in (db, db.with_name(db.name + "-wal")):
            with pytest.raises(StoreError, match="is an assessment database open in aims-tui, not an evidence file"):
                store.add_evidence(aid, title="The file itself", file=target)
        copy = tmp_path / "copy.db"
        copy.write_bytes(b"not the open one")
        assert store.add_evidence(aid, title="A copy", file=copy).size == len(b"not the open one")


def test_nothing_reads_or_replaces_the_open_database(tmp_path, content):
    """Every user-given path that could be the database is refused before Python opens it: as a
    bundle to import, a Word template, or an export's output (which would replace the file)."""
    import pytest

    from aims_tui import open_files
    from aims_tui.exports import ExportError, write_soa_csv, write_soa_docx
    from aims_tui.store import StoreError
    from aims_tui.store.bundle import read_bundle_file

    db = tmp_path / "engagement.db"
    with Store.open(db) as store:
        aid = store.create_assessment("Locks Ltd", matrix=content.scales.default_matrix()).id
        engagement = store.engagement(aid)
        with pytest.raises(StoreError, match="not a bundle"):
            read_bundle_file(db)
        with pytest.raises(ExportError, match="is the assessment database, not a Word template"):
            write_soa_docx(engagement, content, tmp_path / "soa.docx", template=db)
        with pytest.raises(ExportError, match="is an assessment database, which an export would replace"):
            write_soa_csv(engagement, content, db)
        assert open_files.is_open_database(db)
    assert not open_files.is_open_database(db)
    # closed, it is still an SQLite file: an export does not replace it either
    with pytest.raises(ExportError, match="which an export would replace"):
        write_soa_csv(engagement, content, db)
    with Store.open(db) as store:
        assert store.verify().ok


def test_a_failed_open_does_not_leave_the_file_marked_open(tmp_path, monkeypatch):
    import pytest

    from aims_tui import open_files
    from aims_tui.store import StoreError
    from aims_tui.store import core as repository

    db = tmp_path / "old.db"
    Store.open(db).close()

    def locked(conn, *hooks):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(repository, "SCHEMA_VERSION", repository.SCHEMA_VERSION + 1)  # force a migration
    monkeypatch.setattr(repository, "migrate", locked)
    with pytest.raises(StoreError):
        Store.open(db)
    assert not open_files.is_open_database(db)


def test_a_pathological_bundle_is_one_line_not_a_traceback(tmp_path):
    import pytest

    from aims_tui.store import StoreError
    from aims_tui.store.bundle import read_bundle_file

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    huge = tmp_path / "huge.json"
    huge.write_text('{"n": ' + "9" * 5000 + "}", encoding="utf-8")
    for path in (deep, huge):
        with pytest.raises(StoreError, match="not a usable bundle"):
            read_bundle_file(path)


def test_a_binary_file_given_as_a_bundle_is_not_a_bundle(tmp_path):
    import pytest

    from aims_tui.store import StoreError
    from aims_tui.store.bundle import read_bundle_file

    path = tmp_path / "copy.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    with pytest.raises(StoreError, match="not a bundle \\(not a JSON text file\\)"):
        read_bundle_file(path)
