"""Raise a remediation action on the spot (title, owner, due date, priority), or edit one already
recorded (and its status): one form for both. On a finding it is a corrective action (10.2): the
finding it answers, the correction made at once and the root cause."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Sequence

from rich.text import Text

from textual.app import ComposeResult
from textual.widgets import Input

from aims_tui.domain.models import PRIORITIES, Action
from aims_tui.domain.vocabulary import ACTION_STATUSES
from aims_tui.tui.dialogs.form_base import DateError, Field, FormDialog
from aims_tui.tui.widgets.choice import Choice

__all__ = ["ActionEditForm", "ActionForm", "ActionInput"]


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner: str
    due: date | None
    priority: str
    status: str | None = None
    """Only when editing: a new action starts open."""
    finding_id: str | None = None
    correction: str = ""
    root_cause: str = ""


class ActionForm(FormDialog[ActionInput | None]):
    """A remediation action for the question on screen, or a corrective action on a finding."""

    first_field = "title"

    def __init__(self, about: str, action: Action | None = None, *, findings: Sequence[tuple[str, str]] = (),
                 finding_id: str | None = None) -> None:
        """``findings`` (id, label) are those the action may answer; ``finding_id`` preselects one."""
        super().__init__("Edit action" if action else f"Action for {about}")
        self._action = action
        self._findings = list(findings)
        self._finding_id = action.finding_id if action else finding_id

    @property
    def corrective(self) -> bool:
        """On a finding (or with findings to pick from): the 10.2 fields are shown, in the order of a
        corrective action: the finding, the correction made at once, the root cause, then the action."""
        a = self._action
        return bool(self._findings or self._finding_id or (a and (a.correction or a.root_cause)))

    def fields(self) -> ComposeResult:
        a = self._action
        if self.corrective:
            known = {fid for fid, _ in self._findings}
            choices = self._findings + ([(self._finding_id, self._finding_id)]
                                        if self._finding_id and self._finding_id not in known else [])
            yield Field("On finding", Choice([(Text(label), fid) for fid, label in choices],
                                             value=self._finding_id or Choice.BLANK, prompt="(none)", id="finding_id"))
            yield Field("Correction", Input(a.correction if a else "", placeholder="done at once to contain it",
                                            id="correction"))
            yield Field("Root cause", Input(a.root_cause if a else "", placeholder="why it happened",
                                            id="root_cause"))
        yield Field("Title", Input(a.title if a else "", placeholder="what will be done", id="title"))
        yield Field("Owner", Input(a.owner if a else "", placeholder="who does it", id="owner"))
        yield Field("Due", Input(a.due.isoformat() if a and a.due else "",
                                 placeholder="optional: 2027-03-31 or 31/03/2027", id="due"))
        yield Field("Priority", Choice([(p, p) for p in PRIORITIES], value=a.priority if a else "medium",
                                       allow_blank=False, id="priority"))
        if a is not None:
            yield Field("Status", Choice([(s, s) for s in ACTION_STATUSES], value=a.status, allow_blank=False,
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
        status = str(self.query_one("#status", Choice).value) if self._action is not None else None
        if not self.corrective:
            return ActionInput(title, self.text("owner"), due, str(self.query_one("#priority", Choice).value), status)
        finding = self.query_one("#finding_id", Choice).value
        return ActionInput(title, self.text("owner"), due, str(self.query_one("#priority", Choice).value), status,
                           None if finding is Choice.BLANK else str(finding), self.text("correction"),
                           self.text("root_cause"))

    def submit(self) -> None:
        if (value := self.read()) is not None:
            self.dismiss(value)


class ActionEditForm(ActionForm):
    """The form on an action already recorded; dismisses with the changes for ``update_action``."""

    def __init__(self, action: Action, findings: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__("", action, findings=findings)

    def submit(self) -> None:
        if (value := self.read()) is not None:
            changes: dict[str, Any] = asdict(value)
            if not self.corrective:  # fields the form did not show are left as they are
                for name in ("finding_id", "correction", "root_cause"):
                    del changes[name]
            self.dismiss(changes)  # type: ignore[arg-type]  # the walker's edit flow takes a dict
