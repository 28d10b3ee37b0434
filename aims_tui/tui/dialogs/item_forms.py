"""Edit an evidence reference, a finding or an action already recorded; each returns the changed
fields for the store's ``update_*``."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from aims_tui.domain.content import ScaleItem
from aims_tui.domain.models import PRIORITIES, Action, EvidenceRef, Finding
from aims_tui.domain.vocabulary import ACTION_STATUSES
from aims_tui.tui.dialogs.form_base import Field, FormDialog, parse_date


class EvidenceEditForm(FormDialog[dict[str, Any] | None]):
    """Title, location and seen/claimed of an evidence reference (its file hash is left as recorded)."""

    def __init__(self, evidence: EvidenceRef) -> None:
        super().__init__("Edit evidence reference")
        self._evidence = evidence

    def fields(self) -> ComposeResult:
        e = self._evidence
        yield Field("Title", Input(e.title, id="title"))
        yield Field("Location", Input(e.location, placeholder='document name, URL, path or "shown on screen"',
                                      id="location"))
        yield Field("Seen/claimed", Select([("seen: shown to the assessor", "seen"),
                                            ("claimed: only mentioned", "claimed")],
                                           value=e.state, allow_blank=False, id="state"))

    def submit(self) -> None:
        title = self.text("title")
        if not title:
            self.fail("title", "A title is required.")
            return
        self.dismiss({"title": title, "location": self.text("location"),
                      "state": str(self.query_one("#state", Select).value)})


class FindingEditForm(FormDialog[dict[str, Any] | None]):
    """Type and text of a finding."""

    def __init__(self, finding: Finding, types: list[ScaleItem]) -> None:
        super().__init__("Edit finding")
        self._finding = finding
        self._types = types

    def fields(self) -> ComposeResult:
        yield Field("Type", Select([(Text(t.label), t.id) for t in self._types], value=self._finding.type,
                                   allow_blank=False, id="type"))
        yield Field("Finding", Input(self._finding.text, id="text"))

    def submit(self) -> None:
        self.dismiss({"type": str(self.query_one("#type", Select).value), "text": self.text("text")})


class ActionEditForm(FormDialog[dict[str, Any] | None]):
    """Title, owner, due date, priority and status of an action."""

    def __init__(self, action: Action) -> None:
        super().__init__("Edit action")
        self._action = action

    def fields(self) -> ComposeResult:
        a = self._action
        yield Field("Title", Input(a.title, id="title"))
        yield Field("Owner", Input(a.owner, id="owner"))
        yield Field("Due", Input(a.due.isoformat() if a.due else "", placeholder="YYYY-MM-DD (optional)", id="due"))
        yield Field("Priority", Select([(p, p) for p in PRIORITIES], value=a.priority, allow_blank=False,
                                       id="priority"))
        yield Field("Status", Select([(s, s) for s in ACTION_STATUSES], value=a.status, allow_blank=False,
                                     id="status"))

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
        self.dismiss({"title": title, "owner": self.text("owner"), "due": due,
                      "priority": str(self.query_one("#priority", Select).value),
                      "status": str(self.query_one("#status", Select).value)})
