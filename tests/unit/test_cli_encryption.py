"""The command line on encrypted files: aims new --encrypt, aims encrypt/decrypt, the passphrase."""

from __future__ import annotations

import hashlib
import io
import sys

import pytest

from aims_tui import cli_common
from aims_tui.cli import main
from aims_tui.open_files import SQLITE_MAGIC
from aims_tui.store import Store

PASSPHRASE = "a long 'passphrase' for the client"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _err(capsys):
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def encrypted(tmp_path, monkeypatch, capsys):
    path = tmp_path / "client.db"
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["new", "--org", "Quokka Secret Ltd", "--scope", "all", "--encrypt", "--db", str(path)]) == 0
    aid = capsys.readouterr().out.strip()
    assert main(["answer", aid, "4.1-q1", "--status", "met", "--notes", "a confidential note", "--db", str(path)]) == 0
    monkeypatch.delenv("AIMS_PASSPHRASE")
    capsys.readouterr()
    return path, aid


def test_new_encrypt_writes_an_encrypted_file_every_command_opens_with_the_passphrase(encrypted, monkeypatch, capsys):
    path, aid = encrypted
    assert not path.read_bytes().startswith(SQLITE_MAGIC)
    assert main(["list", "--db", str(path)]) == 2  # no terminal here, no $AIMS_PASSPHRASE
    assert _err(capsys).endswith("encrypted or not an aims file: give the passphrase ($AIMS_PASSPHRASE)")
    monkeypatch.setenv("AIMS_PASSPHRASE", "wrong")
    before = _digest(path)
    assert main(["list", "--db", str(path)]) == 2
    assert _err(capsys) == f"aims: error: {path}: wrong passphrase or not an aims file"
    assert _digest(path) == before
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["list", "--db", str(path)]) == 0 and "Quokka Secret Ltd" in capsys.readouterr().out
    assert main(["--read-only", "list", "--db", str(path)]) == 0 and "Quokka" in capsys.readouterr().out
    assert main(["verify", "--db", str(path)]) == 0
    capsys.readouterr()
    with Store.open(path, passphrase=PASSPHRASE) as s:  # the passphrase is in no audit entry
        assert all(PASSPHRASE not in repr(e) for e in s.history())
    assert PASSPHRASE.encode() not in path.read_bytes()


def test_decrypt_then_encrypt_write_new_files_and_leave_the_original(encrypted, tmp_path, monkeypatch, capsys):
    path, aid = encrypted
    plain, again = tmp_path / "plain.db", tmp_path / "again.db"
    before = _digest(path)
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["decrypt", "--db", str(path), "--out", str(plain)]) == 0
    assert "left as it is" in capsys.readouterr().out
    assert _digest(path) == before and plain.read_bytes().startswith(SQLITE_MAGIC)
    monkeypatch.delenv("AIMS_PASSPHRASE")
    with Store.open(plain) as s:
        assert s.answer(aid, "4.1-q1").notes == "a confidential note" and s.verify().ok
    monkeypatch.setenv("AIMS_PASSPHRASE", "another one")
    plain_before = _digest(plain)
    assert main(["encrypt", "--db", str(plain), "--out", str(again)]) == 0
    capsys.readouterr()
    assert _digest(plain) == plain_before and not again.read_bytes().startswith(SQLITE_MAGIC)
    assert main(["verify", "--db", str(again)]) == 0
    capsys.readouterr()
    with Store.open(again, passphrase="another one") as s:
        assert s.answer(aid, "4.1-q1").notes == "a confidential note"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith((".db", ".tmp"))) == \
        ["again.db", "client.db", "plain.db"]


def test_an_existing_out_file_is_refused_and_kept(encrypted, tmp_path, monkeypatch, capsys):
    path, _ = encrypted
    out = tmp_path / "taken.db"
    out.write_text("mine")
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["decrypt", "--db", str(path), "--out", str(out)]) == 2
    assert "already exists" in _err(capsys) and out.read_text() == "mine"
    assert main(["encrypt", "--db", str(path), "--out", str(tmp_path / "new.db")]) == 2
    assert "already encrypted" in _err(capsys) and not (tmp_path / "new.db").exists()


def test_on_a_terminal_the_passphrase_is_asked_twice_for_a_new_file_and_once_to_open(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("AIMS_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers: list[str] = []
    prompts: list[str] = []
    monkeypatch.setattr(cli_common.getpass, "getpass", lambda prompt: prompts.append(prompt) or answers.pop(0))
    path = tmp_path / "typed.db"
    answers[:] = ["one", "two"]
    assert main(["new", "--org", "O", "--scope", "s", "--encrypt", "--db", str(path)]) == 2
    assert "the two passphrases differ" in _err(capsys) and not path.exists()
    answers[:] = ["typed", "typed"]
    assert main(["new", "--org", "O", "--scope", "s", "--encrypt", "--db", str(path)]) == 0
    capsys.readouterr()
    prompts.clear()
    answers[:] = ["typed"]
    assert main(["list", "--db", str(path)]) == 0 and len(prompts) == 1
    assert "typed" not in capsys.readouterr().out


def test_without_the_library_encrypt_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "new.db"
    assert main(["new", "--org", "O", "--scope", "s", "--encrypt", "--db", str(path)]) == 2
    assert "pip install 'aims-tui[encrypt]'" in _err(capsys) and not path.exists()
    assert main(["new", "--org", "O", "--scope", "s", "--db", str(path)]) == 0  # plain files as ever


def test_an_encrypted_bundle_holds_no_text_and_imports_with_its_passphrase(tmp_path, monkeypatch, capsys):
    src, dst = tmp_path / "site-a.db", tmp_path / "site-b.db"
    assert main(["new", "--org", "Quokka Secret Ltd", "--scope", "all", "--db", str(src)]) == 0
    aid = capsys.readouterr().out.strip()
    assert main(["answer", aid, "4.1-q1", "--status", "met", "--notes", "a confidential note", "--db", str(src)]) == 0
    monkeypatch.setenv("AIMS_PASSPHRASE", "stick passphrase")
    out = tmp_path / "carry.aimsbundle"
    assert main(["export", "bundle", aid, "--encrypt", "--out", str(out), "--db", str(src)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    data = out.read_bytes()
    for text in ("Quokka Secret Ltd", "a confidential note", "4.1-q1", "Test Assessor", aid):
        assert text.encode() not in data and text.encode("utf-16-le") not in data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carry.aimsbundle", "site-a.db"]
    monkeypatch.setenv("AIMS_PASSPHRASE", "wrong")
    before = _digest(out)
    assert main(["import", str(out), "--db", str(dst)]) == 2
    assert _err(capsys) == f"aims: error: {out}: wrong passphrase or not an aims bundle"
    assert _digest(out) == before
    monkeypatch.setenv("AIMS_PASSPHRASE", "stick passphrase")
    assert main(["import", str(out), "--db", str(dst)]) == 0
    capsys.readouterr()
    with Store.open(dst) as s:  # the receiving file is plain: it was created without --encrypt
        assert s.answer(aid, "4.1-q1").notes == "a confidential note" and s.verify().ok
    assert main(["export", "report", aid, "--encrypt", "--db", str(src)]) == 2
    assert "applies to bundles" in _err(capsys)


def test_the_tui_starts_on_an_encrypted_file_with_the_passphrase(encrypted, monkeypatch, capsys):
    from aims_tui.tui.app import AimsApp

    path, _ = encrypted
    opened = {}
    def run(app):
        opened.update(store=app.store, locked=app.locked)
        if app.store is not None:
            app.store.close()  # as the app does when it ends

    monkeypatch.setattr(AimsApp, "run", run)
    monkeypatch.setattr(cli_common.getpass, "getpass", lambda prompt: pytest.fail("asked on the terminal"))
    assert main(["--db", str(path)]) == 0  # no $AIMS_PASSPHRASE: the app starts on its prompt
    assert opened["store"] is None and opened["locked"].path == path
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(path)]) == 0 and opened["store"].encrypted and opened["locked"] is None
    assert main(["--read-only", "--db", str(path)]) == 0 and opened["store"].read_only
    monkeypatch.setenv("AIMS_PASSPHRASE", "wrong")
    assert main(["--db", str(path)]) == 2
    assert _err(capsys) == f"aims: error: {path}: wrong passphrase or not an aims file"


def test_converting_a_missing_file_creates_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    for command in ("encrypt", "decrypt"):
        assert main([command, "--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "out.db")]) == 2
        assert "no such file" in _err(capsys)
    assert list(tmp_path.iterdir()) == []


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def _plain_file_left_with_a_wal(path):
    """A plain file whose last answer is only in its -wal (the writer died without closing)."""
    import subprocess
    import textwrap

    script = textwrap.dedent(f"""
        import os
        from aims_tui.cli import main
        from aims_tui.store import Store
        assert main(["new", "--org", "Quokka Secret Ltd", "--scope", "all", "--db", {str(path)!r}]) == 0
        s = Store.open({str(path)!r})
        aid = s.list_assessments()[0].id
        s.set_answer(aid, "4.1-q1", status="met", notes="a confidential note")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    assert (path.parent / f"{path.name}-wal").stat().st_size > 0


def test_encrypt_and_decrypt_in_place_leave_no_plain_copy_and_no_journal(tmp_path, monkeypatch, capsys):
    path = tmp_path / "client.db"
    _plain_file_left_with_a_wal(path)
    capsys.readouterr()
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"encrypted {path} in place; no plain copy of it is left"
    assert _files(tmp_path) == ["client.db"]  # the old -wal, -shm and the temporary file are gone
    data = path.read_bytes()
    assert not data.startswith(SQLITE_MAGIC)
    for text in ("Quokka Secret Ltd", "a confidential note"):
        assert text.encode() not in data
    with Store.open(path, passphrase=PASSPHRASE) as s:  # the answer that was only in the -wal came along
        aid = s.list_assessments()[0].id
        assert s.answer(aid, "4.1-q1").notes == "a confidential note" and s.verify().ok
    assert main(["decrypt", "--db", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"decrypted {path} in place: it is a plain file now"
    assert _files(tmp_path) == ["client.db"] and path.read_bytes().startswith(SQLITE_MAGIC)
    monkeypatch.delenv("AIMS_PASSPHRASE")
    with Store.open(path) as s:
        assert s.answer(aid, "4.1-q1").notes == "a confidential note" and s.verify().ok


def test_a_file_open_in_another_program_is_not_converted_in_place(encrypted, tmp_path, monkeypatch, capsys):
    import subprocess

    path, _ = encrypted
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, os\nfrom aims_tui.store import Store\n"
         f"s = Store.open({str(path)!r}, passphrase=os.environ['AIMS_PASSPHRASE'])\ns.list_assessments()\n"
         "print('open', flush=True)\nsys.stdin.readline()\ns.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = _digest(path)
        assert main(["decrypt", "--db", str(path)]) == 2
        assert _err(capsys) == (f"aims: error: {path}: in use by another program (an aims window?); close it "
                                "and try again (nothing was changed)")
        assert _digest(path) == before and not [n for n in _files(tmp_path) if n.endswith(".tmp")]
    finally:
        holder.communicate("\n", timeout=30)


@pytest.mark.parametrize("out", [None, "copy.db"], ids=["in-place", "out"])
def test_a_conversion_that_fails_half_way_leaves_the_original_and_no_temporary_file(
        encrypted, tmp_path, monkeypatch, capsys, out):
    from aims_tui.store import convert as convert_module
    from aims_tui.store.errors import StoreError

    path, _ = encrypted

    def broken_copy(tmp, passphrase, entries):
        assert tmp.exists()  # the copy was written: it fails after that
        raise StoreError(f"{tmp}: the converted copy did not check out; nothing was written")

    monkeypatch.setattr(convert_module, "_check_copy", broken_copy)
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    before, names = _digest(path), _files(tmp_path)
    argv = ["decrypt", "--db", str(path)] + (["--out", str(tmp_path / out)] if out else [])
    assert main(argv) == 2
    assert "did not check out" in _err(capsys)
    assert _digest(path) == before and _files(tmp_path) == names
    with Store.open(path, passphrase=PASSPHRASE) as s:
        assert s.encrypted and s.verify().ok


def test_encrypting_in_place_through_a_symlink_encrypts_the_file_it_points_to(encrypted, tmp_path, monkeypatch,
                                                                               capsys):
    path, aid = encrypted
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    assert main(["decrypt", "--db", str(path)]) == 0
    link = tmp_path / "link.db"
    link.symlink_to(path)
    assert main(["encrypt", "--db", str(link)]) == 0
    capsys.readouterr()
    assert link.is_symlink() and not path.read_bytes().startswith(SQLITE_MAGIC)  # no plain file left behind
    assert _files(tmp_path) == ["client.db", "link.db"]
