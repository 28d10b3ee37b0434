"""The "new assessment" form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from aims_tui.domain.models import KINDS
from aims_tui.store import AssessmentSummary
from aims_tui.tui import context
from aims_tui.tui.widgets.forms import Field, parse_date


@dataclass(frozen=True)
class NewAssessment:
    """What the form collected, validated."""

    org: str
    scope: str
    assessor: str
    date: date
    kind: str
    baseline_id: str | None


class NewAssessmentForm(ModalScreen[NewAssessment | None]):
    """Organisation, scope, assessor, date, kind and (for a follow-up) the baseline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "submit", "Create", id="form-submit"),
    ]

    def __init__(self, *, assessor: str, existing: list[AssessmentSummary], today: date | None = None,
                 title: str = "New assessment") -> None:
        super().__init__()
        self._assessor = assessor
        self._existing = existing
        self._today = today or context.clock().date()
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-assessment"):
            yield Static(Text(self._title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Field("Organisation", Input(placeholder="Client organisation", id="org"))
                yield Field("Scope", Input(placeholder="AI systems, teams, sites in scope; exclusions", id="scope"))
                yield Field("Assessor", Input(self._assessor, id="assessor"))
                yield Field("Date", Input(self._today.isoformat(), placeholder="YYYY-MM-DD", id="date"))
                yield Field("Kind", Select([(k, k) for k in KINDS], value="gap", allow_blank=False, id="kind"))
                yield Field("Baseline", Select(
                    [(Text(f"{a.org} · {a.date} · {a.kind} · {a.id}"), a.id) for a in self._existing],
                    prompt="(none)", id="baseline"))
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", variant="primary", compact=True, id="create")
                yield Button("Cancel", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#org", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#create")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        org = self.query_one("#org", Input).value.strip()
        error = self.query_one("#error", Static)
        if not org:
            error.update(Text("The organisation is required."))
            self.query_one("#org", Input).focus()
            return
        try:
            when = parse_date(self.query_one("#date", Input).value) or self._today
        except ValueError as exc:
            error.update(Text(str(exc)))
            self.query_one("#date", Input).focus()
            return
        kind = str(self.query_one("#kind", Select).value)
        baseline = self.query_one("#baseline", Select).value
        baseline_id = None if baseline is Select.NULL else str(baseline)
        if kind == "follow-up" and baseline_id is None:
            error.update(Text("A follow-up needs a baseline: choose the earlier assessment."))
            self.query_one("#baseline", Select).focus()
            return
        self.dismiss(NewAssessment(org, self.query_one("#scope", Input).value.strip(),
                                   self.query_one("#assessor", Input).value.strip(), when, kind, baseline_id))
