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


# -- 2 and 3. Risk form: enter on a list moves on; esc asks before throwing typing away -----------

async def open_risk_form(app, pilot):
    from aims_tui.tui.dialogs.risk_form import RiskForm

    await pilot.press("f4")
    await pilot.pause()
    await burst(pilot, "n")
    assert isinstance(app.screen, RiskForm)
    return app.screen


async def test_enter_on_a_closed_list_moves_to_the_next_field(app):
    from aims_tui.tui.widgets.choice import Choice

    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_risk_form(app, pilot)
        await burst(pilot, "Model drift", "enter", "text", "enter")
        assert app.focused.id == "risk-system"
        await burst(pilot, "enter")
        assert app.focused.id == "risk-likelihood" and not form.query_one("#risk-system", Choice).expanded
        await pilot.press("space", "down", "down", "enter")  # space opens, enter picks ...
        assert form.likelihood.value == 2 and app.focused is form.likelihood
        await burst(pilot, "enter")  # ... and enter on the closed list moves on
        assert app.focused is form.impact and not form.likelihood.expanded
        assert "space opens a list" in str(form.query_one("#risk-form-keys").render())


async def test_enter_on_a_list_moves_on_in_every_form_with_a_list(app, store, assessment):
    """The same in the SoA form (its one list: the implementation status)."""
    from aims_tui.tui.dialogs.soa_form import SoAForm

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await burst(pilot, "e")
        form = app.screen
        assert isinstance(form, SoAForm)
        form.set_focus(form.status)
        await pilot.pause()
        await burst(pilot, "enter")
        assert app.focused is not form.status and not form.status.expanded


async def test_esc_on_a_changed_form_asks_before_discarding(app, store, assessment):
    from aims_tui.tui.dialogs.confirm_dialog import Confirm
    from aims_tui.tui.dialogs.risk_form import RiskForm

    async with app.run_test(size=(100, 30)) as pilot:
        await open_risk_form(app, pilot)
        await burst(pilot, "Members get no explanation", "enter", "text", "escape")
        assert isinstance(app.screen, Confirm)
        assert "y discard" in str(app.screen.query_one("#confirm-keys").render())
        await burst(pilot, "n")
        assert isinstance(app.screen, RiskForm)
        assert app.screen.title_input.value == "Members get no explanation"
        await burst(pilot, "escape", "y")
        assert not isinstance(app.screen, (RiskForm, Confirm))
    assert store.risks(assessment.id) == []


async def test_esc_on_an_unchanged_form_closes_at_once(app):
    from aims_tui.tui.dialogs.risk_form import RiskForm

    async with app.run_test(size=(100, 30)) as pilot:
        await open_risk_form(app, pilot)
        await burst(pilot, "escape")
        assert not isinstance(app.screen, RiskForm)
        assert app.screen.__class__.__name__ == "RisksScreen"


# -- 7. t on an unanswered question ---------------------------------------------------------------

async def test_t_on_an_unanswered_question_raises_a_finding_on_it(app, store, assessment):
    """An auditor may record what was found before choosing a status: `n` `t` opens the finding
    form (it did nothing in the hand-test) and the finding is kept on that question."""
    from aims_tui.tui.dialogs.finding_form import FindingForm

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "n", "t")
        qid = app.screen_stack[-2].current
        assert qid not in app.screen_stack[-2].answers
        assert isinstance(app.screen, FindingForm)
        await burst(pilot, "No AI policy exists yet", "enter")
        assert not isinstance(app.screen, FindingForm)
    [finding] = store.findings(assessment.id)
    assert (finding.question_id, finding.text) == (qid, "No AI policy exists yet")


# -- 4. Columns fit: every header whole, the long title cut with an ellipsis -----------------------

LONG_TITLE = "Model drift and performance degradation over time in production"


def visible_headers_and_first_row(table) -> tuple[str, str]:
    return table.render_line(0).text, table.render_line(1).text


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("section", ["risks", "soa"])
async def test_every_column_shown_is_whole_and_the_title_ends_in_an_ellipsis(store, content, assessment,
                                                                               size, section):
    store.add_risk(assessment.id, title=LONG_TITLE, likelihood=4, impact=5, residual_likelihood=2,
                   residual_impact=3, controls=["A.7.4", "A.5.4", "A.6.2.4"], treatment="mitigate",
                   owner="Head of Risk")
    store.set_soa_override(assessment.id, "A.2.2", owner="Grace Whitfield")
    app = make_app(store=store, content=content)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, section)
        await pilot.pause()
        await pilot.pause()
        table = app.screen.table
        wanted = {"risks": ["Ref", "Title", "Score", "L", "I", "Residual", "Treatment"],
                  "soa": ["Control", "Title", "Appl.", "Reasons", "Status", "Risks", "Owner"]}[section]
        assert [str(c.label) for c in table.columns.values()][:2] == wanted[:2]
        end = 0
        for column in table.columns.values():
            end += column.get_render_width(table)
            assert end <= table.scrollable_content_region.width, f"{column.label} is cut"
        header, _ = visible_headers_and_first_row(table)
        assert all(f" {label} " in header for label in wanted), header
        if section == "risks":
            app.screen.table.move_cursor(row=0)
            row = table.render_line(1).text
            assert "…" in row and "mitigate" in row and "Model drift" in row
            if "owner" not in table.shown_keys:  # left out at this width: the detail line has it
                assert "Head of Risk" in str(app.screen.detail.render())
        else:
            owner = table.get_cell("A.2.2", "owner").plain
            assert owner.startswith("Grace Whi") and len(owner) <= table.columns["owner"].get_render_width(table) - 2
            assert "to be named" in header + "".join(table.render_line(y).text for y in range(2, 8))


# -- 6. Forms at 80×24: every field reachable and shown when it has the focus -----------------------

def inside(widget, screen_size) -> bool:
    """On the screen and within the visible part of the form's scrolling fields."""
    from textual.containers import VerticalScroll

    region = widget.region
    width, height = screen_size
    scroll = next((a for a in widget.ancestors if isinstance(a, VerticalScroll)), None)
    shown = scroll is None or (scroll.region.y <= region.y and region.bottom <= scroll.region.bottom)
    return shown and region.height > 0 and 0 <= region.y and region.bottom <= height and region.right <= width


@pytest.mark.parametrize("form_key", ["risk", "soa"])
async def test_forms_at_80x24_scroll_to_the_focused_field(app, form_key):
    from textual.widgets import Input

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4" if form_key == "risk" else "f5")
        await pilot.pause()
        await burst(pilot, "n" if form_key == "risk" else "e")
        form = app.screen
        assert form.is_modal
        seen = set()
        for _ in range(14):
            widget = app.focused
            if widget is None or widget.id in seen:
                break
            seen.add(widget.id)
            assert inside(widget, (80, 24)), f"{widget.id} is off screen at {widget.region}"
            await pilot.press("tab")
            await pilot.pause()
        assert len(seen) >= 6
        for field in form.query(Input):
            if field.placeholder:  # a placeholder is read whole: it says what to type
                assert field.region.width >= len(field.placeholder) + 1 or field.has_class("not-a-field"), \
                    f"{field.id}: placeholder {field.placeholder!r} cut at {field.region.width}"


async def test_the_risk_form_fits_80x24_without_scrolling(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await burst(pilot, "n")
        form = app.screen
        for field_id in ("risk-title", "risk-likelihood", "risk-treatment", "risk-due", "risk-residual-impact"):
            assert inside(form.query_one(f"#{field_id}"), (80, 24)), field_id
        assert inside(form.query_one("#save"), (80, 24))


# -- 5. The question's "Evidence to ask for" is in view without scrolling --------------------------

@pytest.mark.parametrize(("size", "share"), [((80, 24), 0.85), ((100, 30), 0.95)])
async def test_evidence_hints_are_in_view_for_most_questions(app, content, size, share):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        whole = 0
        for question in content.questions:
            screen.go_to(question.id)
            await pilot.pause()
            hints, scroll = screen.query_one("#q-evidence-hints"), screen.query_one("#q-scroll")
            assert hints.region.y + 2 <= scroll.region.bottom  # the heading and a first bullet, always
            whole += hints.region.bottom <= scroll.region.bottom
        assert whole >= share * len(content.questions), f"{whole} of {len(content.questions)}"
