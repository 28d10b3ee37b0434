"""Two windows on one file (docs/CONTRACT.md R12): a screen that read an answer before another
window or process changed it never silently writes over that change, and it shows changes made
elsewhere (issue 11, "Two TUIs on one file")."""

from __future__ import annotations

import pytest
from test_walker import walker

from aims_tui.store import Store
from aims_tui.tui.app import make_app
from aims_tui.tui.screens import walker as walker_module


@pytest.fixture(autouse=True)
def no_polling_during_a_test(monkeypatch):
    """The screen looks for changes made elsewhere every few seconds; under load that poll could land
    between the other window's write and this screen's key and take the staleness away. The tests
    below call the check themselves, or rely on the write being refused."""
    monkeypatch.setattr(walker_module, "EXTERNAL_CHECK_S", 3600)


async def test_a_stale_status_key_does_not_overwrite_the_newer_answer(store, content, assessment, db_path):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    first = content.questions[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with Store.open(db_path, actor="Other Window") as other:  # the other TUI answers it meanwhile
            other.set_answer(assessment.id, first, status="met", notes="seen the signed policy")
        await pilot.press("x")  # this screen still shows the question unanswered
        await pilot.pause()
        stored = store.answer(assessment.id, first)
        assert (stored.status, stored.notes) == ("met", "seen the signed policy")
        assert walker(app).answers[first].status == "met"  # the screen now shows what is stored
        assert any("since this screen read it (now met); not saved" in str(n.message) for n in app._notifications)


async def test_stale_notes_are_refused_not_written_over(store, content, assessment, db_path):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    first = content.questions[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with Store.open(db_path, actor="Other Window") as other:
            other.save_note_draft(assessment.id, first, "their note")
        await pilot.press("e", *"mine", "escape")
        await pilot.pause()
        assert store.note_draft(assessment.id, first) == "their note"
        assert any("changed by someone else" in str(n.message) for n in app._notifications)


async def test_changes_made_elsewhere_are_shown(store, content, assessment, db_path):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    second = content.questions[1].id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        assert screen.check_external_changes() is False  # nothing happened yet
        with Store.open(db_path, actor="aims answer") as other:  # e.g. the CLI
            other.set_answer(assessment.id, second, status="partial")
        assert screen.check_external_changes() is True
        await pilot.pause()
        assert screen.answers[second].status == "partial"
        await pilot.press("x")  # this screen's own write is not taken for someone else's
        await pilot.pause()
        assert screen.check_external_changes() is False
