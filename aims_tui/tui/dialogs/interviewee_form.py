"""Who is answering: one or more names (comma-separated) and a role."""

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

from aims_tui.domain.models import Interviewee
from aims_tui.domain.people import IntervieweeChoice, parse_people
from aims_tui.tui.dialogs.form_base import Field


class IntervieweeForm(ModalScreen[IntervieweeChoice | None]):
    """Set the people answering; they are applied to this answer and every new one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="interviewee-cancel")]

    def __init__(self, current: list[str], known: list[Interviewee]) -> None:
        super().__init__()
        self._current = current
        self._known = known

    def compose(self) -> ComposeResult:
        roles = {p.name: p.role for p in self._known}
        role = roles.get(self._current[0], "") if len(self._current) == 1 else ""
        with Vertical(classes="dialog dialog-small"):
            yield Static(Text("Interviewee"), classes="dialog-title")
            yield Field("Name(s)", Input(", ".join(self._current), placeholder="Jane Doe, Raj Patel", id="names",
                                         suggester=SuggestFromList([p.name for p in self._known]) if self._known
                                         else None))
            yield Field("Role", Input(role, placeholder="e.g. Head of Data Science", id="role"))
            yield Static(Text("Several people: separate with commas; a role in brackets is that person's own "
                              "(Dana Ng (CISO), Raj Patel). Applied to this answer and to every new answer "
                              "until changed. Blank name: nobody."), classes="dialog-hint")
            yield Static(Text("enter next field, then enter saves · esc cancel"), classes="dialog-hint",
                         id="form-keys")

    def on_mount(self) -> None:
        self.query_one("#names", Input).focus()

    @on(Input.Submitted, "#names")
    def _names_done(self) -> None:
        names = self.query_one("#names", Input).value
        role = self.query_one("#role", Input)
        roles = {p.name: p.role for p in self._known}
        if not role.value and names.strip() in roles:
            role.value = roles[names.strip()]
        role.focus()

    @on(Input.Submitted, "#role")
    def _submit(self) -> None:
        self.dismiss(parse_people(self.query_one("#names", Input).value, self.query_one("#role", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
