"""Start-up work that does not change what is drawn (issue 16, docs/PERFORMANCE.md P1, P2, P5)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_home_screen_imports_without_the_help_screen():
    code = textwrap.dedent("""
        import sys
        from aims_tui.tui.screens.home import HomeScreen
        assert "aims_tui.tui.screens.help" not in sys.modules
        from aims_tui.tui.screens import HelpScreen  # still re-exported, loaded on first use
        assert HelpScreen.__module__ == "aims_tui.tui.screens.help"
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


async def test_the_outline_keeps_its_one_line_labels_and_reads_the_theme_once_per_build(
        db_path, assessment, content, monkeypatch):
    from rich.text import Text

    from aims_tui.tui.app import AimsApp, make_app
    from aims_tui.tui.widgets.outline import Outline

    app = make_app(db_path, assessment_id=assessment.id, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        outline = app.screen.query_one(Outline)
        label = Text("A.2.2-q1")
        assert outline.process_label(label) is label  # not split into lines and copied
        assert outline.process_label(Text("first\nsecond")).plain == "first"  # as Tree does
        lookups = []
        theme = AimsApp.current_theme
        monkeypatch.setattr(AimsApp, "current_theme", property(lambda self: lookups.append(1) or theme.fget(self)))
        outline.build(app.screen.shown, app.screen.answers)
        assert len(outline.nodes) > 200 and len(lookups) == 1
