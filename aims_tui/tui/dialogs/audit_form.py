"""One internal audit of the programme: objectives, scope (clauses, controls, processes, AI
systems), criteria, dates, the audit team, and, once it is over, the conclusion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input

from aims_tui.domain.internal_audit import Audit
from aims_tui.tui.dialogs.audit_fields import FormResult, checked, id_list, period, refs, refuse, required
from aims_tui.tui.dialogs.form_base import Field, FormDialog

if TYPE_CHECKING:
    from aims_tui.domain.content import Structure

__all__ = ["AuditForm", "AuditInput"]


@dataclass(frozen=True)
class AuditInput(FormResult):
    """The fields for ``internal_audit.save_audit``."""

    title: str
    objectives: str
    scope: dict[str, list[str]]
    criteria: str
    start: date | None
    end: date | None
    auditors: list[str]
    earlier_results: str
    conclusion: str


class AuditForm(FormDialog[AuditInput | None]):
    """Plan an audit, or change one (``audit``). ``systems`` are the inventory's names: a system in
    scope must be one of them."""

    dialog_id = "audit-form"
    DEFAULT_CSS = """
    AuditForm Field { margin-bottom: 0; }
    """

    def __init__(self, structure: Structure, systems: list[str], audit: Audit | None = None) -> None:
        super().__init__(f"Edit audit {audit.title}" if audit else "Plan an internal audit")
        self._structure = structure
        self._systems = systems
        self._audit = audit

    def fields(self) -> ComposeResult:
        a = self._audit or Audit(id="-", title="-")
        new = self._audit is None
        with VerticalScroll(classes="dialog-body"):
            yield Field("Title", Input("" if new else a.title, placeholder="e.g. Internal audit Q3: risk and data",
                                       id="title"))
            yield Field("Objectives", Input(a.objectives, placeholder="what this audit is to find out",
                                            id="objectives"))
            yield Field("Clauses", Input(", ".join(a.scope.clauses), placeholder="e.g. 6.1, 8.2 (blank: none)",
                                         id="clauses"))
            yield Field("Controls", Input(", ".join(a.scope.controls), placeholder="e.g. A.6, A.7.4",
                                          id="controls"))
            yield Field("Processes", Input(", ".join(a.scope.processes),
                                           placeholder="e.g. model release, incident handling", id="processes"))
            yield Field("AI systems", Input(", ".join(a.scope.systems), placeholder=", ".join(self._systems[:3])
                                            or "names from the inventory", id="systems"))
            yield Field("Criteria", Input(a.criteria, id="criteria"))
            yield Field("From", Input(a.start.isoformat() if a.start else "", placeholder="2027-03-01",
                                      id="start"))
            yield Field("To", Input(a.end.isoformat() if a.end else "", placeholder="2027-03-03", id="end"))
            yield Field("Auditors", Input(", ".join(a.auditors), placeholder="the lead auditor first, commas between",
                                          id="auditors"))
            yield Field("Earlier results", Input(a.earlier_results,
                                                 placeholder="earlier audits and open actions that shaped this one",
                                                 id="earlier_results"))
            yield Field("Conclusion", Input(a.conclusion, placeholder="after the audit: conformity and effectiveness",
                                            id="conclusion"))

    @checked
    def submit(self) -> None:
        title = required(self, "title", "The audit needs a title.")
        clauses = refs(self, "clauses", "Clauses", self._structure, "clause")
        controls = refs(self, "controls", "Controls", self._structure, "control")
        known = {" ".join(s.casefold().split()): s for s in self._systems}
        systems = []
        for name in id_list(self.text("systems")):
            if " ".join(name.casefold().split()) not in known:
                listed = ", ".join(self._systems) or "none yet (add them on the Scope screen)"
                refuse(self, "systems", f"AI systems: {name!r} is not in the inventory; known: {listed}.")
            systems.append(known[" ".join(name.casefold().split())])
        start, end = period(self, ("start", "From"), ("end", "To"))
        scope = {"clauses": clauses, "controls": controls, "processes": id_list(self.text("processes")),
                 "systems": systems}
        self.dismiss(AuditInput(title, self.text("objectives"), scope, self.text("criteria") or Audit(
            id="-", title="-").criteria, start, end, id_list(self.text("auditors")),
            self.text("earlier_results"), self.text("conclusion")))
