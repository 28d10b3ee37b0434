"""Who is answering: one or more names (comma-separated) and a role."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
from aims_tui.tui.widgets.forms import Field


_WITH_ROLE = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$")


@dataclass(frozen=True)
class IntervieweeChoice:
    names: list[str]
    """Empty: nobody (clears the interviewees of the answer)."""
    roles: dict[str, str]
    """The role to record per name; a name not here keeps the role it had."""


def parse_people(names: str, role: str) -> IntervieweeChoice:
    """``"Dana Ng (CISO), Raj Patel"`` with role ``"Data science"``: each name may carry its own
    role in brackets; the role field goes to the names without one."""
    people: dict[str, str] = {}
    for entry in names.split(","):
        entry = entry.strip()
        match = _WITH_ROLE.match(entry)
        name, own = (match["name"].strip(), match["role"].strip()) if match else (entry, "")
        if name:
            people.setdefault(name, own or role.strip())
    return IntervieweeChoice(list(people), {name: r for name, r in people.items() if r})


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
