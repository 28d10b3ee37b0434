"""The TUI on an encrypted file (issue 15): the passphrase prompt before anything else, a wrong
passphrase said in the prompt with the file unchanged, esc quitting with one line, $AIMS_PASSPHRASE
used without asking, and a new file created encrypted (or plain) from the prompt."""

from __future__ import annotations

import hashlib
import sys

import pytest
from test_burst_typing import burst

from aims_tui.cli import main
from aims_tui.open_files import SQLITE_MAGIC
from aims_tui.store import Store
from aims_tui.tui.app import make_app
from aims_tui.tui.dialogs.passphrase_dialog import PassphraseDialog
from aims_tui.tui.screens.home import HomeScreen

PASSPHRASE = "correct horse, battery staple"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def encrypted(tmp_path, content, monkeypatch):
    monkeypatch.delenv("AIMS_PASSPHRASE", raising=False)
    path = tmp_path / "client.aims"
    with Store.open(path, actor="Test Assessor", passphrase=PASSPHRASE) as s:
        s.create_assessment("Quokka Secret Ltd", "all", matrix=content.scales.default_matrix())
    return path


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _error(app) -> str:
    return str(app.screen.query_one("#passphrase-error").render())


async def _type(pilot, text: str) -> None:
    await burst(pilot, text, "enter")
    await _settle(pilot)


async def test_the_prompt_comes_first_and_the_right_passphrase_opens_the_file(encrypted, content):
    app = make_app(encrypted, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PassphraseDialog) and app.store is None
        field = app.screen.query_one("#passphrase")
        assert field.password and app.focused is field  # masked, and typed into at once
        await _type(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        assert app.store.encrypted and [a.org for a in app.store.list_assessments()] == ["Quokka Secret Ltd"]
        assert all(PASSPHRASE not in repr(entry) for entry in app.store.history())


async def test_a_wrong_passphrase_is_said_in_the_prompt_and_the_user_types_again(encrypted, content):
    before = _digest(encrypted)
    app = make_app(encrypted, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _type(pilot, "not it")
        assert isinstance(app.screen, PassphraseDialog)
        assert _error(app) == "wrong passphrase or not an aims file"
        assert app.screen.query_one("#passphrase").value == "" and app.store is None
        assert _digest(encrypted) == before
        await _type(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen) and app.store.encrypted


async def test_esc_quits_with_one_line_and_the_file_unchanged(encrypted, content):
    before = _digest(encrypted)
    app = make_app(encrypted, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x", "escape")
        await pilot.pause()
    assert app.return_code == 2
    assert app.quit_line == f"aims: {encrypted}: not opened (no passphrase given)"
    assert _digest(encrypted) == before


async def test_a_burst_of_typing_then_enter_opens_the_file(encrypted, content):
    app = make_app(encrypted, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, PASSPHRASE, "enter")  # every key queued before the prompt handles the first
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.store.encrypted


async def test_read_only_asks_too_and_opens_read_only(encrypted, content):
    before = _digest(encrypted)
    app = make_app(encrypted, content=content, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PassphraseDialog)
        await _type(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen) and app.store.read_only and app.store.encrypted
    assert _digest(encrypted) == before


async def test_aims_passphrase_opens_it_without_asking(encrypted, content, monkeypatch):
    monkeypatch.setenv("AIMS_PASSPHRASE", PASSPHRASE)
    app = make_app(encrypted, content=content)
    async with app.run_test(size=(100, 30)):
        assert isinstance(app.screen, HomeScreen) and app.store.encrypted


async def test_a_new_file_is_created_encrypted_with_the_passphrase_typed_twice(tmp_path, content):
    path = tmp_path / "new-client.aims"
    app = make_app(path, content=content, offer_encryption=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PassphraseDialog) and not path.exists()
        await burst(pilot, "one", "enter", "two", "enter")
        await _settle(pilot)
        assert _error(app) == "the two passphrases differ; type them again" and not path.exists()
        await burst(pilot, PASSPHRASE, "enter", PASSPHRASE, "enter")
        await _settle(pilot)
        assert app.store is not None and app.store.encrypted and app.store.created
        assert "first assessment" in str(app.screen.query_one(".dialog-title").render())
    assert not path.read_bytes().startswith(SQLITE_MAGIC)
    with Store.open(path, passphrase=PASSPHRASE) as s:
        assert s.encrypted


async def test_a_new_file_left_without_a_passphrase_is_plain_and_esc_creates_nothing(tmp_path, content):
    path = tmp_path / "plain-client.aims"
    app = make_app(path, content=content, offer_encryption=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 2 and app.quit_line == f"aims: {path}: not created" and not path.exists()
    app = make_app(path, content=content, offer_encryption=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "enter", "enter")
        await _settle(pilot)
        assert app.store is not None and not app.store.encrypted
    assert path.read_bytes().startswith(SQLITE_MAGIC)


def test_the_command_starts_on_the_prompt_and_prints_its_one_line_when_esc_quits(encrypted, monkeypatch, capsys):
    from aims_tui.tui.app import AimsApp

    def esc_at_the_prompt(app):
        assert app.store is None and app.locked.path == encrypted  # not opened, not asked on the terminal
        app.quit_line = f"aims: {encrypted}: not opened (no passphrase given)"

    monkeypatch.setattr(AimsApp, "run", esc_at_the_prompt)
    assert main(["--db", str(encrypted)]) == 2
    assert capsys.readouterr().err == f"aims: {encrypted}: not opened (no passphrase given)\n"


async def test_an_encrypted_bundle_is_imported_from_the_home_list_after_its_passphrase(tmp_path, content, store,
                                                                                     assessment):
    from aims_tui.store.sealed_bundle import write_sealed
    from aims_tui.tui.dialogs.notice_dialog import Notice

    with Store.open(tmp_path / "site-a.db", actor="Second Assessor") as other:
        theirs = other.create_assessment("Borealis Bank", "Fraud scoring", matrix=content.scales.default_matrix())
        other.set_answer(theirs.id, "5.2-q1", status="partial", notes="carried on a USB stick")
        sealed = write_sealed(other.export_bundle(theirs.id), tmp_path / "carry.aimsbundle", "stick passphrase")
    before = _digest(sealed)
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await burst(pilot, str(sealed), "enter")
        await _settle(pilot)
        assert isinstance(app.screen, PassphraseDialog)
        await _type(pilot, "not it")
        assert _error(app) == "wrong passphrase or not an aims bundle" and _digest(sealed) == before
        await _type(pilot, "stick passphrase")
        assert isinstance(app.screen, Notice)
        assert f"merged assessment {theirs.id} (Borealis Bank)" in str(app.screen.query_one("#notice-text").render())
    assert store.answer(theirs.id, "5.2-q1").notes == "carried on a USB stick" and store.verify().ok


def test_without_the_library_a_new_file_is_created_plain_as_before_without_the_prompt(tmp_path, content,
                                                                                    monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    path = tmp_path / "new.db"
    app = make_app(path, content=content, offer_encryption=True)
    try:
        assert app.locked is None and app.store.created and not app.store.encrypted
    finally:
        app.store.close()
