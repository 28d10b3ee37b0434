"""Pick one of a few options."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class Choice(ModalScreen[str | None]):
    """A title and a list of (id, label) options; enter picks, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice-cancel"),
        Binding("j", "move('down')", "Down", show=False, id="choice-down"),
        Binding("k", "move('up')", "Up", show=False, id="choice-up"),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]], *, current: str | None = None) -> None:
        super().__init__()
        self._title = title
        self._options = options
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static(Text(self._title), classes="dialog-title")
            yield OptionList(*[Option(Text(label), id=oid) for oid, label in self._options], id="choice-list")
            yield Static(Text("enter picks · esc cancel"), classes="dialog-hint", id="choice-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [oid for oid, _ in self._options]
        if self._current in ids:
            options.highlighted = ids.index(self._current)
        self.set_focus(options)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, direction: str) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
