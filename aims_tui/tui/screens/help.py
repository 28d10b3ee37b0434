"""Help: every key of the screen underneath and of the app, generated from their BINDINGS."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from aims_tui.tui.commands import bound_actions
from aims_tui.tui.widgets.key_table import KeyTable


class HelpScreen(ModalScreen[None]):
    """Keys for the screen the user was on, then the keys that work everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close help", id="help-close"),
    ]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys"), classes="dialog-title")
            yield KeyTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(Text("Every key is also a command: ctrl+p opens the palette. Esc closes this."),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Keys", "Does", "Where")
        here, everywhere = [], []
        for bound in bound_actions(self.about, include_unavailable=True):
            row = (Text(", ".join(bound.keys), style="bold"), Text(bound.description),
                   Text("everywhere" if bound.namespace is self.app else "this screen"))
            (everywhere if bound.namespace is self.app else here).append(row)
        for row in here + everywhere:
            table.add_row(*row)
        table.focus()
