"""An audit finding on the current answer: type and text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from aims_tui.domain.content import ScaleItem
from aims_tui.tui.widgets.forms import Field


@dataclass(frozen=True)
class FindingInput:
    type: str
    text: str


class FindingForm(ModalScreen[FindingInput | None]):
    """Major or minor nonconformity, observation or opportunity for improvement."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="finding-cancel"),
        Binding("ctrl+s", "submit", "Save", id="finding-save"),
    ]

    def __init__(self, types: list[ScaleItem]) -> None:
        super().__init__()
        self._types = types

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Finding"), classes="dialog-title")
            yield Field("Type", Select([(Text(t.label), t.id) for t in self._types], value=self._types[0].id,
                                       allow_blank=False, id="type"))
            yield Field("Finding", Input(placeholder="what was found, against which requirement", id="text"))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", compact=True, id="save")
                yield Button("Cancel", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#type", Select).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        self.dismiss(FindingInput(str(self.query_one("#type", Select).value),
                                  self.query_one("#text", Input).value.strip()))
