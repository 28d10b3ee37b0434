"""A form row draws its own label (dialogs/form_base.LabelledRow): right-aligned before the field,
in the muted colour, and in the SoA form in the accent colour and bold for a field the assessor
edited."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Input, Label

from aims_tui.tui.app import make_app
from aims_tui.tui.dialogs.form_base import Field, LabelledRow
from tests.tui.test_soa import goto, open_soa


class _Form(App[None]):
    def compose(self) -> ComposeResult:
        yield Field("Owner", Input("Dana", id="owner"))
        with LabelledRow("A label longer than the room", label_width=10, id="long"):
            yield Input("x", id="other")


def _first_line(row: LabelledRow) -> tuple[str, list]:
    strip = row.render_lines(Region(0, 0, row.size.width, 1))[0]
    return strip.text, list(strip)


async def test_the_label_is_drawn_right_aligned_before_the_field_with_no_label_widget():
    app = _Form()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        row = app.query_one(Field)
        text, segments = _first_line(row)
        assert text.startswith(" " * 10 + "Owner ")  # right-aligned in 16 cells, one of them the gap
        assert app.query_one("#owner").region.x == row.region.x + 16  # the field starts after the label
        assert not app.query(Label)
        muted = next(s.style for s in segments if s.text == "Owner")
        field_colour = app.query_one("#owner").rich_style.color
        assert muted.color is not None and muted.color != field_colour
        long_text, _ = _first_line(app.query_one("#long", LabelledRow))
        assert long_text.startswith("A label l ")  # cut to the room, the gap kept


async def test_an_edited_soa_field_has_its_label_in_bold(db_path, store, assessment):
    store.set_soa_override(assessment.id, "A.2.2", owner="CISO")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_soa(app, pilot, assessment.id)
        await goto(screen, pilot, "A.2.2")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        owner, status = form.query_one("#soa-row-owner", LabelledRow), form.query_one("#soa-row-status", LabelledRow)
        owner_label = next(s.style for s in _first_line(owner)[1] if s.text == "Owner")
        status_label = next(s.style for s in _first_line(status)[1] if s.text == "Status")
        assert owner_label.bold and not status_label.bold
        assert owner_label.color != status_label.color
