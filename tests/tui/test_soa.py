"""Pilot tests of the SoA screen: exclude a control with a reason, edit marks, reset to draft."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Button, Static

from aims_tui.domain.soa import draft_soa, soa_blockers
from aims_tui.tui.app import make_app
from aims_tui.tui.screens.soa import SoAScreen
from aims_tui.tui.dialogs.soa_form import SoAForm
from aims_tui.tui.widgets.choice import Choice


async def open_soa(app, pilot, assessment_id: str) -> SoAScreen:
    app.open_assessment(assessment_id, "soa")
    await pilot.pause()
    assert isinstance(app.screen, SoAScreen)
    return app.screen


def cell(screen: SoAScreen, control_id: str, column: str) -> str:
    value = screen.table.get_cell(control_id, column)
    return value.plain if isinstance(value, Text) else str(value)


async def goto(screen: SoAScreen, pilot, control_id: str) -> None:
    screen.table.move_cursor(row=screen.table.get_row_index(control_id))
    await pilot.pause()
    assert screen.selected.control_id == control_id


async def test_lists_38_controls_grouped_by_objective(db_path, store, assessment, content):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        entries = [e for e in screen._rows if e is not None]
        assert len(entries) == 38
        groups = [r for r in screen._rows if r is None]
        assert len(groups) == len(content.structure.group_ids)
        assert screen.selected is not None  # the cursor starts on a control, not a heading
        expected = soa_blockers(content, store.engagement(assessment.id))
        assert screen.blockers == expected


async def test_exclude_a_control_with_a_reason(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.10.4")
        await pilot.press("x")
        form = app.screen
        assert isinstance(form, SoAForm)
        assert form.applicable.value is False

        await pilot.press("ctrl+s")  # no reason yet: refused
        await pilot.pause()
        assert app.screen is form
        assert "needs your reason" in str(form.error.render())

        assert form.justification.text == ""  # the draft's inclusion text is no reason to exclude
        assert app.focused is form.justification
        form.justification.text = "No customers: the organisation sells no AI products [or services]."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        override = store.soa_overrides(assessment.id)["A.10.4"]
        assert override.applicable is False
        assert override.justification == "No customers: the organisation sells no AI products [or services]."
        assert override.status is None and override.reasons is None  # untouched fields stay with the draft
        assert cell(screen, "A.10.4", "applicable") == "no*"
        assert cell(screen, "A.10.4", "justification").endswith("*")
        assert not any("A.10.4" in b for b in screen.blockers)


async def test_edit_status_and_owner_then_reset_one_field(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.2.2")
        await pilot.press("e")
        form = app.screen
        form.status.value = "planned"
        form.owner.value = "CISO"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        override = store.soa_overrides(assessment.id)["A.2.2"]
        assert (override.status, override.owner, override.applicable, override.justification) == (
            "planned", "CISO", None, None)
        assert cell(screen, "A.2.2", "status") == "planned*"

        await pilot.press("e")
        form = app.screen
        form.query_one("#soa-reset-status", Button).press()
        await pilot.pause()
        assert form.status.value is Choice.BLANK or form.status.value == form.entry.draft["status"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        override = store.soa_overrides(assessment.id)["A.2.2"]
        assert override.status is None and override.owner == "CISO"
        assert not cell(screen, "A.2.2", "status").endswith("*")


async def test_reset_whole_entry_to_draft(db_path, store, assessment, content):
    store.set_soa_override(assessment.id, "A.3.2", applicable=False, justification="Outsourced", owner="COO")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.3.2")
        assert cell(screen, "A.3.2", "applicable") == "no*"
        await pilot.press("r", "y")
        await pilot.pause()
        override = store.soa_overrides(assessment.id)["A.3.2"]
        assert all(getattr(override, f) is None for f in
                   ("applicable", "reasons", "justification", "status", "owner", "evidence"))
        draft = next(e for e in draft_soa(content, store.engagement(assessment.id)) if e.control_id == "A.3.2")
        assert draft.edited == []
        assert cell(screen, "A.3.2", "applicable") == "yes"


async def test_user_text_is_shown_literally(db_path, store, assessment):
    store.set_soa_override(assessment.id, "A.2.3", justification="[bold]kept[/] as typed", owner="[i]x[/i]")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.2.3")
        assert cell(screen, "A.2.3", "owner") == "[i]x[/i]*"
        assert "[bold]kept[/] as typed" in str(screen.detail.render())


@pytest.mark.parametrize("width,lines", [(80, 2), (120, 1)])
async def test_legend_explains_the_reason_abbreviations_within_the_width(db_path, assessment, width, lines):
    app = make_app(db_path)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        legend = screen.query_one("#soa-legend", Static)
        text = legend.render().plain if isinstance(legend.render(), Text) else str(legend.render())
        for words in ("RA risk assessment", "LC legal/contractual", "BR business requirement", "BP best practice",
                      "* your edit", "! blocked"):
            assert words in text
        assert len(text.splitlines()) == lines
        assert all(len(line) <= width - 2 for line in text.splitlines())
        assert legend.size.height == lines  # drawn in full, not cut to the heading's one line


async def test_excluding_starts_empty_shows_the_draft_and_warns_when_the_interview_found_it(
        db_path, store, assessment, content):
    """The QA case: typing a reason in front of the draft put "Excluded: … .Applicable as best
    practice: …" into the client's SoA."""
    (question,) = content.questions_for("A.10.4")
    store.set_answer(assessment.id, question.id, status="partial")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.10.4")
        draft = screen.selected.justification
        assert draft.startswith(content.soa_rationale("A.10.4"))
        await pilot.press("x")
        form = app.screen
        assert form.justification.text == "" and app.focused is form.justification
        context = str(form.exclusion_context.render())
        assert "partially met: excluding it needs a strong reason" in context
        assert f"Draft said: {content.soa_rationale('A.10.4')[:40]}" in context
        assert form.exclusion_context.region.height > 0  # visible, not just composed

        await pilot.press("ctrl+s")
        assert app.screen is form and "needs your reason" in str(form.error.render())
        await pilot.press(*"Excluded: we sell no AI products.", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        override = store.soa_overrides(assessment.id)["A.10.4"]
        assert override.justification == "Excluded: we sell no AI products."
        assert not any("A.10.4" in b for b in screen.blockers)


async def test_switching_applicability_off_clears_the_drafted_text_and_refuses_it(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.2.2")
        draft = screen.selected.justification
        await pilot.press("e")
        form = app.screen
        assert app.focused is form.applicable and form.justification.text == draft
        await pilot.press("space")  # applicable off
        assert form.applicable.value is False and form.justification.text == ""
        assert form.exclusion_context.display
        form.justification.text = "Not ours. " + draft  # the draft's text kept behind a reason
        await pilot.press("ctrl+s")
        assert app.screen is form and "still holds the draft's text" in str(form.error.render())
        form.justification.text = ""  # changed their mind: include it again
        form.applicable.value = True
        await pilot.pause()
        assert form.justification.text == draft and not form.exclusion_context.display
        await pilot.press("escape")
        assert app.screen is screen
        assert "A.2.2" not in store.soa_overrides(assessment.id)


async def test_tab_order_keys_and_field_reset(db_path, store, assessment):
    store.set_soa_override(assessment.id, "A.2.2", status="planned", owner="CISO")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.2.2")
        reasons_before = list(screen.selected.reasons)
        await pilot.press("e")
        form = app.screen
        hint = str(form.query_one("#soa-form-keys Static").render())
        assert "ctrl+s save" in hint and "ctrl+r" in hint and "esc cancel" in hint and "enter next" in hint
        assert form.query_one("#soa-form").region.contains_region(form.query_one("#soa-form-keys").region)
        order = [app.focused.id]
        for _ in range(8):
            await pilot.press("tab")
            order.append(app.focused.id)
        # No ↺ button on the way: they are for the mouse, ctrl+r resets the field with the cursor.
        assert order == ["soa-applicable", "soa-justification", "soa-status", "soa-owner", "soa-evidence",
                         "soa-reasons", "soa-form-reset-entry", "save", "cancel"]
        assert form.query_one("#soa-form").region.contains_region(form.query_one("#save").region)

        # A sentence typed after Applicable lands in the justification, not in the reasons.
        form.applicable.focus()
        await pilot.press("tab", *" Board minute 12.")  # the cursor waits at the end of the text
        assert form.justification.text.endswith("Board minute 12.")
        assert sorted(form.reasons.selected) == sorted(reasons_before)

        await pilot.press("tab")
        assert app.focused is form.status
        await pilot.press("ctrl+r")
        assert form.status.value == form.entry.draft["status"] or form.status.value is Choice.BLANK
        await pilot.press("tab")  # owner
        await pilot.press("ctrl+r")
        assert form.owner.value == form.entry.draft["owner"]
        await pilot.press("enter")  # enter in a one-line field moves to the next one
        assert app.focused is form.evidence
        await pilot.press("enter")  # and in the last one-line field saves
        await pilot.pause()
        assert app.screen is screen
        override = store.soa_overrides(assessment.id)["A.2.2"]
        assert override.status is None and override.owner is None
        assert override.justification.endswith("Board minute 12.")


async def test_no_warning_when_the_interview_found_the_control_missing(db_path, store, assessment, content):
    for question in content.questions_for("A.10.4"):
        store.set_answer(assessment.id, question.id, status="not-met")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.10.4")
        await pilot.press("x")
        context = str(app.screen.exclusion_context.render())
        assert "Draft said:" in context and "strong reason" not in context


async def test_re_including_an_excluded_control_restores_the_draft_justification(db_path, store, assessment):
    store.set_soa_override(assessment.id, "A.10.4", applicable=False,
                           justification="No customers: we sell no AI products.")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.10.4")
        assert screen.selected.justification == "No customers: we sell no AI products."
        await pilot.press("x")  # include it again
        await pilot.pause()
        entry = screen.selected
        assert entry.applicable is True
        assert entry.justification == entry.draft["justification"]
        assert "sell no AI products" not in entry.justification
        assert "justification" not in entry.edited
        assert cell(screen, "A.10.4", "applicable") == "yes"


async def test_switching_an_exclusion_back_on_in_the_form_puts_the_draft_back(db_path, store, assessment):
    store.set_soa_override(assessment.id, "A.10.4", applicable=False,
                           justification="No customers: we sell no AI products.")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.10.4")
        draft = screen.selected.draft["justification"]
        await pilot.press("e")
        form = app.screen
        assert form.justification.text == "No customers: we sell no AI products."
        form.applicable.value = True
        await pilot.pause()
        assert form.justification.text == draft
        form.applicable.value = False  # and off again: the reason comes back
        await pilot.pause()
        assert form.justification.text == "No customers: we sell no AI products."


async def test_j_and_k_move_through_the_controls(db_path, store, assessment):
    """The SoA table is the one table widget that owns j/k (no screen binds them any more)."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        start = screen.table.cursor_row
        await pilot.press("j", "j")
        assert screen.table.cursor_row == start + 2
        await pilot.press("k")
        assert screen.table.cursor_row == start + 1


async def test_coverage_is_the_assessors_note_and_a_missing_owner_is_shown(db_path, store, assessment, content):
    """Issue 13: interview coverage beside the justification, not in it; no owner reads 'to be named'."""
    first, second = content.questions_for("A.8.4")
    store.set_answer(assessment.id, first.id, status="met")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.8.4")
        assert first.id not in screen.selected.justification
        assert f"Interviews: Met {first.id}; not yet asked {second.id}." in str(screen.detail.render())
        assert cell(screen, "A.8.4", "owner") == "to be named"
        assert any("A.8.4 has no owner" in b for b in screen.blockers)
