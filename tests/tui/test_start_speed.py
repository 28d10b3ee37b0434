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
        import aims_tui.tui.app  # nor the walker's first-frame glance (its dataclasses cost ~5 ms)
        assert "aims_tui.domain.glance" not in sys.modules
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


async def test_once_the_app_is_up_a_form_opens_without_new_css_to_parse(store, content, assessment):
    """The dialogs are imported and their CSS parsed once the app is idle after the first
    screen is up (tui/idle.py): a form's first opening adds no source to the stylesheet."""
    import asyncio

    from aims_tui.tui.app import make_app

    app = make_app(store=store, content=content, assessment_id=assessment.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.idle.dialogs_ready  # not before the first screen's keys have had their chance
        for _ in range(100):  # one dialog module per idle tick, then the CSS
            await asyncio.sleep(app.idle.TICK)
            if app.idle.dialogs_ready:
                break
        assert app.idle.dialogs_ready
        await pilot.press("f4")
        await pilot.pause()
        sources = dict(app.stylesheet.source)
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "RiskForm"
        assert app.stylesheet.source.keys() == sources.keys()  # nothing new: no re-parse of all CSS
        assert any(name == "RiskForm.CSS" for _path, name in sources)


def test_opened_straight_in_the_first_frame_is_drawn_before_pydantic_is_imported(db_path, assessment, content,
                                                                                 tmp_path):
    """SPEC P2: importing pydantic and building schemas cost over 100 ms; opening straight into an
    assessment draws the question, its answer and the outline without them (domain/glance.py), on
    a warm content cache, and the validated engagement follows."""
    from aims_tui.store import Store

    with Store.open(db_path, actor="test") as store:
        for q in content.questions[:5]:
            store.set_answer(assessment.id, q.id, status="met", maturity=3, notes="as seen", interviewees=["Ana"])
    code = textwrap.dedent("""
        import sys
        from textual.screen import Screen
        seen = {}
        original = Screen._compositor_refresh
        def refresh(self):
            original(self)
            if type(self).__name__ == "WalkerScreen" and self is self.app.screen:
                text = "\\n".join(strip.text for strip in self._compositor.render_strips())
                if "first" not in seen:
                    seen["first"] = [m for m in ("pydantic", "aims_tui.domain.models") if m in sys.modules]
                    seen["drawn"] = "Question 5/" in text and "5 answered" in text and "Met" in text
                elif type(self.engagement_).__name__ == "Engagement":
                    self.app.exit()
        Screen._compositor_refresh = refresh
        from aims_tui.tui.app import make_app
        make_app(sys.argv[1], assessment_id=sys.argv[2]).run(headless=True, size=(120, 40))
        print(seen)
    """)
    env = {**__import__("os").environ, "AIMS_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code, str(db_path), assessment.id], capture_output=True,
                           text=True, timeout=60, env=env) for _ in range(2)]  # the first fills the cache
    for out in runs:
        assert out.returncode == 0, out.stderr
    assert runs[1].stdout.strip() == "{'first': [], 'drawn': True}", runs[1].stdout
