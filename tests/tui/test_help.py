"""Help (F1) lists each key once: where the screen and the app both bind a key (esc), only the
binding the key reaches is listed."""

from __future__ import annotations

from collections import Counter

from aims_tui.tui.app import make_app


async def test_help_on_the_walker_lists_each_key_once(store, content, assessment):
    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        keys = Counter(key for row in rows for key in row[0].plain.split(", "))
        assert [key for key, n in keys.items() if n > 1] == []
        back = [row for row in rows if row[0].plain == "esc"]
        assert [(row[1].plain, row[2].plain) for row in back] == [("Back", "this screen")]
