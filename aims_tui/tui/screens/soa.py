"""SoA: the Statement of Applicability (ISO/IEC 42001 6.1.3 d–e), the 38 Annex A controls grouped
by objective, as ``aims_tui.domain.soa.draft_soa`` drafts them with the assessor's edits on top."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from aims_tui.domain.models import Engagement
from aims_tui.domain.soa import SOA_FIELDS, TO_BE_NAMED, SoAEntry, draft_soa, soa_blockers
from aims_tui.domain.wording import counted
from aims_tui.store import StoreError
from aims_tui.tui.context import Session
from aims_tui.tui.dialogs.confirm_dialog import Confirm
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.key_table import Column, KeyTable, flex_text
from aims_tui.tui.widgets.look import EDITED, IMPLEMENTATION_STYLE, WARN, cut
from aims_tui.tui.dialogs.soa_form import SoAEdit, SoAForm

__all__ = ["SoAScreen"]

_STATUS_STYLE = IMPLEMENTATION_STYLE
_EDITED = EDITED


class SoAScreen(Headed, Screen[None]):
    """The SoA table, the entry under the cursor in full, and what still blocks finalising."""
    SECTION: ClassVar[str] = "soa"  # the footer marks its key
    HEADING = "Statement of Applicability"
    HEADING_SHORT = "SoA"

    DEFAULT_CSS = """
    SoAScreen #soa-legend {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    SoAScreen #soa-table {
        height: 1fr;
    }
    SoAScreen #soa-bottom {
        height: 8;
        border-top: hkey $foreground 20%;
    }
    SoAScreen #soa-detail-scroll {
        width: 3fr;
        padding: 0 1;
    }
    SoAScreen #soa-blockers-scroll {
        width: 2fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
    }
    SoAScreen #soa-detail, SoAScreen #soa-blockers {
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_entry", "Edit", id="soa-edit"),
        Binding("x", "toggle_applicable", "Include/exclude", id="soa-toggle-applicable"),
        Binding("r", "reset_entry", "Reset to draft", id="soa-reset-entry"),
        Binding("b", "next_blocked", "Next blocker", id="soa-next-blocked"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.engagement: Engagement = session.engagement()
        self.entries: list[SoAEntry] = []
        self.blockers: list[str] = []
        self._rows: list[SoAEntry | None] = []
        """One per table row: the entry, or None for an objective's heading row."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def table(self) -> KeyTable:
        return self.query_one("#soa-table", KeyTable)

    @property
    def detail(self) -> Static:
        return self.query_one("#soa-detail", Static)

    @property
    def blockers_panel(self) -> Static:
        return self.query_one("#soa-blockers", Static)

    @property
    def selected(self) -> SoAEntry | None:
        row = self.table.cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def entry(self, control_id: str) -> SoAEntry:
        return next(e for e in self.entries if e.control_id == control_id)

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="soa-heading", classes="screen-heading")
        yield Static(id="soa-legend")
        yield KeyTable(id="soa-table", cursor_type="row", zebra_stripes=False)
        with Horizontal(id="soa-bottom"):
            with VerticalScroll(id="soa-detail-scroll"):
                yield Static(id="soa-detail")
            with VerticalScroll(id="soa-blockers-scroll"):
                yield Static(id="soa-blockers")
        yield SectionFooter()

    def on_mount(self) -> None:
        self.fit_heading()
        self._add_columns(self.app.size.width - 4)
        self.reload()
        self.table.focus()

    COLUMN_KEYS = ("control", "title", "applicable", "reasons", "status", "risks", "owner", "justification")
    """The keys of :meth:`_cells`, in order."""

    def _add_columns(self, available: int | None = None) -> bool:
        """Every short column whole with a short header, the title taking the rest (cut with an
        ellipsis), the justification when it fits (the detail below has it in full). False when
        the columns were already so."""
        scales = self.session.content.scales
        # Whole names from 100 columns; below, what fits beside the other short columns.
        self._owner_width = 14 if (available or self.table.size.width) >= 96 else max(10, len(TO_BE_NAMED))
        return self.table.fit_columns([
            Column("control", "Control", 9),
            Column("title", "Title", 60, flex=True),
            Column("applicable", "Appl.", 4),
            Column("reasons", "Reasons", 6),
            Column("status", "Status", 1 + max(len(scales.short("implementation_statuses", s.id))
                                               for s in scales.implementation_statuses)),
            Column("risks", "Risks", 7),
            Column("owner", "Owner", self._owner_width),
            Column("justification", "Justification", 30, optional=1),
        ], available)

    @on(KeyTable.WidthChanged, "#soa-table")
    def _refit(self) -> None:
        keep = self.selected.control_id if self._rows and self.selected else None
        if self._add_columns():
            self.reload(select=keep)

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self._draw_legend()

    # -- showing the SoA -------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Redraft from a fresh snapshot; keep (or move to) the selected control."""
        current = self.selected if self._rows else None
        keep = select or (current.control_id if current else None)
        self.engagement = self.session.engagement()
        self.entries = draft_soa(self.session.content, self.engagement)
        self.blockers = soa_blockers(self.session.content, self.engagement)
        table = self.table
        table.clear()
        self._rows = []
        group = None
        for entry in self.entries:
            if entry.group_id != group:
                group = entry.group_id
                table.add_row(Text(entry.group_id, style="bold"), flex_text(entry.group_title, "bold"),
                              key=f"group:{entry.group_id}")
                self._rows.append(None)
            table.add_fitted_row(dict(zip(self.COLUMN_KEYS, self._cells(entry))), key=entry.control_id)
            self._rows.append(entry)
        target = next((i for i, e in enumerate(self._rows) if e is not None and e.control_id == keep), None)
        if target is None:
            target = 1 if len(self._rows) > 1 else 0
        table.move_cursor(row=target)
        self._draw_heading()
        self._draw_detail()
        self._draw_blockers()

    def _mark(self, text: Text, entry: SoAEntry, field: str) -> Text:
        if field in entry.edited:
            text.append("*", style=f"bold {_EDITED}")
        return text

    def _cells(self, e: SoAEntry) -> list[Text]:
        applicable = Text("yes" if e.applicable else "no", style="" if e.applicable else f"bold {WARN}")
        scales = self.session.content.scales  # short forms fit the columns at 80 columns
        reasons = Text(" ".join(scales.short("inclusion_reasons", r) for r in e.reasons) or "—")
        status = Text(scales.short("implementation_statuses", e.status) if e.status else "—",
                      style=_STATUS_STYLE.get(e.status or "", "dim"))
        control = Text(e.control_id.ljust(8))
        control.append("!" if e.problems else " ", style="bold red")
        return [
            control,
            flex_text(e.title),
            self._mark(applicable, e, "applicable"),
            self._mark(reasons, e, "reasons"),
            self._mark(status, e, "status"),
            Text(cut(", ".join(e.linked_risks), 7) or "—", style="" if e.linked_risks else "dim"),
            self._mark(self._owner(e), e, "owner"),
            self._mark(Text(cut(e.justification, 29)), e, "justification"),
        ]

    _owner_width = 14

    def _owner(self, e: SoAEntry) -> Text:
        """The owner; an applicable control without one says so in red (it is a blocker)."""
        if e.owner.strip():
            return Text(cut(e.owner, self._owner_width - 1))  # and the edit mark
        return Text(TO_BE_NAMED.lower(), style="red") if e.applicable else Text("—", style="dim")

    def _draw_heading(self) -> None:
        applicable = sum(1 for e in self.entries if e.applicable)
        edited = sum(1 for e in self.entries if e.edited)
        heading = Text(f"{len(self.entries)} controls · {applicable} applicable · "
                       f"{len(self.entries) - applicable} excluded · {edited} edited · "
                       f"{counted(len(self.blockers), 'blocker')}")
        self.query_one("#soa-heading", Static).update(heading)
        self._draw_legend()

    def _draw_legend(self) -> None:
        """What the Reasons abbreviations and the marks mean, wrapped between items (never inside
        one) so it stays readable at 80 columns."""
        items = [Text(f"{r.short} {r.label.lower()}") for r in self.session.content.scales.inclusion_reasons if r.short]
        items.append(Text.assemble(("*", f"bold {_EDITED}"), " your edit"))
        items.append(Text.assemble(("!", "bold red"), " blocked"))
        width = max(self.app.size.width - 2, 20)
        legend = Text()
        line = 0
        for item in items:
            if line and line + 3 + len(item) > width:
                legend.append("\n")
                line = 0
            elif line:
                legend.append(" · ")
                line += 3
            legend.append_text(item)
            line += len(item)
        self.query_one("#soa-legend", Static).update(legend)

    def _draw_detail(self) -> None:
        e = self.selected
        if e is None:
            self.detail.update(Text("An objective of Annex A: move to one of its controls.", style="dim"))
            return
        text = Text()
        text.append(f"{e.control_id} ", style="bold")
        text.append(e.title, style="bold")
        if e.status:
            text.append(f"   {self.session.content.scales.label('implementation_statuses', e.status).lower()}",
                        style=_STATUS_STYLE.get(e.status, ""))
        if e.answer_status:
            text.append(f"   interview: {e.answer_status.replace('-', ' ')}", style="dim")
        text.append("\n")
        text.append(e.justification)
        if "justification" in e.edited:
            text.append(" *", style=f"bold {_EDITED}")
        if e.evidence:
            text.append("\nEvidence: ", style="dim")
            text.append("; ".join(e.evidence))
        if e.coverage:  # the assessor's note: never part of the client's justification
            text.append("\nInterviews: ", style="dim")
            text.append(e.coverage, style="dim")
        if e.edited:
            text.append("\nEdited: " + ", ".join(f for f in SOA_FIELDS if f in e.edited), style=_EDITED)
        for problem in e.problems:
            text.append("\n! ", style="bold red")
            text.append(problem, style="red")
        self.detail.update(text)

    def _draw_blockers(self) -> None:
        if not self.blockers:
            self.blockers_panel.update(Text("No blockers: the SoA can be finalised.", style="#4caf50"))
            return
        text = Text()
        text.append(f"Blockers ({len(self.blockers)})", style="bold")
        for blocker in self.blockers:
            text.append("\n• ")
            text.append(blocker)
        self.blockers_panel.update(text)

    @on(DataTable.RowHighlighted, "#soa-table")
    def _highlighted(self) -> None:
        self._draw_detail()

    # -- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_entry", "toggle_applicable", "reset_entry"):
            entry = self.selected if self._rows else None
            if entry is None:
                return False
            if action == "reset_entry":
                return bool(entry.edited)
        if action == "next_blocked":
            return any(e is not None and e.problems for e in self._rows)
        return True

    def action_next_blocked(self) -> None:
        start = self.table.cursor_row
        n = len(self._rows)
        for step in range(1, n + 1):
            i = (start + step) % n
            entry = self._rows[i]
            if entry is not None and entry.problems:
                self.table.move_cursor(row=i)
                return

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_entry()

    def _form_source(self, entry: SoAEntry) -> tuple[object, ...]:
        """What the SoA form of ``entry`` is built from (tui/ahead.py)."""
        return (entry, self.engagement.soa_overrides.get(entry.control_id))

    def build_ahead(self) -> bool:
        """While nobody types: have the forms of the highlighted control ready for ``e`` and ``x``."""
        entry = self.selected if self._rows else None
        if entry is None:
            return False
        override = self.engagement.soa_overrides.get(entry.control_id)
        source = self._form_source(entry)
        ahead = self.app.ahead  # type: ignore[attr-defined]
        return (ahead.want("soa-edit", source, lambda: SoAForm(entry, override))
                or (entry.applicable and ahead.want("soa-exclude", source, lambda: SoAForm(entry, override,
                                                                                             exclude=True))))

    def action_edit_entry(self) -> None:
        entry = self.selected
        if entry is None:
            return
        override = self.engagement.soa_overrides.get(entry.control_id)
        form = self.app.ahead.take("soa-edit", self._form_source(entry),  # type: ignore[attr-defined]
                                   lambda: SoAForm(entry, override))
        self.app.push_screen(form, self._save)

    def action_toggle_applicable(self) -> None:
        """Include an excluded control at once, its justification back to the draft's (the reason
        for excluding it is no reason to include it); excluding needs a reason, so it opens the form."""
        entry = self.selected
        if entry is None:
            return
        if entry.applicable:
            override = self.engagement.soa_overrides.get(entry.control_id)
            form = self.app.ahead.take("soa-exclude", self._form_source(entry),  # type: ignore[attr-defined]
                                       lambda: SoAForm(entry, override, exclude=True))
            self.app.push_screen(form, self._save)
        else:
            self._save(SoAEdit(entry.control_id, {"applicable": None if entry.draft["applicable"] else True,
                                                  "justification": None}))

    def action_reset_entry(self) -> None:
        entry = self.selected
        if entry is None or not entry.edited:
            return

        def reset(confirmed: bool | None) -> None:
            if confirmed:
                self._save(SoAEdit(entry.control_id, {name: None for name in SOA_FIELDS}))

        self.app.push_screen(Confirm(f"Put {entry.control_id} back to the draft? Your edits to "
                                     f"{', '.join(entry.edited)} are dropped (the audit trail keeps them).",
                                     yes="Reset"), reset)

    def _save(self, edit: SoAEdit | None) -> None:
        if edit is None:
            return
        if not edit.changes:
            self.notify(f"{edit.control_id}: nothing changed", timeout=2, markup=False)
            return
        try:
            self.session.store.set_soa_override(self.session.assessment_id, edit.control_id, **edit.changes)
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), title="SoA entry not saved", severity="error", markup=False)
            return
        self.reload(select=edit.control_id)
