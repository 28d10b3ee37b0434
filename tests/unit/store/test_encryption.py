"""Engagement files encrypted at rest (SQLCipher): opening, refusing, and what the bytes hold."""

from __future__ import annotations

import hashlib
import sys

import pytest

from aims_tui.open_files import SQLITE_MAGIC
from aims_tui.store import Store, StoreError

PASSPHRASE = "correct horse 'battery' staple"
ORG = "Zanzibar Quokka Holdings"
NOTE = "the model registry lives in a spreadsheet nobody owns"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _encrypted_file(tmp_path, content):
    path = tmp_path / "secret.db"
    with Store.open(path, passphrase=PASSPHRASE) as s:
        a = s.create_assessment(ORG, "AI systems", matrix=content.scales.default_matrix())
        s.set_answer(a.id, "4.1-q1", status="partial", notes=NOTE)
    return path, a.id


def test_an_encrypted_file_opens_with_its_passphrase_only(tmp_path, content):
    path, aid = _encrypted_file(tmp_path, content)
    assert not path.read_bytes().startswith(SQLITE_MAGIC)
    with Store.open(path, passphrase=PASSPHRASE) as s:
        assert s.encrypted
        assert s.answer(aid, "4.1-q1").notes == NOTE
        assert [r.org for r in s.list_assessments()] == [ORG]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.verify().ok


def test_without_the_passphrase_it_is_named_and_left_as_it_is(tmp_path, content):
    path, _ = _encrypted_file(tmp_path, content)
    before = _digest(path)
    with pytest.raises(StoreError, match=r"encrypted or not an aims file: give the passphrase \(\$AIMS_PASSPHRASE\)"):
        Store.open(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.db"]


def test_a_wrong_passphrase_is_one_line_and_the_file_unchanged(tmp_path, content, capfd):
    path, _ = _encrypted_file(tmp_path, content)
    before = _digest(path)
    with pytest.raises(StoreError) as info:
        Store.open(path, passphrase="not it")
    assert str(info.value) == f"{path}: wrong passphrase or not an aims file"
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.db"]
    assert capfd.readouterr().err == ""  # SQLCipher's own log stays quiet


def test_a_wrong_passphrase_with_a_wal_beside_the_file_changes_nothing(tmp_path, content):
    path, aid = _encrypted_file(tmp_path, content)
    with Store.open(path, passphrase=PASSPHRASE) as s:
        s.set_answer(aid, "4.2-q1", status="met")
        wal = path.with_name(path.name + "-wal")
        # what a killed process leaves: a -wal beside the file
        import shutil
        shutil.copyfile(path, tmp_path / "copy.db")
        shutil.copyfile(wal, tmp_path / "copy.db-wal")
    copy = tmp_path / "copy.db"
    before = (_digest(copy), _digest(tmp_path / "copy.db-wal"))
    with pytest.raises(StoreError, match="wrong passphrase or not an aims file"):
        Store.open(copy, passphrase="not it")
    assert (_digest(copy), _digest(tmp_path / "copy.db-wal")) == before
    with Store.open(copy, passphrase=PASSPHRASE) as s:  # and the right one recovers the -wal
        assert s.answer(aid, "4.2-q1").status == "met"


def test_a_plain_file_opens_as_plain_when_a_passphrase_is_given(tmp_path, content):
    path = tmp_path / "plain.db"
    with Store.open(path) as s:
        s.create_assessment(ORG, matrix=content.scales.default_matrix())
    with Store.open(path, passphrase=PASSPHRASE) as s:
        assert not s.encrypted and [r.org for r in s.list_assessments()] == [ORG]
    assert path.read_bytes().startswith(SQLITE_MAGIC)


def test_a_text_file_is_still_not_an_sqlite_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 7)
    with pytest.raises(StoreError, match="not an SQLite file"):
        Store.open(path, passphrase=PASSPHRASE)


def test_the_bytes_hold_none_of_the_assessments_text(tmp_path, content):
    path = tmp_path / "secret.db"
    wal = path.with_name(path.name + "-wal")
    with Store.open(path, passphrase=PASSPHRASE) as s:
        a = s.create_assessment(ORG, "AI systems", matrix=content.scales.default_matrix())
        s.set_answer(a.id, "4.1-q1", status="partial", notes=NOTE)
        assert wal.stat().st_size > 0
        on_disk = [path.read_bytes(), wal.read_bytes()]  # while open: the changes sit in the -wal
    on_disk.append(path.read_bytes())  # after the checkpoint at close
    for data in on_disk:
        for text in (ORG, NOTE, "Test Assessor", "4.1-q1"):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert text.encode(encoding) not in data


def test_without_the_library_plain_files_work_and_encryption_says_what_to_install(tmp_path, content, monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import sqlcipher3 now raises ImportError
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    plain = tmp_path / "plain.db"
    with Store.open(plain) as s:
        s.create_assessment(ORG, matrix=content.scales.default_matrix())
    with Store.open(plain) as s:
        assert [r.org for r in s.list_assessments()] == [ORG]
    with pytest.raises(StoreError, match=r"install the encryption support: pip install 'aims-tui\[encrypt\]'"):
        Store.open(tmp_path / "new.db", passphrase=PASSPHRASE)
    assert not (tmp_path / "new.db").exists()


def test_read_only_opens_an_encrypted_file_and_writes_nothing(tmp_path, content):
    from aims_tui.store import open_read_only

    path, aid = _encrypted_file(tmp_path, content)
    before = _digest(path)
    with pytest.raises(StoreError, match="give the passphrase"):
        open_read_only(path)
    with pytest.raises(StoreError, match="wrong passphrase"):
        open_read_only(path, passphrase="not it")
    with open_read_only(path, passphrase=PASSPHRASE) as s:
        assert s.encrypted and s.answer(aid, "4.1-q1").notes == NOTE
        with pytest.raises(StoreError, match="read-only"):
            s.set_answer(aid, "4.1-q1", status="met")
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.db"]


def test_reopen_opens_a_second_connection_with_the_same_passphrase(tmp_path, content):
    path, aid = _encrypted_file(tmp_path, content)
    with Store.open(path, passphrase=PASSPHRASE) as first:
        with first.reopen(actor="worker") as second:  # the file is open here: its header is not read
            assert second.encrypted and second.actor == "worker"
            second.set_answer(aid, "4.2-q1", status="met")
        assert first.answer(aid, "4.2-q1").status == "met"
    plain = tmp_path / "plain.db"
    with Store.open(plain) as first, first.reopen() as second:
        assert not second.encrypted


def test_a_second_store_on_an_open_encrypted_file_needs_no_passphrase_while_it_is_open(tmp_path, content):
    """A worker thread's own Store (the walker records evidence so) is not asked again."""
    path, aid = _encrypted_file(tmp_path, content)
    with Store.open(path, passphrase=PASSPHRASE) as first:
        with Store.open(path, actor="worker") as second:
            assert second.encrypted
            second.set_answer(aid, "4.2-q1", status="met")
        assert first.answer(aid, "4.2-q1").status == "met"
    with pytest.raises(StoreError, match="give the passphrase"):  # forgotten once the file is closed
        Store.open(path)


def test_a_wrong_passphrase_for_a_file_open_here_is_named_not_called_damaged(tmp_path, content):
    path, _ = _encrypted_file(tmp_path, content)
    with Store.open(path, passphrase=PASSPHRASE):
        with pytest.raises(StoreError, match="wrong passphrase or not an aims file"):
            Store.open(path, passphrase="not it")
