"""Pilot tests of the SoA screen: exclude a control with a reason, edit marks, reset to draft."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Button, Select

from aims_tui.domain.soa import draft_soa, soa_blockers
from aims_tui.tui.app import make_app
from aims_tui.tui.screens.soa import SoAScreen
from aims_tui.tui.widgets.soa_form import SoAForm


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
        assert form.status.value is Select.NULL or form.status.value == form.entry.draft["status"]
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
