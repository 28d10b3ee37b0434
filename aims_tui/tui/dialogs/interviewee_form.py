"""Who is answering: one or more people, each with their own role, and a quick pick of the people
already interviewed in this assessment.

Each person keeps their own role. The people are shown as ``Name (Role)``; a role typed in brackets
is that person's. The Role field is for the one person listed without brackets (a new name, say) and
follows the name: typing another name never carries the previous person's role over, and a role
typed there is never given to anyone else.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aims_tui.domain.models import Interviewee
from aims_tui.domain.people import IntervieweeChoice, parse_people, parse_person, split_people
from aims_tui.tui.dialogs.form_base import FILTER, KEYS_HINT, Field, FormDialog

__all__ = ["IntervieweeForm", "person_label"]


def person_label(name: str, role: str) -> str:
    """``Dana Ng (CISO)``, or the bare name when the role is not known."""
    return f"{name} ({role})" if role else name


class IntervieweeForm(FormDialog[IntervieweeChoice | None]):
    """Set the people answering; they are applied to this answer and every new one."""

    dialog_id = "interviewee-form"
    first_field = "names"
    keys_hint = f"{KEYS_HINT} · ↓ pick someone already interviewed"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "pick", "Pick a person", show=False, id="interviewee-pick"),
    ]
    DEFAULT_CSS = """
    IntervieweeForm #people { height: auto; max-height: 7; border: none; margin: 0 0 1 16; }
    IntervieweeForm #role-for { color: $text-muted; margin: 0 0 0 16; height: auto; }
    """

    def __init__(self, current: list[str], known: list[Interviewee]) -> None:
        super().__init__("Interviewee")
        self._current = current
        self._known = {p.name: p.role for p in known}
        self._role_for: str | None = None
        """The one person without a role in brackets, whom the Role field is about."""

    @property
    def names(self) -> Input:
        return self.query_one("#names", Input)

    @property
    def role(self) -> Input:
        return self.query_one("#role", Input)

    @property
    def people(self) -> OptionList:
        return self.query_one("#people", OptionList)

    def fields(self) -> ComposeResult:
        shown = ", ".join(person_label(n, self._known.get(n, "")) for n in self._current)
        yield Field("Name(s)", Input(shown, placeholder="Jane Doe (CISO), Raj Patel", id="names",
                                     suggester=SuggestFromList(list(self._known), case_sensitive=False)
                                     if self._known else None))
        yield OptionList(id="people", classes=FILTER)
        yield Field("Role", Input(placeholder="e.g. Head of Data Science", id="role"))
        yield Static(id="role-for")
        yield Static(Text("Several people: separate with commas; each person's role in brackets. Applied to "
                          "this answer and to every new answer until changed. Blank name: nobody."),
                     classes="dialog-hint")

    def on_mount(self) -> None:
        self._names_changed()

    # -- the Role field follows the names --------------------------------------------------------

    @on(Input.Changed, "#names")
    def _names_changed(self) -> None:
        listed = parse_people(self.names.value, "")
        roleless = [n for n in listed.names if n not in listed.roles]
        role_for = roleless[0] if len(roleless) == 1 else None
        if role_for != self._role_for:
            self._role_for = role_for
            self.role.value = self._known.get(role_for, "") if role_for else ""
        self.role.disabled = role_for is None
        self.query_one("#role-for", Static).update(
            Text(f"the role of {role_for}" if role_for else "each person's role is in brackets above"))
        self._fill_people(_last_entry(self.names.value))

    # -- picking someone already interviewed -----------------------------------------------------

    def _being_typed(self, fragment: str) -> str | None:
        """The part of a name being typed, lower case; None when the last person listed is complete
        (someone known, or given with a role): then the others are offered, and a pick is added."""
        name, role = parse_person(fragment)
        return None if role or name in self._known else name.lower()

    def _fill_people(self, fragment: str) -> None:
        needle = self._being_typed(fragment) or ""
        listed = set(parse_people(self.names.value, "").names)
        matches = [(n, r) for n, r in self._known.items()
                   if n not in listed and (needle in n.lower() or needle in r.lower())]
        people = self.people
        people.clear_options()
        people.add_options([Option(Text(person_label(n, r)), id=n) for n, r in matches])
        people.display = bool(matches)

    def action_pick(self) -> None:
        """↓ from the names: into the list of people already interviewed."""
        if self.focused is self.names and self.people.display and self.people.option_count:
            self.set_focus(self.people)
            self.people.highlighted = 0

    @on(OptionList.OptionSelected, "#people")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        name = str(event.option.id)
        entries = split_people(self.names.value)
        picked = person_label(name, self._known.get(name, ""))
        if self._being_typed(entries[-1]) is None:
            entries.append(picked)
        else:
            entries[-1] = picked
        self.names.value = ", ".join(e for e in entries if e) + ", "
        self.names.select_on_focus = False  # back in the names to type the next one, not to replace them
        self.set_focus(self.names)
        self.names.cursor_position = len(self.names.value)

    # -- saving ----------------------------------------------------------------------------------

    def submit(self) -> None:
        choice = parse_people(self.names.value, "")
        roles = dict(choice.roles)
        role = self.role.value.strip()
        if self._role_for is not None and role:
            roles[self._role_for] = role
        self.dismiss(IntervieweeChoice(choice.names, roles))


def _last_entry(names: str) -> str:
    """The person being typed: what follows the last comma between people."""
    return split_people(names)[-1] if names.strip() else ""
