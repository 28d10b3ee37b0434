"""aims --read-only: the TUI opens a client's file, walks it, tries to change it, and the file's
bytes (and -wal/-shm) are unchanged afterwards; the refusal is shown, not a traceback (issue 14)."""

from __future__ import annotations

import hashlib

from aims_tui.store import Store, open_read_only
from aims_tui.tui.app import make_app


def _files(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


async def test_tui_on_a_read_only_store_writes_nothing(db_path, content):
    with Store.open(db_path) as store:
        store.create_assessment("Client Ltd", "AI systems", matrix=content.scales.default_matrix())
    before = _files(db_path.parent)
    store = open_read_only(db_path)
    app = make_app(db_path, store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # open the assessment: the walker
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"
        await pilot.press("m")  # try to answer "met"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.store.read_only
        shown = [n.message for n in app._notifications]
        assert any("opened read-only" in m for m in shown), shown
    store.close()
    assert _files(db_path.parent) == before


async def test_read_only_header_and_writing_keys_say_one_line(db_path, content):
    from aims_tui.tui.read_only import REFUSED

    with Store.open(db_path) as store:
        aid = store.create_assessment("Client Ltd", "AI systems", matrix=content.scales.default_matrix()).id
    store = open_read_only(db_path)
    app = make_app(db_path, store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "read-only" in app.title  # the header, on the home list already
        await pilot.press("n")  # a new assessment: refused at once, no form opens
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("enter")
        await pilot.pause()
        for key in ("m", "t", "r", "v"):  # status, finding, action, evidence: no dialog, one line
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "WalkerScreen", key
        assert [n.message for n in app._notifications].count(REFUSED) == 5
        assert "read-only" in app.title
        app.open_section("risks")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "RisksScreen"
    store.close()
    with Store.open(db_path) as store:
        assert store.answers(aid) == {} and store.risks(aid) == []


async def test_enter_on_a_table_row_opens_no_form_in_a_read_only_session(db_path, content):
    """Enter on a row edits it directly (not through a refused key): the form closes at once with the
    same one line, and nothing is written."""
    from aims_tui.tui.read_only import REFUSED

    with Store.open(db_path) as store:
        aid = store.create_assessment("Client Ltd", "AI systems", matrix=content.scales.default_matrix()).id
        store.add_risk(aid, title="Biased scoring", likelihood=3, impact=4)
    before = _files(db_path.parent)
    store = open_read_only(db_path)
    app = make_app(db_path, store=store, content=content, assessment_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for section in ("risks", "soa"):
            app.open_section(section)
            await pilot.pause()
            await pilot.press("enter", *"typed into no form", "ctrl+s")
            await pilot.pause()
            assert type(app.screen).__name__ in ("RisksScreen", "SoAScreen"), section
        assert [n.message for n in app._notifications].count(REFUSED) >= 2
    store.close()
    assert _files(db_path.parent) == before


def test_the_read_only_state_is_asked_of_the_app_and_the_session(db_path, content):
    """One answer, whether the file is open, read-only, or still waiting for its passphrase."""
    from aims_tui.tui.app import AimsApp
    from aims_tui.tui.context import Session
    from aims_tui.tui.locked_file import LockedFile

    with Store.open(db_path) as store:
        aid = store.create_assessment("Client Ltd", "AI systems", matrix=content.scales.default_matrix()).id
        assert not AimsApp(store, content).read_only and not Session(store, content, aid).read_only
    with open_read_only(db_path) as store:
        assert AimsApp(store, content).read_only and Session(store, content, aid).read_only
    waiting = AimsApp(LockedFile(db_path, read_only=True), content)
    assert waiting.store is None and waiting.read_only and "read-only" in waiting.title
    assert not AimsApp(LockedFile(db_path), content).read_only


def test_every_writing_action_named_exists():
    import importlib

    from aims_tui.tui.app import SECTIONS
    from aims_tui.tui.read_only import WRITING_ACTIONS

    classes = {cls: importlib.import_module(mod) for mod, cls in SECTIONS.values()}
    classes["HomeScreen"] = importlib.import_module("aims_tui.tui.screens.home")
    for name, actions in WRITING_ACTIONS.items():
        screen = getattr(classes[name], name)
        missing = [a for a in actions if not hasattr(screen, f"action_{a}")]
        assert not missing, (name, missing)
