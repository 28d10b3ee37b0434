"""Scope screen: the scope statement and the AI system inventory."""

from __future__ import annotations

from aims_tui.tui.app import make_app


async def test_add_an_ai_system_with_every_field(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "ScopeScreen"
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#role").value = "provider"
        form.query_one("#lifecycle_stage").value = "operation"
        form.query_one("#tier").value = "high"
        await pilot.press(*"Loan [b]scorer[/b]", "tab", *"Pre-screens loan applications", "tab", *"Head of Credit")
        for field_id, text in (("data_sources", "Bureau data"), ("supplier", "ScoreCo"),
                               ("affected_groups", "applicants, staff"), ("scope_reason", "core product")):
            form.query_one(f"#{field_id}").value = text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ScopeScreen"
        assert app.screen.query_one("#systems").row_count == 1
        assert str(app.screen.query_one("#systems").get_row_at(0)[0]) == "Loan [b]scorer[/b]"
    [system] = store.systems(assessment.id)
    assert system.model_dump(exclude={"id", "assessment_id"}) == {
        "name": "Loan [b]scorer[/b]", "purpose": "Pre-screens loan applications", "owner": "Head of Credit",
        "role": "provider", "data_sources": "Bureau data", "lifecycle_stage": "operation", "supplier": "ScoreCo",
        "tier": "high", "eu_act_reach": "unknown", "eu_act_basis": "",
        "affected_groups": ["applicants", "staff"], "in_scope": True, "scope_reason": "core product",
    }


async def test_edit_and_delete_a_system(store, content, assessment):
    store.add_system(assessment.id, name="Chatbot", tier="limited")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#in_scope").value = False
        app.screen.query_one("#scope_reason").value = "retired next month"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [system] = store.systems(assessment.id)
        assert (system.name, system.in_scope, system.scope_reason) == ("Chatbot", False, "retired next month")
        await pilot.press("d", "y")
        await pilot.pause()
    assert store.systems(assessment.id) == []


async def test_scope_statement_is_saved_as_typed(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("s", "end", *" [bold]excl. HR[/]")
        await pilot.pause(0.7)
        assert store.assessment(assessment.id).scope == "Customer-facing AI systems [bold]excl. HR[/]"
        await pilot.press(*"!", "escape")  # leaving the text area saves at once
        await pilot.pause()
        assert app.focused is app.screen.query_one("#systems")
        assert store.assessment(assessment.id).scope.endswith("HR[/]!")


async def test_edit_scope_adds_at_the_end_and_the_title_names_the_client(store, content, assessment):
    store.update_assessment(assessment.id, scope="Line one\nLine two")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.sub_title == "Acme Analytics Ltd · Scope"
        await pilot.press("s", *" Also in scope: HR.", "escape")
        await pilot.pause()
    assert store.assessment(assessment.id).scope == "Line one\nLine two Also in scope: HR."
