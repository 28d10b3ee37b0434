"""Screens: Home (choose an assessment) and the sections of one assessment.

Section screens are built as ``XScreen(session)``. Only this package's own screens are re-exported;
the app imports the other sections lazily (see ``aims_tui.tui.app.SECTIONS``).
"""

from aims_tui.tui.screens.help import HelpScreen
from aims_tui.tui.screens.home import HomeScreen

__all__ = ["HelpScreen", "HomeScreen"]
