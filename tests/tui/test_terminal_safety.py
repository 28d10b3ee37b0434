"""Stored text is shown literally in the TUI: nothing from the file reaches the terminal as a
control sequence (issue 11: a stored OSC retitled the terminal, stored colours applied)."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from aims_tui.domain.terminal_text import UNSAFE
from aims_tui.tui.app import make_app

HOSTILE = "x\x1b]0;pwned\x07\x1b[31mred\x9b2J\u202eevil"


def shown_text(app) -> list[str]:
    """Everything the screen in front draws from data: statics, table cells, text areas, titles."""
    screen = app.screen
    texts = [screen.title or "", screen.sub_title or "", app.sub_title or ""]
    texts += [str(widget.render()) for widget in screen.query(Static)]
    texts += [widget.text for widget in screen.query(TextArea)]
    for table in screen.query(DataTable):
        for row in range(table.row_count):
            texts += [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(row)]
    return texts


def assert_literal(app) -> None:
    texts = shown_text(app)
    assert any("pwned" in t for t in texts)  # the hostile text is on screen …
    assert not [t for t in texts if UNSAFE.search(t)]  # … as visible escapes


async def test_walker_home_and_scope_show_stored_control_sequences_literally(store, content):
    a = store.create_assessment(f"Evil{HOSTILE}", f"Scope{HOSTILE}", assessors=["T"],
                                matrix=content.scales.default_matrix())
    qid = content.questions[0].id
    store.set_interviewee(a.id, f"Dana{HOSTILE}", None)
    store.set_answer(a.id, qid, status="partial", notes=f"Note{HOSTILE}", interviewees=[f"Dana{HOSTILE}"])
    store.add_evidence(a.id, title=f"Ev{HOSTILE}", location=f"loc{HOSTILE}", state="seen", question_id=qid)
    store.add_finding(a.id, question_id=qid, type="observation", text=f"Finding{HOSTILE}")
    store.add_action(a.id, title=f"Act{HOSTILE}", owner=f"Own{HOSTILE}", question_id=qid)
    store.add_system(a.id, name=f"Sys{HOSTILE}", purpose=f"P{HOSTILE}", owner=f"O{HOSTILE}")
    app = make_app(store=store, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert_literal(app)  # the home list
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkerScreen"
        assert_literal(app)
        await pilot.press("f2")
        await pilot.pause()
        assert_literal(app)
        app.notify(f"Saved {HOSTILE}")
        await pilot.pause()
        assert not [t for t in (str(n.message) for n in app._notifications) if UNSAFE.search(t)]


async def test_no_screen_sends_stored_control_sequences_to_the_terminal(store, content):
    """The safety net (textual_private.show_control_characters) under every screen, those that do
    not apply visible() themselves included: what would be drawn holds no ESC, C1 or bidi control."""
    a = store.create_assessment(f"Evil{HOSTILE}", f"Scope{HOSTILE}", assessors=["T"],
                                matrix=content.scales.default_matrix())
    store.add_risk(a.id, title=f"Risk{HOSTILE}", likelihood=3, impact=3, owner=f"Own{HOSTILE}")
    store.add_system(a.id, name=f"Sys{HOSTILE}", purpose=f"P{HOSTILE}", owner=f"O{HOSTILE}")
    app = make_app(store=store, content=content, assessment_id=a.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in ("f2", "f3", "f4", "f5", "f6", "f7"):
            await pilot.press(key)
            await pilot.pause()
            drawn = app.export_screenshot()
            assert not UNSAFE.search(drawn), (key, type(app.screen).__name__)
