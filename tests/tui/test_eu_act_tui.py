"""The EU AI Act reach in the TUI (issue 13): the system form records reach and basis and presents
the role as the role under the Act; the scope table shows the reach; the risks screen states a
raised impact in the same words as the report and the CLI."""

from __future__ import annotations

from textual.widgets import Static

from aims_tui.domain.risk import UNCONFIRMED
from aims_tui.tui.app import make_app
from aims_tui.tui.dialogs.system_form import SystemForm


async def _system_form(app, pilot, assessment_id) -> SystemForm:
    await pilot.pause()
    app.open_assessment(assessment_id, "scope")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, SystemForm)
    return app.screen


async def test_system_form_records_the_reach_and_its_basis(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _system_form(app, pilot, assessment.id)
        assert form.query_one("#eu_act_reach").value == "unknown"  # nothing assumed
        roles = {value: str(prompt) for prompt, value in form.query_one("#role").options}
        assert roles["importer"] == "importer: Importer" and roles["provider"] == "provider: Provider"
        await pilot.press(*"Loan scorer")
        form.query_one("#eu_act_reach").value = "yes"
        form.query_one("#eu_act_basis").focus()
        await pilot.press(*"out")
        await pilot.pause()
        await pilot.press("right")  # takes the suggestion
        assert form.query_one("#eu_act_basis").value == "output used in the EU"
        await pilot.press("ctrl+s")
        await pilot.pause()
        table = app.screen.query_one("#systems")
        assert str(table.get_cell_at((0, 2))) == "yes"
    [system] = store.systems(assessment.id)
    assert (system.eu_act_reach, system.eu_act_basis) == ("yes", "output used in the EU")


async def test_risks_screen_states_the_adjustment_in_the_reports_words(store, content, assessment):
    system = store.add_system(assessment.id, name="Loan scorer", tier="high")  # reach unknown
    store.add_risk(assessment.id, title="Bias", likelihood=3, impact=3, system_id=system.id)
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "risks")
        await pilot.pause()
        shown = str(app.screen.query_one("#risks-detail", Static).render())
        assert f"Impact 4, raised from 3: high-risk under the EU AI Act {UNCONFIRMED}." in shown
    store.update_system(system.id, eu_act_reach="no")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "risks")
        await pilot.pause()
        assert "raised" not in str(app.screen.query_one("#risks-detail", Static).render())
