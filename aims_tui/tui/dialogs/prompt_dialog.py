"""Ask for one line of text (jump to a question id, search)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static


class Prompt(ModalScreen[str | None]):
    """A title, one input; enter returns the text, escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt-cancel")]

    def __init__(self, title: str, *, placeholder: str = "", value: str = "", hint: str = "",
                 suggestions: list[str] | None = None) -> None:
        super().__init__()
        self._title = title
        self._placeholder = placeholder
        self._value = value
        self._hint = hint
        self._suggestions = suggestions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static(Text(self._title), classes="dialog-title")
            suggester = SuggestFromList(self._suggestions, case_sensitive=False) if self._suggestions else None
            yield Input(self._value, placeholder=self._placeholder, suggester=suggester, id="prompt-input")
            if self._hint:
                yield Static(Text(self._hint), classes="dialog-hint")
            yield Static(Text("enter ok · esc cancel"), classes="dialog-hint", id="prompt-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))  # at once: keys typed as it opens go into it

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
