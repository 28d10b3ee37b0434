"""Pilot tests of the walker's dialogs: who answered, findings, dates and the keys every form shares
(enter moves on and saves on the last field, ctrl+s saves, the keys are shown, errors move the cursor)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from aims_tui.tui.app import make_app
from aims_tui.tui.dialogs.interviewee_form import IntervieweeForm


def shown(widget) -> str:
    return str(widget.render())


async def test_a_new_name_does_not_keep_the_previous_persons_role(store, content, assessment):
    first, second = content.questions[0].id, content.questions[1].id
    store.set_interviewee(assessment.id, "Jane Doe", "CISO")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "i", *"Jane Doe", "enter", "enter")
        await pilot.pause()
        await pilot.press("j", "i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, IntervieweeForm)
        assert form.names.value == "Jane Doe (CISO)"  # the person with their role
        await pilot.press(*"Raj Patel")  # replaces the selected text
        assert form.role.value == ""  # not Jane's CISO
        await pilot.press("enter", *"Head of ML", "enter")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
    assert store.answer(assessment.id, first).interviewees == ["Jane Doe"]
    assert store.answer(assessment.id, second).interviewees == ["Raj Patel"]
    assert {p.name: p.role for p in store.interviewees(assessment.id)} == {"Jane Doe": "CISO",
                                                                           "Raj Patel": "Head of ML"}


async def test_two_people_are_shown_with_their_roles_and_a_role_is_never_given_to_both(store, content, assessment):
    first = content.questions[0].id
    store.set_interviewee(assessment.id, "Dana Ng", "CISO")
    store.set_interviewee(assessment.id, "Raj Patel", "Head of ML")
    store.set_answer(assessment.id, first, status="met", interviewees=["Dana Ng", "Raj Patel"])
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert form.names.value == "Dana Ng (CISO), Raj Patel (Head of ML)"
        assert form.role.disabled  # nobody to give a typed role to
        await pilot.press("end", *", Li Wei", "enter", *"DPO", "enter")
        await pilot.pause()
    assert store.answer(assessment.id, first).interviewees == ["Dana Ng", "Raj Patel", "Li Wei"]
    assert {p.name: p.role for p in store.interviewees(assessment.id)} == {
        "Dana Ng": "CISO", "Raj Patel": "Head of ML", "Li Wei": "DPO"}


async def test_quick_pick_of_the_people_already_interviewed_filters_as_you_type(store, content, assessment):
    first = content.questions[0].id
    for name, role in [("Dana Ng", "CISO"), ("Raj Patel", "Head of ML"), ("Rachel Ross", "DPO")]:
        store.set_interviewee(assessment.id, name, role)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x", "i")
        await pilot.pause()
        form = app.screen
        assert form.people.option_count == 3
        await pilot.press(*"ra")
        assert [str(form.people.get_option_at_index(i).prompt) for i in range(form.people.option_count)] == [
            "Rachel Ross (DPO)", "Raj Patel (Head of ML)"]
        await pilot.press("down", "enter")  # Rachel
        assert form.names.value == "Rachel Ross (DPO), " and app.focused is form.names
        await pilot.press(*"Dan", "down", "enter", "enter")
        await pilot.pause()
    assert store.answer(assessment.id, first).interviewees == ["Rachel Ross", "Dana Ng"]
    assert {p.name: p.role for p in store.interviewees(assessment.id)}["Rachel Ross"] == "DPO"


async def test_an_empty_finding_is_refused_with_the_cursor_in_its_text(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x", "t", "enter")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "FindingForm"
        assert "The finding needs its text" in shown(form.query_one("#error", Static))
        assert app.focused.id == "text"
        await pilot.press("tab", "ctrl+s")  # from another field too
        assert app.screen is form and app.focused.id == "text"
        await pilot.press(*"No AI policy", "enter")
        await pilot.pause()
        assert app.screen is not form
    assert [f.text for f in store.findings(assessment.id)] == ["No AI policy"]


async def test_editing_a_finding_to_nothing_is_refused(store, content, assessment):
    first = content.questions[0].id
    store.add_finding(assessment.id, question_id=first, type="observation", text="No owner named")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        form = app.screen
        form.query_one("#text", Input).value = "  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused.id == "text"
        assert "The finding needs its text" in shown(form.query_one("#error", Static))
    assert store.findings(assessment.id)[0].text == "No owner named"


async def test_enter_moves_to_the_next_field_and_saves_on_the_last(store, content, assessment):
    first = content.questions[0].id
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"Name an owner", "enter")
        form = app.screen
        assert app.focused.id == "owner" and store.actions(assessment.id) == []
        assert "enter next field" in shown(form.query_one("#form-keys")) and "ctrl+s save" in shown(
            form.query_one("#form-keys"))
        await pilot.press(*"COO", "enter")
        assert app.focused.id == "due"
        await pilot.press(*"31/03/2027", "enter")  # the last one-line field: saves
        await pilot.pause()
        assert app.screen is not form
        [action] = store.actions(assessment.id)
        assert (action.title, action.owner, action.due, action.question_id) == (
            "Name an owner", "COO", date(2027, 3, 31), first)
        await pilot.press("r", *"Second", "ctrl+s")  # ctrl+s saves from any field
        await pilot.pause()
    assert [a.title for a in store.actions(assessment.id)] == ["Name an owner", "Second"]


async def test_a_bad_date_names_the_field_and_moves_the_cursor_there(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r", *"Name an owner", "tab", "tab", *"31/02/2027", "tab")
        assert app.focused.id == "priority"
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "ActionForm"
        assert shown(form.query_one("#error")).startswith("Due: '31/02/2027' is not a date on the calendar")
        assert app.focused.id == "due"
    assert store.actions(assessment.id) == []


async def test_confirm_shows_its_keys(store, content, assessment):
    first = content.questions[0].id
    store.add_action(assessment.id, title="Name an owner", question_id=first)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l", "d")
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        assert shown(app.screen.query_one("#confirm-keys")) == "y delete · n or esc no"
        await pilot.press("n")
        await pilot.pause()
    assert len(store.actions(assessment.id)) == 1


async def test_evidence_has_a_date_typed_the_locale_way_and_stored_as_iso(store, content, assessment, db_path):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "v", *"AI policy", "tab", "tab", "tab")
        assert app.focused.id == "date"
        await pilot.press(*"31/03/2027", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [evidence] = store.evidence(assessment.id)
    assert evidence.date == date(2027, 3, 31)
    row = store.conn.execute("SELECT date FROM evidence WHERE id = ?", (evidence.id,)).fetchone()
    assert row[0] == "2027-03-31"


async def test_a_file_is_attached_to_evidence_already_recorded_and_its_sha256_shown(store, content, assessment,
                                                                                     tmp_path):
    import hashlib

    proof = tmp_path / "policy.pdf"
    proof.write_bytes(b"%PDF-1.4 the signed policy")
    first = content.questions[0].id
    evidence = store.add_evidence(assessment.id, title="AI policy", state="seen", question_id=first)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        form = app.screen
        assert "No local file attached" in shown(form.query_one("#evidence-file"))
        form.query_one("#file", Input).value = str(tmp_path / "missing.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused.id == "file"
        assert "Local file: no such file" in shown(form.query_one("#error"))
        form.query_one("#file", Input).value = str(proof)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        digest = hashlib.sha256(proof.read_bytes()).hexdigest()
        [saved] = store.evidence(assessment.id)
        assert (saved.id, saved.sha256, saved.size, saved.title) == (
            evidence.id, digest, proof.stat().st_size, "AI policy")
        await pilot.press("l", "enter")  # shown when the evidence is opened again
        await pilot.pause()
        assert f"SHA-256: {digest}" in shown(app.screen.query_one("#evidence-file"))


async def test_every_eu_ai_act_tier_has_its_description_in_the_system_form(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "scope")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        tier = app.screen.query_one("#tier")
        labels = {value: str(prompt) for prompt, value in tier.options}
        assert labels["minimal"].startswith("minimal: Minimal (")
        assert all(": " in label for value, label in labels.items() if value)


async def test_picking_adds_to_the_people_already_listed(store, content, assessment):
    first = content.questions[0].id
    for name, role in [("Dana Ng", "CISO"), ("Raj Patel", "Head of ML"), ("Rachel Ross", "DPO")]:
        store.set_interviewee(assessment.id, name, role)
    store.set_answer(assessment.id, first, status="met", interviewees=["Dana Ng"])
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        offered = [str(form.people.get_option_at_index(i).prompt) for i in range(form.people.option_count)]
        assert offered == ["Rachel Ross (DPO)", "Raj Patel (Head of ML)"]  # not Dana: she is listed
        await pilot.press("down", "down", "enter", "enter")
        await pilot.pause()
    assert store.answer(assessment.id, first).interviewees == ["Dana Ng", "Raj Patel"]
