"""Questionnaire walker: answering by key, notes that are never lost, navigation, modals."""

from __future__ import annotations

import pytest

from aims_tui.store import Store
from aims_tui.tui.app import make_app

HOSTILE = "[bold]not bold[/] [red]x[/red] \x1b[31mraw escape\x1b[0m ❤ \u202eRTL"


def walker(app):
    assert type(app.screen).__name__ == "WalkerScreen"
    return app.screen


async def test_answer_with_keys_only_is_in_the_database(store, content, assessment, db_path):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    first = content.questions[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p", "3", "e", *"Policy drafted", "escape")
        await pilot.pause()
        assert app.focused is None  # escape left the notes; keys answer again
        await pilot.press("m")
        await pilot.pause()
        assert "saved ✓" in str(walker(app).query_one("#q-saved").render())
    with Store.open(db_path) as other:  # a second connection sees the committed row
        answer = other.answer(assessment.id, first)
    assert (answer.status, answer.maturity, answer.notes) == ("met", 3, "Policy drafted")


async def test_notes_are_saved_while_typing_and_on_quit(store, content, assessment, db_path):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    first = content.questions[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x", "e", *"abc")
        await pilot.pause(0.5)  # past the debounce
        assert store.answer(assessment.id, first).notes == "abc"
        await pilot.press(*"def")  # quit inside the debounce window
        await pilot.press("ctrl+q")
    with Store.open(db_path) as other:
        assert other.answer(assessment.id, first).notes == "abcdef"


async def test_notes_on_an_unanswered_question_are_saved_with_the_status(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    first, second = content.questions[0].id, content.questions[1].id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e", *"draft", "escape", "j", "k")
        await pilot.pause()
        assert store.answer(assessment.id, first) is None
        assert walker(app).notes.text == "draft"
        # Committed already, as a note draft: a crash before the status loses nothing.
        assert Store.open(store.path).note_draft(assessment.id, first) == "draft"
        await pilot.press("a")
        await pilot.pause()
        assert walker(app).current == first
    answer = store.answer(assessment.id, first)
    assert (answer.status, answer.notes) == ("not-applicable", "draft")
    assert store.answer(assessment.id, second) is None
    assert store.note_drafts(assessment.id) == {}


async def test_next_and_previous_unanswered(store, content, assessment):
    ids = [q.id for q in content.questions]
    for qid in ids[:3] + ids[4:6]:
        store.set_answer(assessment.id, qid, status="met")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert walker(app).current == ids[3]
        await pilot.press("n")
        assert walker(app).current == ids[6]
        await pilot.press("b")
        assert walker(app).current == ids[3]
        await pilot.press("down", "j")
        assert walker(app).current == ids[5]
        await pilot.press("up")
        assert walker(app).current == ids[4]


async def test_interviewee_is_remembered_for_new_answers(store, content, assessment):
    ids = [q.id for q in content.questions]
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "i", *"Jane Doe", "enter", *"CISO", "enter")
        await pilot.pause()
        await pilot.press("j", "p")
        await pilot.pause()
    assert store.answer(assessment.id, ids[0]).interviewees == ["Jane Doe"]
    assert store.answer(assessment.id, ids[1]).interviewees == ["Jane Doe"]
    assert [(p.name, p.role) for p in store.interviewees(assessment.id)] == [("Jane Doe", "CISO")]
    # a new session starts from the last answer's interviewee
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g", *ids[5], "enter", "x")
        await pilot.pause()
    assert store.answer(assessment.id, ids[5]).interviewees == ["Jane Doe"]


async def test_hostile_notes_are_shown_literally_and_stored_verbatim(store, content, assessment):
    first, second = content.questions[0].id, content.questions[1].id
    store.set_answer(assessment.id, first, status="partial", notes=HOSTILE)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        assert screen.notes.text == HOSTILE
        lines = "\n".join(screen.notes.get_line(i).plain for i in range(screen.notes.document.line_count))
        assert "[bold]not bold[/]" in lines
        # typed markup goes in verbatim too
        await pilot.press("j", "m", "e", *"[bold]x[/]", "escape")
        await pilot.pause()
        await pilot.press("k", "h")  # history shows the text, not styled
        await pilot.pause()
        table = app.screen.query_one("#history")
        assert "[bold]not bold[/]" in str(table.get_row_at(0)[2])
    assert store.answer(assessment.id, first).notes == HOSTILE
    assert store.answer(assessment.id, second).notes == "[bold]x[/]"


async def test_filters_search_and_go_to(store, content, assessment):
    ids = [q.id for q in content.questions]
    store.set_answer(assessment.id, ids[2], status="not-met", notes="no register kept anywhere")
    store.set_answer(assessment.id, ids[3], status="met")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        await pilot.press("slash", *"register kept", "enter")
        await pilot.pause()
        assert screen.shown == [ids[2]] and screen.current == ids[2]
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("j", "j", "enter")  # gaps only
        await pilot.pause()
        assert screen.shown == [ids[2]]
        await pilot.press("g", *"A.6.2.4", "enter")
        await pilot.pause()
        assert content.question(screen.current).ref == "A.6.2.4"
        assert screen.filter_name == "all"


async def test_evidence_finding_and_action_from_the_walker(store, content, assessment, tmp_path):
    proof = tmp_path / "policy.pdf"
    proof.write_bytes(b"%PDF-1.4 fake")
    first = content.questions[0]
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "v", *"AI policy v2", "tab", *"SharePoint", "tab", "tab")
        await pilot.press(*str(proof), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("t", "tab", *"No owner named", "enter")
        await pilot.press("r", *"Name an AI policy owner", "tab", *"COO", "tab", *"2031-01-31", "enter")
        await pilot.pause()
        assert "Evidence 1 (1 seen" in str(walker(app).query_one("#q-answer").render())
    [evidence] = store.evidence(assessment.id)
    assert (evidence.title, evidence.state, evidence.question_id, evidence.size) == (
        "AI policy v2", "seen", first.id, proof.stat().st_size)
    [finding] = store.findings(assessment.id)
    # The form starts on the mildest type (observation); a major NC is a deliberate choice.
    assert (finding.type, finding.text, finding.question_id) == ("observation", "No owner named", first.id)
    [action] = store.actions(assessment.id)
    assert (action.title, action.owner, str(action.due), action.question_id) == (
        "Name an AI policy owner", "COO", "2031-01-31", first.id)


@pytest.mark.parametrize("key", ["ctrl+p"])
async def test_palette_runs_a_walker_command(store, content, assessment, key):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        await pilot.press(*"Next unanswered")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert walker(app).current == content.questions[1].id
