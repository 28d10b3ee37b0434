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
