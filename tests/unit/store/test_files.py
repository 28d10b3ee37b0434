"""docs/CONTRACT.md R3 and R6-like file handling: bad files are refused with one line and left byte-for-byte."""

from __future__ import annotations

import os
import sqlite3

import pytest

from aims_tui.cli import main
from aims_tui.store import Store, StoreError
from aims_tui.store.schema import SCHEMA_VERSION


def _bytes(path):
    return path.read_bytes()


def _refused(path, capsys, match):
    before = _bytes(path)
    with pytest.raises(StoreError, match=match):
        Store.open(path)
    assert main(["list", "--db", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0]
    assert _bytes(path) == before
    assert not path.with_name(path.name + "-wal").exists()


def test_non_sqlite_file(tmp_path, capsys):
    path = tmp_path / "notes.db"
    path.write_text("this is a text file, not a database\n" * 10)
    _refused(path, capsys, "not an SQLite file")


def test_truncated_file(tmp_path, capsys, content):
    path = tmp_path / "t.db"
    with Store.open(path) as s:
        a = s.create_assessment("Org", matrix=content.scales.default_matrix())
        for i in range(50):
            s.set_answer(a.id, "4.1-q1", status="met", notes=str(i) * 500)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, capsys, "truncated")


def test_newer_schema(tmp_path, capsys):
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)  # what a later release's migration would leave
    conn.execute("INSERT INTO _migrations VALUES ('m099_later', '2030-01-01')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    _refused(path, capsys, "newer aims-tui")


@pytest.mark.parametrize("user_version", [0, 1, 2, -1, SCHEMA_VERSION + 5])
def test_foreign_sqlite_file(tmp_path, capsys, user_version):
    """Another program's database is recognised whatever its user_version: before 2026-12-03 one with
    version 1 or 2 was switched to WAL and failed with 'no such column' or 'table already exists'."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (name)")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    _refused(path, capsys, "not an aims engagement file")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_folder_without_write_permission(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="no permission"):
            Store.open(folder / "a.db")
    finally:
        folder.chmod(0o700)


def test_locked_file_gives_one_line(tmp_path, content, monkeypatch):
    import aims_tui.store.core as repo

    monkeypatch.setattr(repo, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "l.db"
    first = Store.open(path)
    a = first.create_assessment("Org", matrix=content.scales.default_matrix())
    first.conn.execute("BEGIN EXCLUSIVE")
    second = Store.open(path)
    with pytest.raises(StoreError, match="locked by another program"):
        second.set_answer(a.id, "4.1-q1", status="met")
    first.conn.execute("ROLLBACK")
    second.set_answer(a.id, "4.1-q1", status="met")


def test_missing_db_is_created_with_folders(tmp_path):
    path = tmp_path / "a" / "b" / "new.db"
    assert main(["new", "--org", "X", "--scope", "Y", "--db", str(path)]) == 0
    assert path.exists()


def test_db_is_a_folder(tmp_path, capsys):
    assert main(["list", "--db", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
