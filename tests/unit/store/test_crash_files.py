"""Issue 11, crashes and files (SPEC R1, R3): a file SQLite can recover is never refused; a refused
file keeps its bytes and its -wal/-shm untouched; devices, pipes and full disks are named."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3

import pytest

from aims_tui.cli import main
from aims_tui.store import Store, StoreError


def _sides(path):
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _hashes(path):
    return [hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None for p in _sides(path)]


def _snapshot(conn_path, folder):
    """What a kill -9 leaves: the files as they are while a connection still holds them."""
    folder.mkdir()
    for p in _sides(conn_path):
        if p.exists():
            shutil.copyfile(p, folder / p.name)
    return folder / conn_path.name


def _checkpoint_began(path):
    """Write the WAL's newest page 1 into the main file, as a checkpoint killed after its first page:
    the header now counts pages the main file does not have yet, and the WAL holds them."""
    wal = path.with_name(path.name + "-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    page_one, offset = None, 32
    while offset + 24 + page_size <= len(wal):
        if int.from_bytes(wal[offset:offset + 4], "big") == 1:
            page_one = wal[offset + 24:offset + 24 + page_size]
        offset += 24 + page_size
    assert page_one is not None
    with path.open("r+b") as fh:
        fh.write(page_one)


def test_kill_during_the_checkpoint_at_close_opens_with_every_answer(tmp_path, content):
    live = tmp_path / "live.db"
    store = Store.open(live)
    aid = store.create_assessment("Org", matrix=content.scales.default_matrix()).id
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    questions = [q.id for q in content.questions[:40]]
    for qid in questions:
        store.set_answer(aid, qid, status="met", notes=qid * 300)
    crashed = _snapshot(live, tmp_path / "crash")
    store.close()
    _checkpoint_began(crashed)
    header_pages = int.from_bytes(crashed.read_bytes()[28:32], "big")
    assert crashed.stat().st_size < header_pages * 4096  # what the app took for truncation
    with Store.open(crashed) as reopened:
        assert {q for q in reopened.answers(aid)} == set(questions)
        assert reopened.verify().ok


@pytest.mark.parametrize("user_version", [1, 2, -1])
def test_a_refused_file_keeps_its_bytes_and_its_wal_and_shm(tmp_path, capsys, user_version):
    live = tmp_path / "foreign.db"
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE answers (x)")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.execute("INSERT INTO answers VALUES ('pending in the WAL')")
    crashed = _snapshot(live, tmp_path / "crash")
    conn.close()
    before = _hashes(crashed)
    assert before[1] is not None and before[2] is not None
    with pytest.raises(StoreError, match="not an aims engagement file"):
        Store.open(crashed)
    assert main(["list", "--db", str(crashed)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert _hashes(crashed) == before


def test_dev_null_is_refused_by_name_leaving_no_journal(capsys):
    def strays():  # /dev is shared with other processes: compare, rather than expect none
        return {s: os.stat(f"/dev/null{s}").st_mtime_ns for s in ("-wal", "-shm", "-journal")
                if os.path.exists(f"/dev/null{s}")}

    before = strays()
    with pytest.raises(StoreError, match="/dev/null: is a device, not a database file"):
        Store.open("/dev/null")
    assert main(["list", "--db", "/dev/null"]) == 2
    assert strays() == before


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match=r"is a named pipe \(FIFO\)"):
        Store.open(fifo)


def test_disk_full_says_so_and_what_to_do(store, assessment, db_path, capsys):
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk fills up now
    with pytest.raises(StoreError, match=rf"disk full: free space on {db_path.parent} and try again"):
        store.set_answer(assessment.id, "4.1-q1", status="met", notes="x" * 200_000)
    assert store.answer(assessment.id, "4.1-q1") is None
