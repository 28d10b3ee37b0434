"""Verification of a corrective action's effectiveness (ISO/IEC 42001 10.2): by whom, when,
effective or not, and a note. Only "effective" closes the action; "not effective" reopens it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input

from aims_tui.domain.models import Action
from aims_tui.tui.dialogs.audit_fields import checked, dated, required
from aims_tui.tui.dialogs.form_base import Field, FormDialog
from aims_tui.tui.widgets.choice import Choice

__all__ = ["VerifyForm", "VerifyInput"]


@dataclass(frozen=True)
class VerifyInput:
    effective: bool
    by: str
    on: date
    note: str


class VerifyForm(FormDialog[VerifyInput | None]):
    """Verify ``action``; ``by`` prefills who verifies (the person using the app), ``today`` the date."""

    dialog_id = "verify-form"
    first_field = "note"
    """Effective by me today is the usual verification: a note, enter, done."""

    def __init__(self, action: Action, by: str, today: date) -> None:
        super().__init__(f"Verify the effectiveness of: {action.title}")
        self._action = action
        self._by = by
        self._today = today

    def fields(self) -> ComposeResult:
        a = self._action
        yield Field("Effective", Choice([("yes: close the action", "yes"), ("no: reopen it", "no")],
                                        value="no" if a.effective is False else "yes", allow_blank=False,
                                        id="effective"))
        yield Field("Verified by", Input(a.verified_by or self._by, id="by"))
        yield Field("On", Input((a.verified_on or self._today).isoformat(), id="on"))
        yield Field("Note", Input(a.verification_note, placeholder="what was checked: e.g. re-sampled 3 systems",
                                  id="note"))

    @checked
    def submit(self) -> None:
        by = required(self, "by", "Verified by: who verified the action's effectiveness?")
        on = dated(self, {"on": "On"})["on"]
        self.dismiss(VerifyInput(self.query_one("#effective", Choice).value == "yes", by, on or self._today,
                                 self.text("note")))
