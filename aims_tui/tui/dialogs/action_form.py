"""Raise a remediation action on the spot (title, owner, due date, priority), or edit one already
recorded (and its status): one form for both."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select

from aims_tui.domain.models import PRIORITIES, Action
from aims_tui.domain.vocabulary import ACTION_STATUSES
from aims_tui.tui.dialogs.form_base import DateError, Field, FormDialog

__all__ = ["ActionEditForm", "ActionForm", "ActionInput"]


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner: str
    due: date | None
    priority: str
    status: str | None = None
    """Only when editing: a new action starts open."""


class ActionForm(FormDialog[ActionInput | None]):
    """A remediation action for the question on screen."""

    def __init__(self, about: str, action: Action | None = None) -> None:
        super().__init__("Edit action" if action else f"Action for {about}")
        self._action = action

    def fields(self) -> ComposeResult:
        a = self._action
        yield Field("Title", Input(a.title if a else "", placeholder="what will be done", id="title"))
        yield Field("Owner", Input(a.owner if a else "", placeholder="who does it", id="owner"))
        yield Field("Due", Input(a.due.isoformat() if a and a.due else "",
                                 placeholder="optional: 2027-03-31 or 31/03/2027", id="due"))
        yield Field("Priority", Select([(p, p) for p in PRIORITIES], value=a.priority if a else "medium",
                                       allow_blank=False, id="priority"))
        if a is not None:
            yield Field("Status", Select([(s, s) for s in ACTION_STATUSES], value=a.status, allow_blank=False,
                                         id="status"))

    def read(self) -> ActionInput | None:
        """The fields, checked; None after saying which one is wrong (with the cursor there)."""
        title = self.text("title")
        if not title:
            self.fail("title", "A title is required.")
            return None
        try:
            due = self.date_value("due", "Due")
        except DateError as exc:
            self.fail("due", str(exc))
            return None
        status = str(self.query_one("#status", Select).value) if self._action is not None else None
        return ActionInput(title, self.text("owner"), due, str(self.query_one("#priority", Select).value), status)

    def submit(self) -> None:
        if (value := self.read()) is not None:
            self.dismiss(value)


class ActionEditForm(ActionForm):
    """The form on an action already recorded; dismisses with the changes for ``update_action``."""

    def __init__(self, action: Action) -> None:
        super().__init__("", action)

    def submit(self) -> None:
        if (value := self.read()) is not None:
            changes: dict[str, Any] = asdict(value)
            self.dismiss(changes)  # type: ignore[arg-type]  # the walker's edit flow takes a dict
