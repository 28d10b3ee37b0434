"""The application: CSS, global bindings, palette commands and the first screen. Behaviour lives
in the screens (``aims_tui.tui.screens``)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from aims_tui.domain.content import Content
from aims_tui.store import Store
from aims_tui.tui.commands import BindingCommands
from aims_tui.tui.context import Session

SECTIONS: dict[str, tuple[str, str]] = {
    "scope": ("aims_tui.tui.screens.scope", "ScopeScreen"),
    "questionnaire": ("aims_tui.tui.screens.walker", "WalkerScreen"),
    "risks": ("aims_tui.tui.screens.risks", "RisksScreen"),
    "soa": ("aims_tui.tui.screens.soa", "SoAScreen"),
    "dashboard": ("aims_tui.tui.screens.dashboard", "DashboardScreen"),
    "export": ("aims_tui.tui.screens.export", "ExportScreen"),
}
"""Section name -> (module, screen class). Imported lazily: a missing module is a notice, not a crash."""


class AimsApp(App[None]):
    """ISO/IEC 42001 gap assessments in the terminal."""

    TITLE = "aims"
    SUB_TITLE = "ISO/IEC 42001 gap assessment"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {BindingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-question-mark"),
        Binding("f2", "section('scope')", "Scope", id="section-scope"),
        Binding("f3", "section('questionnaire')", "Questions", id="section-questionnaire"),
        Binding("f4", "section('risks')", "Risks", id="section-risks"),
        Binding("f5", "section('soa')", "SoA", id="section-soa"),
        Binding("f6", "section('dashboard')", "Dashboard", id="section-dashboard"),
        Binding("f7", "section('export')", "Export", id="section-export"),
        Binding("escape", "back", "Back", id="back"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, store: Store, content: Content, *, assessment_id: str | None = None,
                 owns_store: bool = False) -> None:
        super().__init__()
        self.store = store
        self.content = content
        self.session: Session | None = None
        self._start_assessment = assessment_id
        self._owns_store = owns_store

    def on_mount(self) -> None:
        from aims_tui.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.store, self.content))
        if self._start_assessment is not None:
            self.open_assessment(self.store.resolve_id(self._start_assessment))

    def on_unmount(self) -> None:
        if self._owns_store:
            self.store.close()

    # -- navigation ------------------------------------------------------------------------------

    def open_assessment(self, assessment_id: str, section: str = "questionnaire") -> None:
        """Make ``assessment_id`` the current assessment and show one of its sections."""
        self.session = Session(self.store, self.content, assessment_id)
        self.session.remember_last_interviewees()
        self.open_section(section)

    def open_section(self, name: str) -> None:
        """Show section ``name`` (scope, questionnaire, risks, soa, dashboard, export) of the
        current assessment, replacing whichever section is showing."""
        if self.session is None:
            self.notify("Open an assessment first (enter on the home list).", severity="warning")
            return
        module_name, class_name = SECTIONS[name]
        try:
            screen_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(f"The {name} screen is not available in this build yet.", severity="warning")
            return
        screen = screen_class(self.session)
        if len(self.screen_stack) > 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_section(self, name: str) -> None:
        self.open_section(name)

    def action_back(self) -> None:
        """From a section back to the home list."""
        if len(self.screen_stack) > 2 and not isinstance(self.screen, ModalScreen):
            self.session = None
            self.pop_screen()

    def action_help(self) -> None:
        from aims_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            if isinstance(self.screen, ModalScreen):
                return False
            return None if self.session is None else True
        if action == "back":
            return len(self.screen_stack) > 2 and not isinstance(self.screen, ModalScreen)
        return True

    @property
    def section_screen(self) -> Screen | None:
        """The section on show, if any (the screen just above Home)."""
        return self.screen_stack[2] if len(self.screen_stack) > 2 else None


def make_app(db_path: Path | str | None = None, *, assessment_id: str | None = None,
             store: Store | None = None, content: Content | None = None) -> AimsApp:
    """Build the app on a database file (default: ``locations.default_db()``) or an open store.

    Raises StoreError (one line) when the file cannot be used, before anything is drawn.
    """
    owns = store is None
    if store is None:
        from aims_tui.locations import default_db

        store = Store.open(Path(db_path) if db_path is not None else default_db())
    if content is None:
        from aims_tui.domain.content import load_content
        from aims_tui.locations import builtin_questionnaires_dir, user_questionnaires_dir

        content = load_content(builtin_questionnaires_dir(), [user_questionnaires_dir()])
    return AimsApp(store, content, assessment_id=assessment_id, owns_store=owns)
