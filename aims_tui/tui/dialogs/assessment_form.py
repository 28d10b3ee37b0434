"""The "new assessment" form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input

from aims_tui.domain.models import ASSESSMENT_KINDS
from aims_tui.store import AssessmentSummary
from aims_tui.tui import context
from aims_tui.tui.dialogs.form_base import DateError, Field, FormDialog
from aims_tui.tui.widgets.choice import Choice


@dataclass(frozen=True)
class NewAssessment:
    """What the form collected, validated."""

    org: str
    scope: str
    assessor: str
    date: date
    kind: str
    baseline_id: str | None


class NewAssessmentForm(FormDialog[NewAssessment | None]):
    """Organisation, scope, assessor, date, kind and (for a follow-up) the baseline."""

    save_label = "Create"
    dialog_id = "new-assessment"

    def __init__(self, *, assessor: str, existing: list[AssessmentSummary], today: date | None = None,
                 title: str = "New assessment") -> None:
        super().__init__(title)
        self._assessor = assessor
        self._existing = existing
        self._today = today or context.clock().date()

    def fields(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-body"):
            yield Field("Organisation", Input(placeholder="Client organisation", id="org"))
            yield Field("Scope", Input(placeholder="AI systems, teams, sites in scope; exclusions", id="scope"))
            yield Field("Assessor", Input(self._assessor, id="assessor"))
            yield Field("Date", Input(self._today.isoformat(), placeholder="2027-03-31 or 31/03/2027", id="date"))
            yield Field("Kind", Choice([(k, k) for k in ASSESSMENT_KINDS], value="gap", allow_blank=False, id="kind"))
            yield Field("Baseline", Choice(
                [(Text(f"{a.org} · {a.date} · {a.kind} · {a.id}"), a.id) for a in self._existing],
                prompt="(none)", id="baseline"))

    def submit(self) -> None:
        org = self.text("org")
        if not org:
            self.fail("org", "The organisation is required.")
            return
        try:
            when = self.date_value("date", "Date") or self._today
        except DateError as exc:
            self.fail("date", str(exc))
            return
        kind = str(self.query_one("#kind", Choice).value)
        baseline = self.query_one("#baseline", Choice).value
        baseline_id = None if baseline is Choice.BLANK else str(baseline)
        if kind == "follow-up" and baseline_id is None:
            self.fail("baseline", "A follow-up needs a baseline: choose the earlier assessment.")
            return
        self.dismiss(NewAssessment(org, self.text("scope"), self.text("assessor"), when, kind, baseline_id))
