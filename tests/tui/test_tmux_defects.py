"""The defects the tmux hand-test pass found (docs/TMUX_PASS.md, issue 16), each reproduced with the
keys that showed it, fed as one burst where the burst is what failed."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from aims_tui.tui.app import make_app
from aims_tui.tui.screens.export import ExportScreen
from tests.tui.test_burst_typing import burst


@pytest.fixture
def app(store, content, assessment):
    return make_app(store=store, content=content, assessment_id=assessment.id)


# -- 1. Export screen: typing goes into the Output field ------------------------------------------

async def open_export(app, pilot) -> ExportScreen:
    await pilot.press("f7")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def test_export_typing_on_entry_goes_into_the_output_field_not_the_export_keys(app, tmp_path):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_export(app, pilot)
        screen.out_input.value = ""
        path = str(tmp_path / "sub" / "gaps-and-soa.docx")
        await burst(pilot, path)
        await app.workers.wait_for_complete()
        assert screen.out_input.value == path
        assert screen.results == [] and not screen.running  # no `s`, `a`, `g` fired an export
    assert not (tmp_path / "sub").exists()


async def test_export_enter_leaves_the_fields_for_the_buttons_and_focus_comes_back_after(app, tmp_path):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_export(app, pilot)
        screen.out_input.value = ""
        await burst(pilot, str(tmp_path), "enter", "enter")
        assert isinstance(app.focused, Button)  # Output, Template, then the buttons
        button = app.focused
        await burst(pilot, "enter")  # press it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [error for _, _, error in screen.results] == [None]
        assert app.focused is button  # the disabled button's focus is given back, not lost
        written = [p for p in tmp_path.iterdir() if p.suffix == ".docx"]
        assert len(written) == 1


async def test_export_letters_in_the_template_field_do_not_export(app, tmp_path):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_export(app, pilot)
        await burst(pilot, "tab")
        assert isinstance(app.focused, Input) and app.focused.id == "export-template"
        await burst(pilot, "styles.dotx")
        await app.workers.wait_for_complete()
        assert screen.template_input.value == "styles.dotx" and screen.results == []
