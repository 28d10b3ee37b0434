"""Raise a remediation action on the spot: title, owner, due date, priority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input, Select

from aims_tui.domain.models import PRIORITIES
from aims_tui.tui.dialogs.form_base import Field, FormDialog, parse_date


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner: str
    due: date | None
    priority: str


class ActionForm(FormDialog[ActionInput | None]):
    """A remediation action for the question on screen."""

    def __init__(self, about: str) -> None:
        super().__init__(f"Action for {about}")

    def fields(self) -> ComposeResult:
        yield Field("Title", Input(placeholder="what will be done", id="title"))
        yield Field("Owner", Input(placeholder="who does it", id="owner"))
        yield Field("Due", Input(placeholder="YYYY-MM-DD (optional)", id="due"))
        yield Field("Priority", Select([(p, p) for p in PRIORITIES], value="medium", allow_blank=False,
                                       id="priority"))

    def submit(self) -> None:
        title = self.text("title")
        if not title:
            self.fail("title", "A title is required.")
            return
        try:
            due = parse_date(self.text("due"))
        except ValueError as exc:
            self.fail("due", str(exc))
            return
        self.dismiss(ActionInput(title, self.text("owner"), due, str(self.query_one("#priority", Select).value)))
