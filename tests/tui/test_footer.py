"""The footer marks the key of the section on show, from the section screen's own SECTION."""

from __future__ import annotations

import pytest

from aims_tui.tui.app import SECTIONS, make_app


@pytest.mark.parametrize("section", list(SECTIONS))
async def test_each_section_declares_itself_and_its_key_is_marked(store, content, assessment, section):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_section(section)
        await pilot.pause()
        assert type(app.screen).SECTION == section
        marked = [key.action for key in app.screen.query(".-current")]
        # F8 (internal audit) is in help and the palette, not the footer: its second row is full at 80 columns.
        assert marked == ([] if section == "audit" else [f"section('{section}')"])
