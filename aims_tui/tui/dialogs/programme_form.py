"""The audit programme of this file (ISO/IEC 42001 9.2.2): the period it covers, its objectives and
the results of earlier audits that shaped it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from textual.app import ComposeResult
from textual.widgets import Input

from aims_tui.domain.internal_audit import AuditProgramme
from aims_tui.tui.dialogs.audit_fields import FormResult, checked, period, required
from aims_tui.tui.dialogs.form_base import Field, FormDialog

__all__ = ["ProgrammeForm", "ProgrammeInput"]


@dataclass(frozen=True)
class ProgrammeInput(FormResult):
    """The fields for ``internal_audit.save_programme``."""

    title: str
    period_start: date
    period_end: date
    objectives: str
    earlier_results: str


class ProgrammeForm(FormDialog[ProgrammeInput | None]):
    """Write the programme, or change it (``programme``)."""

    dialog_id = "programme-form"

    def __init__(self, programme: AuditProgramme | None = None) -> None:
        super().__init__("Edit audit programme" if programme else "Audit programme")
        self._programme = programme

    def fields(self) -> ComposeResult:
        p = self._programme
        yield Field("Title", Input(p.title if p else "", placeholder="e.g. AIMS internal audits 2027", id="title"))
        yield Field("Period from", Input(p.period_start.isoformat() if p else "", placeholder="2027-01-01",
                                         id="period_start"))
        yield Field("Period to", Input(p.period_end.isoformat() if p else "", placeholder="2027-12-31",
                                       id="period_end"))
        yield Field("Objectives", Input(p.objectives if p else "", placeholder="what the audits are for",
                                        id="objectives"))
        yield Field("Earlier results", Input(p.earlier_results if p else "",
                                             placeholder="results of earlier audits that shaped this programme",
                                             id="earlier_results"))

    @checked
    def submit(self) -> None:
        title = required(self, "title", "The programme needs a title.")
        start, end = period(self, ("period_start", "Period from"), ("period_end", "Period to"),
                            needed="The programme needs the period it covers: both dates (2027-01-01).")
        assert start is not None and end is not None  # needed: both given
        self.dismiss(ProgrammeInput(title, start, end, self.text("objectives"), self.text("earlier_results")))
