"""Pilot tests of the Risks screen: add (free text and from the catalogue), the appetite rule,
edit, delete, and user text shown literally."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from aims_tui.domain.risk import rescale, suggest_risks
from aims_tui.tui.app import make_app
from aims_tui.tui.screens.risks import RisksScreen
from aims_tui.tui.widgets.heatmap import HeatMap
from aims_tui.tui.dialogs.risk_catalogue_dialog import CatalogueDialog
from aims_tui.tui.dialogs.risk_form import RiskForm
from aims_tui.tui.widgets.choice import Choice


async def open_risks(app, pilot, assessment_id: str) -> RisksScreen:
    app.open_assessment(assessment_id, "risks")
    await pilot.pause()
    assert isinstance(app.screen, RisksScreen)
    return app.screen


def cell(table: DataTable, row_key: str, column: str) -> str:
    value = table.get_cell(row_key, column)
    return value.plain if isinstance(value, Text) else str(value)


async def test_add_free_text_risk_and_see_its_band(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, RiskForm)
        await pilot.press(*"Data leak through prompts")
        form.likelihood.value = 3
        form.impact.value = 4
        await pilot.pause()
        assert "12" in str(form.query_one("#risk-score", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        [risk] = store.risks(assessment.id)
        assert (risk.title, risk.likelihood, risk.impact, risk.ref) == ("Data leak through prompts", 3, 4, "R-001")
        assert cell(screen.table, risk.id, "band").strip() == "High"
        assert cell(screen.table, risk.id, "score") == "12"
        assert screen.heatmap.count(3, 4) == 1


async def test_add_from_the_catalogue_prefills_the_form(db_path, store, assessment, content):
    system = store.add_system(assessment.id, name="Loan scorer", tier="high")
    first = suggest_risks(store.engagement(assessment.id), content)[0]
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:  # System and Owner fit from 160 columns
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("c")
        assert isinstance(app.screen, CatalogueDialog)
        await pilot.press("enter")  # the best suggestion is highlighted
        form = app.screen
        assert isinstance(form, RiskForm)
        assert form.title_input.value == first.title
        assert sorted(form.controls.selected) == sorted(first.controls)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [risk] = store.risks(assessment.id)
        assert risk.catalogue_id == first.catalogue_id
        assert risk.system_id == system.id
        assert risk.controls == first.controls
        assert risk.likelihood == first.likelihood
        assert screen.selected.impact == first.impact  # the tier floor still applies when scored
        assert cell(screen.table, risk.id, "system") == "Loan scorer"


async def test_catalogue_risk_raised_by_the_tier_floor_is_marked(db_path, store, assessment, content):
    """The register keeps the catalogue's own impact, so the I↑ marker follows impact_raised."""
    store.add_system(assessment.id, name="Loan scorer", tier="high")
    matrix = store.engagement(assessment.id).settings.matrix
    raised = next(s for s in suggest_risks(store.engagement(assessment.id), content)
                  if rescale(content.catalogue_risk(s.catalogue_id).impact, matrix) < s.impact)
    base = rescale(content.catalogue_risk(raised.catalogue_id).impact, matrix)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("c", *raised.catalogue_id, "enter")
        form = app.screen
        assert isinstance(form, RiskForm)
        assert form.impact.value == base
        score_line = str(form.query_one("#risk-score", Static).render())
        assert f"Impact {raised.impact}, raised from {base}: high-risk under the EU AI Act" in score_line
        assert "impact raised to" not in score_line  # the form's own old wording is gone
        await pilot.press("ctrl+s")
        await pilot.pause()
        [risk] = store.risks(assessment.id)
        assert risk.impact == base
        [assessed] = screen.assessed
        assert assessed.impact_raised and assessed.impact == raised.impact
        assert assessed.adjustment[1:] in score_line  # one wording: the form shows the domain's sentence
        assert cell(screen.table, risk.id, "impact") == f"{raised.impact}↑"
        assert all(cell(screen.table, a.risk.id, "impact").endswith("↑") == a.impact_raised for a in screen.assessed)


async def test_catalogue_filter_narrows_the_list(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_risks(app, pilot, assessment.id)
        await pilot.press("c")
        dialog = app.screen
        before = dialog.options.option_count
        await pilot.press(*"poison")
        assert 0 < dialog.options.option_count < before
        await pilot.press("down", *"bias")  # typing in the list filters it too, afresh
        assert app.focused is dialog.filter_input and dialog.filter_input.value == "bias"
        assert 0 < dialog.options.option_count < before
        await pilot.press("escape")
        assert isinstance(app.screen, RisksScreen)
        assert store.risks(assessment.id) == []


async def test_appetite_rule_blocks_an_unjustified_acceptance(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("n")
        form = app.screen
        await pilot.press(*"Unreviewed model release")
        form.likelihood.value = 4
        form.impact.value = 5
        form.treatment.value = "accept"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the form must refuse to save"
        error = str(form.error.render())
        assert error.startswith("This risk scores 20"), error  # a sentence, not "new risk scores 20"
        assert "at or above the risk appetite of 10" in error
        assert "accepted without a documented reason" in error
        assert store.risks(assessment.id) == []

        form.query_one("#risk-acceptance-reason", Input).value = "Board accepted it on 2026-01-10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        [risk] = store.risks(assessment.id)
        assert risk.treatment == "accept"
        assert risk.acceptance_reason == "Board accepted it on 2026-01-10"


async def test_edit_changes_score_residual_and_controls(db_path, store, assessment):
    risk = store.add_risk(assessment.id, title="Model drift", likelihood=2, impact=2)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        assert cell(screen.table, risk.id, "band").strip() == "Low"
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, RiskForm)
        form.likelihood.value = 5
        form.impact.value = 4
        form.query_one("#risk-residual-likelihood", Choice).value = 2
        form.query_one("#risk-residual-impact", Choice).value = 2
        form.controls.select("A.6.2.6")
        form.query_one("#risk-owner", Input).value = "Head of Data Science"
        form.query_one("#risk-due", Input).value = "2026-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        saved = store.risk(risk.id)
        assert (saved.likelihood, saved.impact, saved.residual_likelihood, saved.residual_impact) == (5, 4, 2, 2)
        assert saved.controls == ["A.6.2.6"]
        assert saved.owner == "Head of Data Science"
        assert saved.due.isoformat() == "2026-03-31"
        assert cell(screen.table, risk.id, "band").strip() == "Critical"
        assert cell(screen.table, risk.id, "residual").split()[0] == "4"


async def test_bad_due_date_is_refused(db_path, store, assessment):
    risk = store.add_risk(assessment.id, title="Model drift", likelihood=2, impact=2)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("e")
        form = app.screen
        form.query_one("#risk-due", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.error.render()).startswith("Due date: '31/02/2026' is not a date on the calendar")
        assert app.focused.id == "risk-due"
        assert store.risk(risk.id).due is None
        form.query_one("#risk-due", Input).value = "31/03/2026"  # the locale's form is a date too
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    assert str(store.risk(risk.id).due) == "2026-03-31"


async def test_delete_asks_first(db_path, store, assessment):
    keep = store.add_risk(assessment.id, title="Keep me", likelihood=1, impact=1)
    store.add_risk(assessment.id, title="Delete me", likelihood=5, impact=5)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        assert screen.selected.risk.title == "Delete me"  # highest score first
        await pilot.press("d", "n")
        assert len(store.risks(assessment.id)) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert [r.id for r in store.risks(assessment.id)] == [keep.id]
        assert screen.table.row_count == 1


async def test_user_text_is_shown_literally(db_path, store, assessment):
    system = store.add_system(assessment.id, name="[red]bot[/]", tier="limited")
    risk = store.add_risk(assessment.id, title="[bold]x[/]", likelihood=2, impact=3, system_id=system.id,
                          description="[link=http://x]click[/link]", owner="[i]me[/i]")
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:  # System and Owner fit from 160 columns
        screen = await open_risks(app, pilot, assessment.id)
        assert cell(screen.table, risk.id, "title") == "[bold]x[/]"
        assert cell(screen.table, risk.id, "system") == "[red]bot[/]"
        assert cell(screen.table, risk.id, "owner") == "[i]me[/i]"
        detail = str(screen.detail.render())
        assert "[bold]x[/]" in detail and "[link=http://x]click[/link]" in detail


async def test_residual_heat_map_toggle(db_path, store, assessment):
    store.add_risk(assessment.id, title="A", likelihood=4, impact=4, residual_likelihood=2, residual_impact=1)
    store.add_risk(assessment.id, title="B", likelihood=3, impact=3)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        heatmap = screen.query_one(HeatMap)
        assert heatmap.count(4, 4) == 1 and heatmap.count(3, 3) == 1
        await pilot.press("v")
        assert heatmap.caption == "Residual risk · 1 of 2 rated (e sets it)"  # B has none: say so
        assert heatmap.count(2, 1) == 1 and heatmap.count(4, 4) == 0 and heatmap.count(3, 3) == 0


async def test_matrix_size_follows_the_settings(db_path, store, assessment):
    from aims_tui.domain.models import RiskBand, RiskMatrix

    store.set_matrix(assessment.id, RiskMatrix(
        size=3, likelihood_labels=["Low", "Medium", "High"], impact_labels=["Low", "Medium", "High"],
        bands=[RiskBand(id="green", label="Green", min=1, max=2), RiskBand(id="amber", label="Amber", min=3, max=4),
               RiskBand(id="red", label="Red", min=6, max=9)],
        appetite=6,
    ))
    risk = store.add_risk(assessment.id, title="A", likelihood=3, impact=2)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        assert screen.heatmap.matrix.size == 3
        assert screen.heatmap.count(3, 2) == 1
        assert cell(screen.table, risk.id, "band").strip() == "Red"


async def test_form_shows_its_keys_and_tab_reaches_save_at_80x24(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_risks(app, pilot, assessment.id)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, RiskForm)
        assert app.focused.id == "risk-title"
        dialog = form.query_one("#risk-form").region
        hint = form.query_one("#risk-form-keys", Static)
        assert "ctrl+s save" in str(hint.render()) and "esc cancel" in str(hint.render())
        assert dialog.contains_region(hint.region)
        visited = []
        for _ in range(20):
            await pilot.press("tab")
            visited.append(app.focused.id)
            if app.focused.id == "save":
                break
        assert visited[-1] == "save", visited
        assert dialog.contains_region(app.focused.region)  # on screen, not clipped off the bottom
        await pilot.press("tab")
        assert app.focused.id == "cancel"


async def test_enter_moves_to_the_next_field_and_saves_on_the_last(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("n", *"Shadow AI use", "enter")
        assert app.focused.id == "risk-description"
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen  # refused: a new risk needs its likelihood and impact, not a silent 1 × 1
        assert form is not screen and "Choose a likelihood" in str(form.error.render())
        assert app.focused.id == "risk-likelihood" and store.risks(assessment.id) == []
        form.likelihood.value, form.impact.value = 2, 3
        form.query_one("#risk-due", Input).focus()  # the last one-line field
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        [risk] = store.risks(assessment.id)
        assert (risk.title, risk.likelihood, risk.impact) == ("Shadow AI use", 2, 3)

        await pilot.press("e")
        form = app.screen
        form.query_one("#risk-due", Input).value = "tomorrow"
        form.query_one("#risk-due", Input).focus()
        await pilot.press("enter")  # refused: the error names the field and the cursor goes there
        assert app.screen is form
        assert "'tomorrow' is not a date" in str(form.error.render()) and app.focused.id == "risk-due"
        await pilot.press("escape", "y")  # the form was changed: discard it
        assert app.screen is screen


async def test_the_residual_view_shows_the_residual_score_and_band_in_the_table(db_path, store, assessment):
    rated = store.add_risk(assessment.id, title="A", likelihood=4, impact=4, residual_likelihood=2, residual_impact=1)
    unrated = store.add_risk(assessment.id, title="B", likelihood=3, impact=3)
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("j")
        assert (cell(screen.table, rated.id, "score"), cell(screen.table, rated.id, "band").strip()) == ("16", "High")
        await pilot.press("v")
        await pilot.pause()
        table = screen.table
        assert [str(table.columns[k].label) for k in ("score", "band", "residual")] == [
            "Res.", "Res. band", "Inherent"]  # short headers: the columns fit 80 columns
        assert (cell(table, rated.id, "score"), cell(table, rated.id, "band").strip()) == ("2", "Low")
        assert (cell(table, rated.id, "likelihood"), cell(table, rated.id, "impact")) == ("2", "1")
        assert cell(table, rated.id, "residual").split()[0] == "16"
        assert cell(table, unrated.id, "score") == "—"
        assert screen.selected.risk.id == unrated.id  # the cursor stays on its risk
        await pilot.press("v")
        await pilot.pause()
        assert cell(screen.table, rated.id, "score") == "16"


async def test_the_controls_filter_as_you_type_and_keep_their_ticks(db_path, store, assessment):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_risks(app, pilot, assessment.id)
        await pilot.press("n", *"Biased scoring")
        form = app.screen
        form.likelihood.value, form.impact.value = 3, 3
        form.set_focus(form.controls_filter)
        await pilot.press(*"6.2.6", "enter")  # enter: into the list, at the first match
        assert app.focused is form.controls and form.controls.option_count == 1
        await pilot.press("space")  # ticked
        await pilot.press(*"impact")  # typing in the list filters it too
        assert app.focused is form.controls_filter and form.controls_filter.value == "impact"
        shown = [form.controls.get_option_at_index(i).value for i in range(form.controls.option_count)]
        assert shown and all("A.6.2.6" != c for c in shown)
        await pilot.press("down", "space", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    [risk] = store.risks(assessment.id)
    assert risk.controls == [shown[0], "A.6.2.6"]  # in the order of Annex A
