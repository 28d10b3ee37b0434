"""The text area for notes, scope and justifications."""

from __future__ import annotations

from typing import Any, Callable, ClassVar

from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import TextArea


class NoteArea(TextArea):
    """Textual's TextArea without its F6 (select line) and F7 (select all) keys: here F2–F7 open
    the sections, and a stray F7 followed by a letter would replace the whole note. The app's
    section keys take precedence on a section; in a dialog they do nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "ignore", show=False, id="text-area-no-select-line"),
        Binding("f7", "ignore", show=False, id="text-area-no-select-all"),
    ]

    def action_ignore(self) -> None:
        """Swallow the key."""


class AutosaveArea(NoteArea):
    """A text area that saves itself: ``DEBOUNCE_S`` after the last keystroke, on losing focus,
    and whenever its screen calls :meth:`flush` (leaving the question, the screen or the app).
    Nothing typed is ever only in memory for longer than that. Notes and the scope statement."""

    DEBOUNCE_S = 0.3

    def __init__(self, save: Callable[[str], bool], **kwargs: Any) -> None:
        """``save(text)`` commits the text and says whether it did (it reports its own errors)."""
        super().__init__("", **kwargs)
        self._save = save
        self.saved_text = ""
        """What the store holds (as shown): the area is dirty while its text differs."""
        self._timer: Timer | None = None

    def load(self, text: str) -> None:
        """Show ``text``, which is what the store holds."""
        self.saved_text = text
        self.load_text(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.text == self.saved_text:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE_S, self.flush)

    def on_blur(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Save now if the text differs from what the store holds."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.text
        if text != self.saved_text and self._save(text):
            self.saved_text = text
