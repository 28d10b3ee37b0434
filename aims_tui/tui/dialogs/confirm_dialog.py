"""A yes/no question."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Confirm(ModalScreen[bool]):
    """Ask a question; y confirms, n or escape declines. No has the focus, so enter declines too:
    the safe answer is the default."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static(Text(self._question), classes="dialog-body-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="error", compact=True, id="yes")
                yield Button("No", compact=True, id="no")
            yield Static(Text(f"y {self._yes.lower()} · n or esc no"), classes="dialog-hint", id="confirm-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#no", Button))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
