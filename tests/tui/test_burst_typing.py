"""Keys typed in a burst land where the assessor meant them (issue 16).

A terminal delivers fast typing as one burst: every key is queued before the app handles the
first. These tests post all their keys to the app before yielding once, which is how it failed:
the keys after ``e`` reached the walker's bindings instead of the notes, the keys after ``esc``
landed in the notes, the keys after a dialog's key went behind the dialog.
"""

from __future__ import annotations

import unicodedata

import pytest
from textual import events

from aims_tui.tui.app import make_app

NOTE = "Policy approved by the board; next review in March"


def key_event(key: str) -> events.Key:
    """The event a terminal sends for ``key``: a key name ("escape", "enter") or one character."""
    if len(key) > 1:
        return events.Key(key, {"space": " ", "enter": "\r", "escape": "\x1b"}.get(key))
    if key.isalnum():
        return events.Key(key, key)
    name = unicodedata.name(key).lower().replace(" ", "_").replace("-", "_")
    return events.Key({"solidus": "slash"}.get(name, name), key)


KEY_NAMES = frozenset({"escape", "enter", "space", "tab", "up", "down", "home", "end", "ctrl+s", "f4"})
"""Arguments of :func:`burst` that are one key, not text typed character by character."""


async def burst(pilot, *keys: str) -> None:
    """Queue every key (a string of several characters is typed character by character unless it
    is a key name) before the app handles any, then wait until they have all been handled."""
    app = pilot.app
    for key in keys:
        for k in ([key] if key in KEY_NAMES or len(key) == 1 else list(key)):
            app.post_message(key_event(k))
    gate = getattr(app, "key_gate", None)
    for _ in range(200):
        await pilot.pause(0.05)
        if gate is None or not gate.busy:
            break
    await pilot.pause()


def typed(app) -> str:
    """What the focused text field holds."""
    widget = app.focused
    value = getattr(widget, "value", None)
    return value if isinstance(value, str) else getattr(widget, "text", "")


@pytest.fixture
def app(store, content, assessment):
    return make_app(store=store, content=content, assessment_id=assessment.id)


# -- the walker's notes ----------------------------------------------------------------------------

async def test_every_key_after_e_goes_into_the_notes_and_every_key_after_esc_to_the_walker(
        app, store, content, assessment):
    first, second = content.questions[0].id, content.questions[1].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", NOTE, "escape", "n")
        assert app.screen.current == second  # n: next unanswered, not an "n" in the note
        assert app.focused is None
    assert store.note_draft(assessment.id, first) == NOTE  # f did not open the filter, a and p set nothing
    assert store.answer(assessment.id, first) is None


async def test_e_p_a_x_typed_fast_is_a_note_not_three_statuses(app, store, content, assessment):
    first = content.questions[0].id
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", "p", "a", "x")
        assert app.screen.notes.text == "pax"
    assert store.answer(assessment.id, first) is None


async def test_status_and_maturity_typed_right_after_esc_answer_the_question(app, store, content, assessment):
    first = content.questions[0].id
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", "abc", "escape", "m", "3", "e", "d", "escape", "j")
        assert app.screen.current == content.questions[1].id
    answer = store.answer(assessment.id, first)
    assert (answer.status, answer.maturity, answer.notes) == ("met", 3, "abcd")


async def test_keys_typed_into_focused_notes_are_never_held(app, content):
    """Characters for the text field that has the focus go straight in: the gate neither holds
    them nor waits after them (it used to wait after each, and a 300-character burst took 5×
    longer than without the gate)."""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "e")
        gate = app.key_gate
        waits = []
        settle = gate._settle
        gate._settle = lambda: waits.append(1) or settle()
        await burst(pilot, NOTE)
        assert app.screen.notes.text == NOTE
        assert waits == []
        await burst(pilot, "escape", "n")  # a key that is not text still waits for its effect
        assert waits == [1, 1]


async def test_text_then_a_dialog_key_in_one_burst(app, store, content, assessment):
    """Held keys are let through together while they are text for the notes, and the first one
    that is not (escape) is waited for again before the dialog key after it."""
    first = content.questions[0].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", "abc", "escape", "v", "Board minutes", "escape", "y", "p")  # y: discard it
        assert not app.screen.is_modal
    assert store.answer(assessment.id, first).notes == "abc"  # p after the dialog: the walker's key


# -- dialogs opened by a key: what is typed while they open goes into them --------------------------

@pytest.mark.parametrize(("key", "text"), [
    ("v", "Board minutes 2026"),  # evidence title
    ("i", "Dana Ng"),  # interviewee
    ("r", "Write the AI policy"),  # action title
    ("t", "No review recorded"),  # finding text (on an answered question)
])
async def test_text_typed_while_a_walker_dialog_opens_goes_into_it(app, store, content, assessment, key, text):
    store.set_answer(assessment.id, content.questions[0].id, status="partial")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, key, text)
        assert app.screen is not None and app.screen.is_modal
        assert text in typed(app)


async def test_go_to_typed_in_one_burst_goes_to_the_question(app, content):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "g", "A.6.2.4", "enter", "m")
        walker = app.screen
        assert type(walker).__name__ == "WalkerScreen"
        assert walker.question.ref == "A.6.2.4"
        assert walker.answers[walker.current].status == "met"  # m after enter: the walker's key


async def test_search_typed_in_one_burst_filters(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "/", "impact", "enter")
        assert app.screen.filter_name == "search “impact”"


async def test_filter_picked_in_one_burst(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "f", "j", "enter", "e", "ok")  # the second option: unanswered; then a note
        assert app.screen.filter_name == "unanswered"
        assert app.screen.notes.text == "ok"


# -- other screens -------------------------------------------------------------------------------

async def test_scope_statement_and_system_form_take_a_burst(app, store, assessment):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await burst(pilot, "s", " Excludes HR", "escape", "a", "Chatbot")
        assert app.screen.is_modal
        assert typed(app) == "Chatbot"
    assert store.assessment(assessment.id).scope.endswith(" Excludes HR")


@pytest.mark.parametrize(("section", "key", "text"), [
    ("f4", "n", "Biased hiring model"),  # a new risk: its title
    ("f5", "x", " Not used here"),  # excluding a control: its justification, after the draft
])
async def test_section_forms_take_a_burst(app, section, key, text):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(section)
        await burst(pilot, key, text)
        assert app.screen.is_modal
        assert typed(app).endswith(text)


async def test_new_assessment_form_on_the_home_list_takes_a_burst(store, content, assessment):
    app = make_app(store=store, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "n", "Globex")
        assert app.screen.is_modal
        assert typed(app) == "Globex"


# -- what made dialogs slow to appear (P8) ----------------------------------------------------------

async def test_a_form_focuses_its_first_field_first(app, monkeypatch):
    """Textual's auto focus gave the form's scrolling field container the focus before the form put
    it on its first field: each move restyled every field (a third of the risk form's opening)."""
    from textual.screen import Screen

    focused = []
    set_focus = Screen.set_focus

    def record(screen, widget, *args, **kwargs):
        if screen.is_modal and widget is not None:
            focused.append(widget)
        return set_focus(screen, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", record)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await burst(pilot, "n")
        assert app.screen.is_modal
        assert focused and type(focused[0]).__name__ == "Input"


async def test_what_opening_an_assessment_built_is_kept_out_of_the_collectors_sight(app):
    """A full garbage collection over the content, the modules and the engagement took 0.1–0.5 s
    and fell inside most dialog openings; once frozen it walks only what is new."""
    import gc

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # given back when the app ends
