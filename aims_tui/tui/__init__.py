"""The terminal user interface (Textual). Build it with :func:`make_app`."""

from aims_tui.tui.app import AimsApp, make_app
from aims_tui.tui.context import Session

__all__ = ["AimsApp", "Session", "make_app"]
