"""Raise a remediation action on the spot: title, owner, due date, priority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from aims_tui.domain.models import PRIORITIES
from aims_tui.tui.widgets.forms import Field, parse_date


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner: str
    due: date | None
    priority: str


class ActionForm(ModalScreen[ActionInput | None]):
    """A remediation action for the question on screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="action-cancel"),
        Binding("ctrl+s", "submit", "Save", id="action-save"),
    ]

    def __init__(self, about: str) -> None:
        super().__init__()
        self._about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Action for {self._about}"), classes="dialog-title")
            yield Field("Title", Input(placeholder="what will be done", id="title"))
            yield Field("Owner", Input(placeholder="who does it", id="owner"))
            yield Field("Due", Input(placeholder="YYYY-MM-DD (optional)", id="due"))
            yield Field("Priority", Select([(p, p) for p in PRIORITIES], value="medium", allow_blank=False,
                                           id="priority"))
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", compact=True, id="save")
                yield Button("Cancel", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        error = self.query_one("#error", Static)
        if not title:
            error.update(Text("A title is required."))
            self.query_one("#title", Input).focus()
            return
        try:
            due = parse_date(self.query_one("#due", Input).value)
        except ValueError as exc:
            error.update(Text(str(exc)))
            self.query_one("#due", Input).focus()
            return
        self.dismiss(ActionInput(title, self.query_one("#owner", Input).value.strip(), due,
                                 str(self.query_one("#priority", Select).value)))
