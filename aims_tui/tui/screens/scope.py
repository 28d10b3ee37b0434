"""Scope: the scope statement and the AI system inventory."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from aims_tui.domain.models import AISystem
from aims_tui.domain.terminal_text import visible
from aims_tui.store import StoreError
from aims_tui.tui import context
from aims_tui.tui.context import Session
from aims_tui.tui.dialogs.confirm_dialog import Confirm
from aims_tui.tui.dialogs.system_form import SystemForm, SystemInput
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.key_table import KeyTable
from aims_tui.tui.widgets.look import cut
from aims_tui.tui.widgets.text_area import AutosaveArea


class ScopeScreen(Headed, Screen[None]):
    """Edit what the assessment covers and register the AI systems in it."""

    SECTION: ClassVar[str] = "scope"
    HEADING = "Scope"
    """The section this screen is (the footer marks its key)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "edit_scope", "Edit scope", id="scope-edit"),
        Binding("a", "add_system", "Add system", id="scope-add-system"),
        Binding("e", "edit_system", "Edit system", id="scope-edit-system"),
        Binding("d", "delete_system", "Delete system", id="scope-delete-system"),
        Binding("escape", "leave", "Back", id="scope-leave"),
    ]
    AUTO_FOCUS = "#systems"
    DEFAULT_CSS = """
    ScopeScreen .scope-label { height: 1; padding: 0 1; color: $text-muted; }
    ScopeScreen #scope-row { height: 1; }
    ScopeScreen #scope-saved { width: auto; color: $text-muted; padding: 0 1; }
    ScopeScreen #scope-label { width: 1fr; }
    ScopeScreen #scope-text { height: 7; border: round $foreground 30%; margin: 0 1; }
    ScopeScreen #scope-text:focus { border: round $accent; }
    ScopeScreen #systems { height: 1fr; margin: 0 1; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.aid = session.assessment_id
        self.systems: list[AISystem] = []
        self._scope_area = AutosaveArea(self._save_scope, id="scope-text", soft_wrap=True, tab_behavior="focus")

    @property
    def scope_text(self) -> AutosaveArea:
        # Held, not queried: the statement is flushed on unmount, when the DOM is gone.
        return self._scope_area

    @property
    def table(self) -> DataTable:
        return self.query_one("#systems", DataTable)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="scope-row"):
            yield Static(Text("Scope (s to edit): what is in, what is out and why"),
                         id="scope-label", classes="scope-label")
            yield Static("", id="scope-saved")
        yield self._scope_area
        yield Static(Text("AI systems (a add · e/enter edit · d delete)"), classes="scope-label")
        yield KeyTable(id="systems", cursor_type="row", zebra_stripes=True)
        yield SectionFooter()

    def on_mount(self) -> None:
        assessment = self.store.assessment(self.aid)
        self.fit_heading()
        self.scope_text.load(visible(assessment.scope))  # stored as shown only once edited
        table = self.table
        # Widths capped and Supplier before the free-length columns: nothing but Stage and Purpose
        # is cut at 100 columns.
        # Reach (yes/no/unknown) beside the tier cost Name two and Supplier one column.
        for label, key, width in (("Name", "name", 18), ("EU AI Act", "tier", None), ("Reach", "reach", None),
                                  ("In scope", "in_scope", None),
                                  ("Role", "role", None), ("Supplier", "supplier", 15), ("Owner", "owner", 14),
                                  ("Stage", "stage", None), ("Purpose", "purpose", None)):
            table.add_column(label, key=key, width=width)
        self.refresh_systems()

    def on_screen_suspend(self) -> None:
        self.flush_scope()

    def on_unmount(self) -> None:
        self.flush_scope()

    # -- scope statement -------------------------------------------------------------------------

    def flush_scope(self) -> None:
        """Commit the statement on screen if it differs from what the store has."""
        self.scope_text.flush()

    def _save_scope(self, text: str) -> bool:
        try:
            self.store.update_assessment(self.aid, scope=text)
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), title="Scope not saved", severity="error", markup=False)
            return False
        if self.is_mounted:
            self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")
        return True

    def _indicate(self, message: str) -> None:
        for widget in self.query("#scope-saved").results(Static):
            widget.update(Text(message))

    def action_edit_scope(self) -> None:
        """Into the statement, at its end: what is typed adds to it."""
        self.scope_text.focus()
        self.scope_text.move_cursor(self.scope_text.document.end)

    def action_leave(self) -> None:
        if self.focused is self.scope_text:
            self.flush_scope()
            self.table.focus()
        else:
            self.flush_scope()
            self.app.action_back()  # type: ignore[attr-defined]

    # -- AI systems ------------------------------------------------------------------------------

    def refresh_systems(self, select: str | None = None) -> None:
        self.systems = self.store.systems(self.aid)
        table = self.table
        table.clear()
        for s in self.systems:
            cells = (cut(s.name, 18), s.tier, s.eu_act_reach, "yes" if s.in_scope else "no", s.role,
                     cut(s.supplier, 15), cut(s.owner, 14), s.lifecycle_stage, s.purpose[:60])
            table.add_row(*(Text(visible(cell)) for cell in cells), key=s.id)
        if select is not None:
            ids = [s.id for s in self.systems]
            if select in ids:
                table.move_cursor(row=ids.index(select))
        self.refresh_bindings()

    @property
    def selected(self) -> AISystem | None:
        row = self.table.cursor_row
        return self.systems[row] if self.systems and 0 <= row < len(self.systems) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_system", "delete_system"):
            return True if self.systems else None
        return True


    def action_add_system(self) -> None:
        def done(value: SystemInput | None) -> None:
            if value is None:
                return
            try:
                system = self.store.add_system(self.aid, **value.fields())
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.refresh_systems(select=system.id)
            self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")

        form = self.app.ahead.take("new-system", self.session.content.scales,  # type: ignore[attr-defined]
                                   lambda: SystemForm(self.session.content.scales))
        self.app.push_screen(form, done)

    def build_ahead(self) -> bool:
        """While nobody types: have the new-system form ready for ``a``."""
        return self.app.ahead.want("new-system", self.session.content.scales,  # type: ignore[attr-defined]
                                   lambda: SystemForm(self.session.content.scales))

    @on(DataTable.RowSelected, "#systems")
    def action_edit_system(self) -> None:
        system = self.selected
        if system is None:
            return

        def done(value: SystemInput | None) -> None:
            if value is None:
                return
            try:
                self.store.update_system(system.id, **value.fields())
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.refresh_systems(select=system.id)
            self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")

        self.app.push_screen(SystemForm(self.session.content.scales, system), done)

    def action_delete_system(self) -> None:
        system = self.selected
        if system is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.store.delete_system(system.id)
                self.refresh_systems()
                self._indicate(f"saved ✓ {context.clock():%H:%M:%S}")

        self.app.push_screen(Confirm(f"Delete the AI system {system.name}? Risks linked to it are kept, "
                                     "unlinked.", yes="Delete"), done)
