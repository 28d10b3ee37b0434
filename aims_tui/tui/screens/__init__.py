"""Screens: Home (choose an assessment) and the sections of one assessment.

Section screens are built as ``XScreen(session)``. Only this package's own screens are re-exported;
the app imports the other sections lazily (see ``aims_tui.tui.app.SECTIONS``). The re-exports load
on first use too: importing the home screen at start does not import the help screen (P1).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aims_tui.tui.screens.help import HelpScreen
    from aims_tui.tui.screens.home import HomeScreen

__all__ = ["HelpScreen", "HomeScreen"]

_MODULES = {"HelpScreen": "aims_tui.tui.screens.help", "HomeScreen": "aims_tui.tui.screens.home"}


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name]), name)
