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
