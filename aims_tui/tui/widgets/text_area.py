"""The text area for notes, scope and justifications."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import TextArea as TextualTextArea


class TextArea(TextualTextArea):
    """Textual's TextArea without its F6 (select line) and F7 (select all) keys: here F2–F7 open
    the sections, and a stray F7 followed by a letter would replace the whole note. The app's
    section keys take precedence on a section; in a dialog they do nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "ignore", show=False, id="text-area-no-select-line"),
        Binding("f7", "ignore", show=False, id="text-area-no-select-all"),
    ]

    def action_ignore(self) -> None:
        """Swallow the key."""
