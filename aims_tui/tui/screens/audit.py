"""Internal audit (ISO/IEC 42001 9.2, 10.2): the programme, the audit run in this assessment, its
interview plan, and the findings with their corrective actions until verified effective.

The rules (scope, independence, action states, overdue) come from ``domain/internal_audit.py`` and
the rows from ``store/internal_audit.py``; this screen shows them and writes what the auditor
decides. From a scheduled interview, ``i`` opens the questionnaire on that interview's questions
("Now interviewing X").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from aims_tui.domain.internal_audit import (
    Audit,
    AuditProgramme,
    Interview,
    action_state,
    finding_label,
    independence_warnings,
    interview_questions,
    is_nonconformity,
    is_overdue,
    nonconformities_without_action,
)
from aims_tui.domain.models import Action, Engagement, Finding
from aims_tui.store import StoreError
from aims_tui.store import internal_audit as ia
from aims_tui.tui.context import Session
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.key_table import KeyTable
from aims_tui.tui.widgets.look import cut

__all__ = ["AuditScreen", "interviewing"]

today: Callable[[], dt.date] = dt.date.today
"""The date "overdue" is judged on; tests replace it."""


def interviewing(interview: Interview) -> str:
    """The walker's banner in interview mode: "Now interviewing Dana Ng (CISO)"."""
    return f"Now interviewing {interview.auditee}" + (f" ({interview.role})" if interview.role else "")


class AuditScreen(Headed, Screen[None]):
    """The programme and this assessment's audit above; its interview plan, then its findings and
    corrective actions, in two tables (tab moves between them)."""

    SECTION: ClassVar[str] = "audit"  # the footer marks its key
    HEADING = "Internal audit"

    DEFAULT_CSS = """
    AuditScreen #audit-summary { height: auto; max-height: 9; padding: 0 1; background: $boost; }
    AuditScreen .audit-label { height: 1; padding: 0 1; color: $text-muted; text-style: bold; }
    AuditScreen #audit-interviews { height: 1fr; min-height: 4; }
    AuditScreen #audit-findings { height: 2fr; min-height: 5; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "edit_audit", "Audit", id="audit-edit"),
        Binding("p", "edit_programme", "Programme", id="audit-programme"),
        Binding("n", "new_interview", "Schedule", id="audit-new-interview"),
        Binding("i", "interview_now", "Interview now", id="audit-interview-now"),
        Binding("h", "toggle_held", "Held", id="audit-held"),
        Binding("f", "new_finding", "Finding", id="audit-new-finding"),
        Binding("r", "raise_action", "Corrective action", id="audit-raise-action"),
        Binding("v", "verify", "Verify", id="audit-verify"),
        Binding("e", "edit_row", "Edit", id="audit-edit-row"),
    ]

    WRITES: ClassVar[frozenset[str]] = frozenset({"edit_audit", "edit_programme", "new_interview", "toggle_held",
                                                  "new_finding", "raise_action", "verify", "edit_row"})
    """What a read-only session refuses here (tui/read_only.py); interviewing only reads until a
    key in the questionnaire writes."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.aid = session.assessment_id
        self.engagement: Engagement = session.engagement()
        self.programme: AuditProgramme | None = None
        self.audit: Audit | None = None
        self.schedule: list[Interview] = []
        self.rows: list[Finding | Action] = []
        """The findings table, in order: each finding, then the actions on it; then actions on no finding."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def interviews_table(self) -> DataTable:
        return self.query_one("#audit-interviews", DataTable)

    @property
    def findings_table(self) -> DataTable:
        return self.query_one("#audit-findings", DataTable)

    @property
    def selected_interview(self) -> Interview | None:
        table = self.interviews_table
        return self.schedule[table.cursor_row] if 0 <= table.cursor_row < len(self.schedule) else None

    @property
    def selected_row(self) -> Finding | Action | None:
        table = self.findings_table
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="audit-heading", classes="screen-heading")
        yield Static(id="audit-summary")
        yield Static(Text("Plan: interviews (n schedule · i interview now · h held · e edit)"), classes="audit-label")
        yield KeyTable(id="audit-interviews", cursor_type="row", zebra_stripes=True)
        yield Static(Text("Findings and corrective actions (f finding · r action · v verify · e edit)"),
                     classes="audit-label")
        yield KeyTable(id="audit-findings", cursor_type="row", zebra_stripes=True)
        yield SectionFooter()

    def on_mount(self) -> None:
        self.fit_heading()
        self.interviews_table.add_columns("When", "Auditee", "Role", "Min", "Topics", "Questions", "Held")
        self.findings_table.add_columns("Finding / action", "Ref", "Owner", "Due", "State")
        self.reload()
        (self.interviews_table if self.schedule or not self.rows else self.findings_table).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read everything again and redraw, keeping the cursors where they were."""
        self.engagement = self.session.engagement()
        try:
            programmes = ia.programmes(self.store)
            self.audit = ia.audit_of(self.store, self.aid)
            self.schedule = ia.interviews(self.store, self.audit.id) if self.audit else []
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            programmes, self.audit, self.schedule = [], None, []
        wanted = self.audit.programme_id if self.audit else None
        self.programme = next((p for p in programmes if p.id == wanted), programmes[-1] if programmes else None)
        self._draw_summary()
        self._draw_interviews()
        self._draw_findings()
        self.refresh_bindings()

    def _draw_summary(self) -> None:
        assessment = self.engagement.assessment
        heading = Text("Internal audit · ")
        heading.append(self.audit.title if self.audit else "no audit planned for this assessment yet (a plans one)")
        self.query_one("#audit-heading", Static).update(heading)
        text = Text()
        p = self.programme
        text.append("Programme: ", style="bold")
        if p is None:
            text.append("none yet (p writes it: the period, objectives, results of earlier audits)", style="dim")
        else:
            text.append(f"{p.title} · {p.period_start.isoformat()} to {p.period_end.isoformat()}")
            if p.objectives:
                text.append(f" · {cut(p.objectives, 80)}")
        a = self.audit
        if a is not None:
            scope = a.scope
            parts = [("clauses", scope.clauses), ("controls", scope.controls), ("processes", scope.processes),
                     ("AI systems", scope.systems)]
            text.append("\nScope: ", style="bold")
            text.append(" · ".join(f"{name} {', '.join(v)}" for name, v in parts if v) or "the whole standard")
            text.append("\nCriteria: ", style="bold")
            text.append(cut(a.criteria, 160))
            dates = " to ".join(d.isoformat() for d in (a.start, a.end) if d) or assessment.date.isoformat()
            text.append("\nDates: ", style="bold")
            text.append(dates)
            text.append(" · Auditors: ", style="bold")
            text.append(", ".join(a.auditors) or "not named yet")
            for warning in independence_warnings(a, self.engagement.systems, self.engagement.risks,
                                                 self.engagement.actions):
                text.append("\n⚠ Independence: ", style="bold red")
                text.append(str(warning))
        missing = nonconformities_without_action(self.engagement.findings, self.engagement.actions)
        if missing:
            text.append(f"\n{len(missing)} nonconformit{'y' if len(missing) == 1 else 'ies'} without a corrective "
                        "action (r raises one on the selected finding)", style="bold")
        self.query_one("#audit-summary", Static).update(text)

    def _draw_interviews(self) -> None:
        table = self.interviews_table
        row = table.cursor_row
        table.clear()
        for i in self.schedule:
            questions = len(interview_questions(self.session.content, i))
            table.add_row(Text(i.start.strftime("%Y-%m-%d %H:%M") if i.start else "–"), Text(cut(i.auditee, 20)),
                          Text(cut(i.role, 16)), Text(str(i.minutes)), Text(cut(", ".join(i.topics), 24)),
                          Text(str(questions)), Text("yes" if i.done else "no", style="" if i.done else "dim"),
                          key=i.id)
        if self.schedule:
            table.move_cursor(row=min(max(row, 0), len(self.schedule) - 1))

    def _draw_findings(self) -> None:
        table = self.findings_table
        row = table.cursor_row
        table.clear()
        self.rows = []
        actions = self.engagement.actions
        now = today()
        for f in self.engagement.findings:
            self.rows.append(f)
            style = "bold" if is_nonconformity(f) else ""
            table.add_row(Text(finding_label(f, 46), style=style),
                          Text(f.ref or "–"), Text(""), Text(""), Text(""), key=f"f-{f.id}")
            for a in actions:
                if a.finding_id == f.id:
                    self._action_row(a, now, "  ↳ ")
        for a in actions:
            if a.finding_id is None or a.finding_id not in {f.id for f in self.engagement.findings}:
                self._action_row(a, now, "Action: ")
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))

    def _action_row(self, a: Action, now: dt.date, prefix: str) -> None:
        self.rows.append(a)
        state = Text(action_state(a), style="bold" if action_state(a) == "closed" else "")
        if is_overdue(a, now):
            state.append(" OVERDUE", style="bold red")
        self.findings_table.add_row(Text(cut(prefix + a.title, 46)), Text(a.control_id or ""),
                                    Text(cut(a.owner, 12)), Text(a.due.isoformat() if a.due else "–"), state,
                                    key=f"a-{a.id}")

    # -- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("interview_now", "toggle_held"):
            return self.selected_interview is not None or None
        if action == "new_interview":
            return self.audit is not None or None
        if action == "verify":
            return isinstance(self.selected_row, Action) or None
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    async def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        await self.run_action("edit_row")  # as the e key: refused in a read-only session

    def _write(self, what: str, change: Callable[[], Any]) -> Any:
        """Run one store write; say in one line why it failed, and redraw."""
        try:
            result = change()
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), title=f"{what} not saved", severity="error", markup=False)
            return None
        self.reload()
        return result

    def action_edit_programme(self) -> None:
        from aims_tui.tui.dialogs.programme_form import ProgrammeForm, ProgrammeInput

        current = self.programme

        def done(value: ProgrammeInput | None) -> None:
            if value is not None:
                saved = self._write("Programme", lambda: ia.save_programme(
                    self.store, current.id if current else None, **value.fields()))
                if saved is not None and self.audit is not None and self.audit.programme_id is None:
                    self._write("Audit", lambda: ia.save_audit(self.store, self.audit.id, programme_id=saved.id))

        self.app.push_screen(ProgrammeForm(current), done)

    def action_edit_audit(self) -> None:
        from aims_tui.tui.dialogs.audit_form import AuditForm, AuditInput

        current = self.audit

        def done(value: AuditInput | None) -> None:
            if value is None:
                return
            if current is not None:
                self._write("Audit", lambda: ia.save_audit(self.store, current.id, **value.fields()))
            else:
                self._write("Audit", lambda: ia.save_audit(
                    self.store, assessment_id=self.aid, programme_id=self.programme.id if self.programme else None,
                    **value.fields()))

        self.app.push_screen(AuditForm(self.session.content.structure,
                                       [s.name for s in self.engagement.systems], current), done)

    def action_new_interview(self) -> None:
        from aims_tui.tui.dialogs.interview_form import InterviewForm, InterviewInput

        audit = self.audit
        if audit is None:
            self.notify("Plan the audit first (a): interviews belong to an audit.", markup=False)
            return

        def done(value: InterviewInput | None) -> None:
            if value is not None:
                fields = value.fields()
                fields.pop("done")
                self._write("Interview", lambda: ia.add_interview(self.store, audit.id, **fields))

        self.app.push_screen(InterviewForm(self.session.content.structure), done)

    def _edit_interview(self, interview: Interview) -> None:
        from aims_tui.tui.dialogs.interview_form import InterviewForm, InterviewInput

        def done(value: InterviewInput | None) -> None:
            if value is not None:
                self._write("Interview", lambda: ia.update_interview(self.store, interview.id, **value.fields()))

        self.app.push_screen(InterviewForm(self.session.content.structure, interview), done)

    def action_toggle_held(self) -> None:
        interview = self.selected_interview
        if interview is not None:
            self._write("Interview", lambda: ia.update_interview(self.store, interview.id, done=not interview.done))

    def action_interview_now(self) -> None:
        """The questionnaire on this interview's questions, in order, with the auditee answering."""
        from aims_tui.tui.screens.walker import WalkerScreen

        interview = self.selected_interview
        if interview is None:
            return
        questions = [q.id for q in interview_questions(self.session.content, interview)]
        if not questions:
            self.notify(f"No questions for the topics of this interview ({', '.join(interview.topics) or 'none'}): "
                        "e edits them.", severity="warning", markup=False)
            return
        if not self.session.read_only:  # the auditee answers: recorded on each answer
            try:
                self.store.set_interviewee(self.aid, interview.auditee, interview.role or None)
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
        self.session.interviewees = [interview.auditee]
        self.session.current_question = questions[0]
        self.app.switch_screen(WalkerScreen(self.session, questions=questions, banner=interviewing(interview),
                                            back_to="audit"))

    def action_new_finding(self) -> None:
        from aims_tui.tui.dialogs.finding_form import FindingForm, FindingInput

        def done(value: FindingInput | None) -> None:
            if value is not None:
                self._write("Finding", lambda: ia.add_finding(self.store, self.aid, ref=value.ref, type=value.type,
                                                              text=value.text, evidence=value.evidence))

        self.app.push_screen(FindingForm(list(self.session.content.scales.finding_types),
                                         known_refs=self.session.content.structure.sections), done)

    def _findings_choice(self) -> list[tuple[str, str]]:
        return [(f.id, finding_label(f)) for f in self.engagement.findings]

    def action_raise_action(self) -> None:
        from aims_tui.tui.dialogs.action_form import ActionForm, ActionInput

        row = self.selected_row
        finding_id = row.id if isinstance(row, Finding) else row.finding_id if isinstance(row, Action) else None

        def done(value: ActionInput | None) -> None:
            if value is None:
                return
            fields = {k: v for k, v in value.__dict__.items() if k not in ("title", "finding_id", "status")}
            self._write("Action", lambda: ia.add_corrective_action(self.store, self.aid, title=value.title,
                                                                   finding_id=value.finding_id, **fields))

        self.app.push_screen(ActionForm("this audit", findings=self._findings_choice(), finding_id=finding_id), done)

    def action_verify(self) -> None:
        from aims_tui.tui.dialogs.verify_form import VerifyForm, VerifyInput

        row = self.selected_row
        if not isinstance(row, Action):
            self.notify("Select a corrective action to verify (the rows under a finding).", markup=False)
            return

        def done(value: VerifyInput | None) -> None:
            if value is not None:
                self._write("Verification", lambda: ia.verify_action(self.store, row.id, effective=value.effective,
                                                                     by=value.by, note=value.note, on=value.on))

        self.app.push_screen(VerifyForm(row, self.store.actor, today()), done)

    def action_edit_row(self) -> None:
        """Edit what the cursor is on: in the plan an interview, else a finding or an action."""
        from aims_tui.tui.dialogs.item_forms import ActionEditForm, FindingEditForm

        if self.focused is self.interviews_table:
            interview = self.selected_interview
            if interview is not None:
                self._edit_interview(interview)
            return
        row = self.selected_row
        if row is None:
            return
        form: Any
        if isinstance(row, Finding):
            update: Callable[..., Any] = self.store.update_finding
            form = FindingEditForm(row, list(self.session.content.scales.finding_types))
        else:
            update = self.store.update_action
            form = ActionEditForm(row, self._findings_choice())

        def done(changes: dict[str, Any] | None) -> None:
            if changes:
                self._write("Change", lambda: update(row.id, **changes))

        self.app.push_screen(form, done)
