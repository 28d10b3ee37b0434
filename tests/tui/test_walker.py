"""Questionnaire walker: answering by key, notes that are never lost, navigation, modals."""

from __future__ import annotations

import pytest

from aims_tui.domain.terminal_text import visible
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
        walker(app).go_to(ids[0])  # it opened at the answer changed last (ids[5])
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


async def test_two_interviewees_with_their_own_roles(store, content, assessment):
    first = content.questions[0].id
    store.set_interviewee(assessment.id, "Raj Patel", "Head of ML")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p", "i", *"Dana Ng (CISO), Raj Patel", "enter", "enter")
        await pilot.pause()
    assert store.answer(assessment.id, first).interviewees == ["Dana Ng", "Raj Patel"]
    assert {p.name: p.role for p in store.interviewees(assessment.id)} == {"Dana Ng": "CISO", "Raj Patel": "Head of ML"}


async def test_hostile_notes_are_shown_literally_and_stored_verbatim(store, content, assessment):
    first, second = content.questions[0].id, content.questions[1].id
    store.set_answer(assessment.id, first, status="partial", notes=HOSTILE)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        assert screen.notes.text == visible(HOSTILE)  # ESC and the bidi control as visible escapes
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
        await pilot.press("m", "v", *"AI policy v2", "tab", *"SharePoint", "tab", "tab", "tab")  # past the date
        await pilot.press(*str(proof), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("t", *"No owner named", "enter")  # typing starts in the text
        await pilot.press("r", *"Name an AI policy owner", "tab", *"COO", "tab", *"2031-01-31", "enter")
        await pilot.pause()
        shown = str(walker(app).query_one("#q-answer").render())
        assert "Evidence 1 (1 seen, 0 claimed) · findings 1 · actions 1" in shown
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


def cursor_question(screen) -> str | None:
    node = screen.outline.cursor_node
    return node.data[1] if node is not None and node.data[0] == "question" else None


async def test_tree_cursor_follows_the_current_question(store, content, assessment):
    ids = [q.id for q in content.questions]
    store.set_answer(assessment.id, ids[0], status="met")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = walker(app)
        assert cursor_question(screen) == ids[0]
        for keys, expected in ((("g", *"5.2-q2", "enter"), "5.2-q2"),
                               (("g", *"A.6.2.4", "enter"), screen.content.questions_for("A.6.2.4")[0].id),
                               (("j",), None), (("k", "k"), None), (("n",), None), (("b",), None), (("down",), None)):
            await pilot.press(*keys)
            await pilot.pause()
            assert screen.current == (expected or screen.current)
            assert cursor_question(screen) == screen.current, keys
            node = screen.outline.cursor_node
            assert screen.outline.scroll_offset.y <= node.line < screen.outline.scroll_offset.y + \
                screen.outline.size.height  # in view
            assert app.focused is None  # single keys still answer
        await pilot.press("m")
        await pilot.pause()
        assert store.answer(assessment.id, screen.current).status == "met"


async def test_question_text_is_drawn_in_full_after_a_filter(store, content, assessment):
    ids = [q.id for q in content.questions]
    store.set_answer(assessment.id, ids[0], status="partial")
    store.set_answer(assessment.id, ids[5], status="not-met")
    for size in ((80, 24), (120, 40)):
        app = make_app(store=store, content=content, assessment_id=assessment.id)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("g", *"8.3-q3", "enter", "f")
            await pilot.pause()
            await pilot.press("j", "j", "enter")  # gaps only
            await pilot.pause()
            screen = walker(app)
            assert screen.current == ids[0]
            for selector in ("#q-text", "#q-guidance", "#q-evidence-hints"):
                static = screen.query_one(selector)
                # as tall as its text wrapped at its width: no line dropped
                assert static.size.height == static.get_content_height(static.size, screen.size,
                                                                       static.size.width), selector


async def test_not_applicable_on_a_clause_warns_but_is_recorded(store, content, assessment):
    annex = next(q for q in content.questions if q.ref.startswith("A."))
    first = content.questions[0]
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "cannot be excluded" in warnings[0].message
        assert "reason in the notes" in warnings[0].message
        app.clear_notifications()
        await pilot.press("g", *annex.id, "enter", "a")
        await pilot.pause()
        assert not [n for n in app._notifications if n.severity == "warning"]
    assert store.answer(assessment.id, first.id).status == "not-applicable"
    assert store.answer(assessment.id, annex.id).status == "not-applicable"


async def test_evidence_findings_and_actions_are_listed_edited_and_deleted(store, content, assessment):
    first = content.questions[0].id
    evidence = store.add_evidence(assessment.id, title="[bold]AI policy[/] v2", location="SharePoint",
                                  state="claimed", question_id=first)
    store.add_finding(assessment.id, question_id=first, type="observation", text="No owner named")
    action = store.add_action(assessment.id, title="Name an owner", owner="COO", question_id=first)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = str(walker(app).query_one("#q-answer").render())
        assert "[bold]AI policy[/] v2 (claimed) · SharePoint" in shown  # literal, not markup
        assert "No owner named" in shown and "Name an owner" in shown
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "ItemsDialog"
        await pilot.press("enter")  # edit the evidence
        await pilot.pause()
        await pilot.press("end", *" v3", "ctrl+s")
        await pilot.pause()
        assert store.evidence(assessment.id)[0].title == "[bold]AI policy[/] v2 v3"
        assert "AI policy[/] v2 v3" in str(walker(app).query_one("#q-answer").render())
        await pilot.press("l", "down", "down", "d")  # delete the action, after a confirmation
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
        assert [a.id for a in store.actions(assessment.id)] == []
        assert "Name an owner" not in str(walker(app).query_one("#q-answer").render())
        await pilot.press("l", "down", "enter")  # the finding
        await pilot.pause()
        await pilot.press("end", *" yet", "enter")  # the text field has the focus
        await pilot.pause()
        assert store.findings(assessment.id)[0].text == "No owner named yet"
    assert store.evidence(assessment.id)[0].id == evidence.id
    assert action.id not in [a.id for a in store.actions(assessment.id)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_footer_always_shows_help_and_the_sections(store, content, assessment, size):
    from aims_tui.tui.textual_private import FooterKey

    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=size) as pilot:
        for section in ("questionnaire", "scope"):
            app.open_section(section)
            await pilot.pause()
            await pilot.pause()
            keys = {k.key: k for k in app.screen.query(FooterKey)}
            for key in ("f1", "f2", "f3", "f4", "f5", "f6", "f7", "ctrl+q"):
                assert keys[key].region.right <= size[0] and keys[key].region.width > 0, (section, key)
        assert "up" not in keys and "down" not in keys


@pytest.mark.parametrize("key, section", [("f6", "DashboardScreen"), ("f7", "ExportScreen")])
async def test_section_keys_while_typing_notes_leave_the_notes_intact(store, content, assessment, key, section):
    from aims_tui.tui.textual_private import FooterKey

    first = content.questions[0].id
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p", "e", *"Policy in draft")
        await pilot.pause()
        assert {"f6", "f7"} <= {k.key for k in app.screen.query(FooterKey)}  # shown while typing too
        await pilot.press(key, "Z")  # textual's TextArea would select a line / all, and Z replace it
        await pilot.pause()
        assert type(app.screen).__name__ == section
    assert store.answer(assessment.id, first).notes == "Policy in draft"


async def test_f6_f7_in_a_dialog_text_area_do_not_select(content):
    from textual.app import App, ComposeResult

    from aims_tui.tui.widgets.text_area import NoteArea

    class OneArea(App[None]):
        def compose(self) -> ComposeResult:
            yield NoteArea("first line\nsecond line")

    app = OneArea()
    async with app.run_test() as pilot:
        area = app.query_one(NoteArea)
        area.focus()
        await pilot.press("f6", "f7", "Z")
        assert area.text == "Zfirst line\nsecond line"


async def test_maturity_before_a_status_says_why_and_saved_marks_stay_with_their_question(store, content,
                                                                                          assessment):
    first = content.questions[0].id
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    notices: list[str] = []
    app.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert any("Set a status first" in n for n in notices)
        assert store.answer(assessment.id, first) is None
        await pilot.press("e", *"draft", "escape")
        await pilot.pause(0.5)
        saved = walker(app).query_one("#q-saved")
        assert "draft ✓" in str(saved.render())
        await pilot.press("j")
        await pilot.pause()
        assert str(saved.render()).strip() == ""  # the next question has nothing saved yet


async def test_evidence_title_completes_from_the_questions_hints(store, content, assessment):
    first = content.questions[0]
    hint = first.evidence[0]
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "v")
        await pilot.pause()
        title = app.screen.query_one("#title")
        assert title.placeholder == f"e.g. {hint}" and title.value == ""
        await pilot.press(*hint[:4], "right")  # → accepts the suggestion
        await pilot.pause()
        assert title.value == hint
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert [e.title for e in store.evidence(assessment.id)] == [hint]


async def test_a_finding_on_a_requirement_not_met_starts_as_a_minor_nonconformity(store, content, assessment):
    first = content.questions[0]
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x", "t", *"No context analysis", "enter")
        await pilot.pause()
    [finding] = store.findings(assessment.id)
    assert (finding.type, finding.question_id) == ("minor-nc", first.id)


async def test_go_to_takes_ids_in_any_case(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g", *"a.7.4", "enter")
        await pilot.pause()
        assert walker(app).question.ref == "A.7.4"
        await pilot.press("g", *"6.1.2-Q1", "enter")
        await pilot.pause()
        assert walker(app).current == "6.1.2-q1"


async def test_clearing_an_answer_is_undone_by_ctrl_z(store, content, assessment):
    first = content.questions[0].id
    store.set_answer(assessment.id, first, status="partial", maturity=2, notes="Policy drafted",
                     interviewees=["Dana Ng"])
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert store.answer(assessment.id, first) is None
        assert store.answer_history(assessment.id, first)[0].op == "delete"  # newest first
        await pilot.press("ctrl+z")
        await pilot.pause()
    answer = store.answer(assessment.id, first)
    assert (answer.status, answer.maturity, answer.notes, answer.interviewees) == (
        "partial", 2, "Policy drafted", ["Dana Ng"])
    assert store.note_drafts(assessment.id) == {}


async def test_a_cleared_answer_is_restored_from_its_history(store, content, assessment):
    first = content.questions[0].id
    store.set_answer(assessment.id, first, status="not-met", maturity=1, notes="Nothing written")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "j", "k")  # cleared, moved away and back: ctrl+z is not the only way
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryView"
        assert "answer cleared" in app.screen.query_one("#history").get_row_at(0)[2].plain
        await pilot.press("r")  # the newest change, the clearing: restore the answer before it
        await pilot.pause()
        assert walker(app).answers[first].status == "not-met"
    answer = store.answer(assessment.id, first)
    assert (answer.status, answer.maturity, answer.notes) == ("not-met", 1, "Nothing written")


async def test_history_and_finding_on_an_unanswered_question_are_not_silent(store, content, assessment):
    first = content.questions[0].id
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryView"
        assert "No changes yet" in str(app.screen.query(".dialog-hint").first().render())
        await pilot.press("escape", "t")  # an auditor may raise a finding before any status
        await pilot.pause()
        assert type(app.screen).__name__ == "FindingForm"
        await pilot.press(*"Nobody could say", "ctrl+s")
        await pilot.pause()
    assert [f.text for f in store.engagement(assessment.id).findings if f.question_id == first] == [
        "Nobody could say"]


async def test_reopening_an_assessment_returns_to_the_question_last_worked_on(store, content, assessment):
    ids = [q.id for q in content.questions]
    store.set_answer(assessment.id, ids[9], status="met")
    store.set_answer(assessment.id, ids[2], status="partial", interviewees=["Dana Ng"])  # the latest
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert walker(app).current == ids[2]
        assert app.session.interviewees == ["Dana Ng"]


async def test_the_header_says_which_assessment_is_open_and_what_it_follows_up(store, content, assessment):
    follow_up = store.duplicate_as_follow_up(assessment.id)
    app = make_app(store=store, content=content, assessment_id=follow_up.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert walker(app).sub_title == (f"Acme Analytics Ltd · follow-up of the {assessment.date} gap "
                                         f"({assessment.id}) · Questionnaire")


async def test_evidence_hints_are_in_view_at_100x30_without_scrolling(store, content, assessment):
    for q in content.questions:  # an answered question with two evidence lines under it
        store.set_answer(assessment.id, q.id, status="partial", interviewees=["Dana Ng"])
    for q in content.questions:
        for title in ("Board minutes", "Policy v2"):
            store.add_evidence(assessment.id, title=title, location="", state="seen", question_id=q.id)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = walker(app)
        hidden = []
        for q in content.questions:
            screen.go_to(q.id)
            await pilot.pause()
            view = screen.query_one("#q-scroll").scrollable_content_region.height
            if screen.query_one("#q-evidence-hints").virtual_region.bottom > view:
                hidden.append(q.id)
    assert len(hidden) <= len(content.questions) // 10, hidden


async def test_ctrl_e_writes_the_note_in_the_editor_and_reads_it_back(store, content, assessment, tmp_path,
                                                                      monkeypatch):
    import contextlib
    import sys

    first = content.questions[0].id
    store.set_answer(assessment.id, first, status="partial", notes="Seen the policy.")
    editor = tmp_path / "editor.py"  # appends a paragraph, as a person would, and saves
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('\\n\\nApproved in March.\\n')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    monkeypatch.setattr(type(app), "suspend", lambda self: contextlib.nullcontext())  # headless: no tty
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e", "ctrl+e")  # from inside the notes too
        await pilot.pause()
        assert walker(app).notes.text == "Seen the policy.\n\nApproved in March."
    assert store.answer(assessment.id, first).notes == "Seen the policy.\n\nApproved in March."


async def test_a_linked_question_offers_the_answer_already_given(store, content, assessment, db_path):
    """Questions the content links as asking the same thing (same_as) are never asked twice: the
    twin's answer is shown on the unanswered one and `=` takes it (issue 12)."""
    linked = next(q for q in content.questions if q.same_as)
    store.set_answer(assessment.id, linked.same_as, status="partial", maturity=2, notes="Draft policy, unsigned")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g", *linked.id, "enter")
        await pilot.pause()
        screen = walker(app)
        assert screen.current == linked.id
        assert f"Asked already as {linked.same_as}" in str(screen.query_one("#q-answer").render())
        await pilot.press("=")
        await pilot.pause()
    taken = store.answer(assessment.id, linked.id)
    assert (taken.status, taken.maturity) == ("partial", 2)
    assert taken.notes == f"As answered for {linked.same_as}.\nDraft policy, unsigned"
