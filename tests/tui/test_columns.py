"""Columns that used to be cut off at the right (Supplier and SoA Owner at 100 columns, the
risks' Residual even at 160) are whole."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from aims_tui.tui.app import make_app


def column_end(table: DataTable, key: str) -> int:
    """Where a column ends, counted from the table's left edge."""
    end = 0
    for column_key, column in table.columns.items():
        end += column.get_render_width(table)
        if column_key == key:
            return end
    raise KeyError(key)


@pytest.mark.parametrize("width", [100, 160])
async def test_the_supplier_column_of_the_ai_systems_is_not_cut(store, content, assessment, width):
    store.add_system(assessment.id, name="Loan pre-screening model", tier="high", role="data-provider",
                     lifecycle_stage="operation", supplier="Contoso Analytics GmbH", owner="Head of Credit Risk",
                     purpose="Scores loan applications before a person reviews them")
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "scope")
        await pilot.pause()
        table = app.screen.query_one("#systems", DataTable)
        assert column_end(table, "supplier") <= table.scrollable_content_region.width
        assert column_end(table, "owner") <= table.scrollable_content_region.width


@pytest.mark.parametrize("width", [100, 160])
async def test_the_residual_column_is_not_cut(store, content, assessment, width):
    store.add_risk(assessment.id, title="Biased outcomes for protected groups", likelihood=4, impact=5,
                   residual_likelihood=2, residual_impact=3, controls=["A.7.4", "A.5.4", "A.6.2.4"],
                   owner="Head of Risk")
    app = make_app(store=store, content=content)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "risks")
        await pilot.pause()
        screen = app.screen
        assert column_end(screen.table, "residual") <= screen.table.scrollable_content_region.width


@pytest.mark.parametrize("width", [100, 160])
async def test_the_owner_column_is_not_cut(store, content, assessment, width):
    store.set_soa_override(assessment.id, "A.2.2", owner="Chief Information Security Officer")
    app = make_app(store=store, content=content)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        app.open_assessment(assessment.id, "soa")
        await pilot.pause()
        screen = app.screen
        table = screen.table
        assert column_end(table, "owner") <= table.scrollable_content_region.width
        assert table.get_cell("A.2.2", "owner").plain.startswith("Chief Inform")



def test_cut_text_ends_in_an_ellipsis_right_after_the_last_word_kept():
    from aims_tui.tui.widgets.look import cut

    assert cut("Staff who build, buy or use AI", 25) == "Staff who build, buy or…"  # not "or …"
    assert cut("Staff who   build", 40) == "Staff who build"  # whitespace folded, nothing cut
    assert len(cut("x" * 50, 10)) == 10
