"""The application: CSS, global bindings, palette commands and the first screen. Behaviour lives
in the screens (``aims_tui.tui.screens``)."""

from __future__ import annotations

import importlib
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from aims_tui.domain.terminal_text import visible
from aims_tui.store import Store
from aims_tui.tui.commands import BindingCommands
from aims_tui.tui.context import Session, app_title
from aims_tui.tui.ahead import FormsAhead
from aims_tui.tui.heap import held
from aims_tui.tui.idle import IdleWork
from aims_tui.tui.key_gate import KeyGate
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.textual_private import (after_first_frame, show_control_characters, skip_first_restyle,
                                          skip_repeated_layout, skip_unmounted_restyle, use_escape_first_parser)

if TYPE_CHECKING:  # pydantic and the content load after the home list is drawn (see make_app)
    from textual.driver import Driver

    from aims_tui.domain.content import Content
    from aims_tui.tui.locked_file import LockedFile

SECTIONS: dict[str, tuple[str, str]] = {
    "scope": ("aims_tui.tui.screens.scope", "ScopeScreen"),
    "questionnaire": ("aims_tui.tui.screens.walker", "WalkerScreen"),
    "risks": ("aims_tui.tui.screens.risks", "RisksScreen"),
    "soa": ("aims_tui.tui.screens.soa", "SoAScreen"),
    "dashboard": ("aims_tui.tui.screens.dashboard", "DashboardScreen"),
    "export": ("aims_tui.tui.screens.export", "ExportScreen"),
    "audit": ("aims_tui.tui.screens.audit", "AuditScreen"),
}
"""Section name -> (module, screen class). Imported lazily: a missing module is a notice, not a crash."""


class AimsApp(App[None]):
    """ISO/IEC 42001 gap assessments in the terminal."""

    TITLE = app_title(read_only=False)
    SUB_TITLE = "ISO/IEC 42001 gap assessment"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {BindingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help", priority=True),
        Binding("question_mark", "help", "Help", show=False, id="help-question-mark"),
        Binding("f2", "section('scope')", "Scope", id="section-scope", priority=True),
        Binding("f3", "section('questionnaire')", "Questions", id="section-questionnaire", priority=True),
        Binding("f4", "section('risks')", "Risks", id="section-risks", priority=True),
        Binding("f5", "section('soa')", "SoA", id="section-soa", priority=True),
        Binding("f6", "section('dashboard')", "Dashboard", id="section-dashboard", priority=True),
        Binding("f7", "section('export')", "Export", id="section-export", priority=True),
        # Out of the footer (every section's second row is full at 80 columns): in help and the palette.
        Binding("f8", "section('audit')", "Internal audit", id="section-audit", priority=True, show=False),
        Binding("escape", "back", "Back", id="back"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, store: Store | LockedFile, content: Content | Callable[[], Content], *,
                 question_count: int | None = None, assessment_id: str | None = None,
                 owns_store: bool = False) -> None:
        """``content`` is the loaded content, or a function that loads it: then it runs on a thread
        once the home list is drawn, and ``question_count`` (needed by the home list) is required.
        ``store`` is a LockedFile when the passphrase prompt must open it first (issue 15)."""
        super().__init__()
        self.locked = None if isinstance(store, Store) else store
        """The file the passphrase prompt opens before anything else is shown; None once open."""
        self.store: Store = store if isinstance(store, Store) else None  # type: ignore[assignment]
        self.quit_line: str | None = None
        """Set when the user quit at the passphrase prompt: the line the command prints (exit 2)."""
        self._content: Content | None = None
        self._content_loader: Callable[[], Content] | None = None
        if callable(content):
            assert question_count is not None
            self._content_loader = content
        else:
            self._content = content
            question_count = len(content.questions)
        self.question_count: int = question_count
        """How many questions the loaded content has (known before the content itself is loaded)."""
        self._content_lock = threading.Lock()
        self.content_error: str | None = None
        """Set when loading the content in the background failed; the app then exits with code 2."""
        self.session: Session | None = None
        self._start_assessment = assessment_id
        self._owns_store = owns_store
        self.key_gate = KeyGate(self)
        """Holds keys typed in a burst until the one before has taken effect."""
        if self.read_only:  # aims --read-only: said on every screen (issue 14)
            self.title = app_title(read_only=True)
        self.idle = IdleWork(self, busy=lambda: self.key_gate.busy, keys_waiting=lambda: self.key_gate.waiting)
        """The garbage collector's schedule and the dialogs prepared while nobody types."""
        self.ahead = FormsAhead(self)
        """The section forms built while nobody types (tui/ahead.py)."""
        self.before_input: Callable[[], None] | None = None
        """Run before the next key, paste or mouse event is handled: a screen whose first frame was
        drawn from a glance (domain/glance.py) reads the validated data here if it has not yet."""
        show_control_characters()  # stored text never reaches the terminal as control sequences
        skip_repeated_layout()  # a dialog is laid out once, not twice, as it appears
        skip_first_restyle()  # and styled once (its CSS is ready: tui/idle.py)
        skip_unmounted_restyle()  # not also as its widgets are built, before they mount

    @property
    def content(self) -> Content:
        """The questionnaires, risk catalogue and scales. If they are still loading in the
        background, waits for them (opening an assessment just after start)."""
        if self._content is None:
            with self._content_lock:  # held by the warm-up thread until it is done
                self._load_content()
        assert self._content is not None
        return self._content

    @property
    def read_only(self) -> bool:
        """Opened with ``aims --read-only``: every write is refused. The one place the TUI asks (the
        file may still be waiting for its passphrase, or not be open yet)."""
        return bool(getattr(self.store if self.store is not None else self.locked, "read_only", False))

    def _load_content(self) -> None:
        if self._content is not None:
            return
        if self.content_error is not None:
            raise RuntimeError(self.content_error)
        assert self._content_loader is not None
        try:
            self._content = self._content_loader()
        except Exception as exc:
            self.content_error = f"aims: error: {' '.join(str(exc).split())}"
            raise

    def _warm_up(self) -> None:
        """Thread worker, started once the home list is drawn: load the content (and with it
        pydantic), build the schemas of the models an assessment is read into and import the
        walker, while the user reads the list. Opening an assessment meanwhile waits for it."""
        try:
            with self._content_lock:
                self._load_content()
                from aims_tui.domain import models

                for model in (models.Engagement, models.Assessment, models.Settings, models.Answer,
                              models.AISystem, models.EvidenceRef, models.Finding, models.Action, models.Risk,
                              models.SoAOverride, models.Interviewee):
                    model.model_rebuild()  # no-op once built; the models defer this to first use
                importlib.import_module(SECTIONS["questionnaire"][0])
            try:
                self.call_from_thread(self.idle.start)  # the first screen is up
            except RuntimeError:  # the app is already gone
                pass
        except Exception:  # files changed under the cache: exit as the CLI does for bad content
            if self.content_error is None:
                raise
            try:
                self.call_from_thread(self.exit, return_code=2)
            except RuntimeError:  # the app is already gone
                pass

    def on_load(self) -> None:
        self.idle.hold()  # no garbage collection until the first screen is up

    def on_resize(self, event: events.Resize) -> None:
        self.ahead.drop()  # a form built ahead was fitted to the size of then (tui/ahead.py)
        for screen in self.screen_stack:  # the headers are fitted to the width (screens/heading.py)
            if isinstance(screen, Headed) and screen.is_mounted:
                screen.fit_heading(event.size.width)  # app.size is the old size until Textual's handler

    def on_mount(self) -> None:
        # A form built ahead was styled in the theme of then (tui/ahead.py)
        self.theme_changed_signal.subscribe(self, lambda _theme: self.ahead.drop())
        if self.locked is not None:  # an encrypted (or new) file: the prompt first, nothing behind it
            self._ask_passphrase(self.locked)
        else:
            self._show_home()

    def _ask_passphrase(self, locked: LockedFile) -> None:
        from aims_tui.tui.dialogs.passphrase_dialog import PassphraseDialog

        def unlocked(store: Store | None) -> None:
            if store is None:
                self.quit_line = (f"aims: {locked.path}: not created" if locked.new
                                  else f"aims: {locked.path}: not opened (no passphrase given)")
                self.exit(return_code=2)
                return
            self.store, self.locked, self._owns_store = store, None, True
            self._show_home()

        title = "New engagement file" if locked.new else "Encrypted engagement file"
        self.push_screen(PassphraseDialog(title, locked.path, locked.open, new=locked.new), unlocked)
        if self._content is None:  # the questionnaires load while the passphrase is typed
            self.call_after_refresh(self.run_worker, self._warm_up, name="warm up", thread=True,
                                    exit_on_error=False)

    def _show_home(self) -> None:
        """The home list, or the assessment the app was started on: then the home list is built
        only when escape goes back to it (P2: it is not composed under the walker)."""
        if self._start_assessment is not None:  # the walker's first frame needs no pydantic (P2)
            self.open_assessment(self.store.resolve_id(self._start_assessment), glance=True)
            return
        self.push_screen(self._home_screen())
        if self._content is None:  # starts the idle-time work when done
            self.call_after_refresh(self.run_worker, self._warm_up, name="warm up", thread=True,
                                    exit_on_error=False)
        else:
            self.call_after_refresh(self.idle.start)

    def _home_screen(self) -> Screen[Any]:
        from aims_tui.tui.screens.home import HomeScreen

        return HomeScreen(self.store, self.question_count)

    def get_driver_class(self) -> type[Driver]:
        use_escape_first_parser()  # esc followed at once by a key is two keys, not alt+key
        return super().get_driver_class()

    async def on_event(self, event: events.Event) -> None:
        if self.before_input is not None and isinstance(event, events.InputEvent):
            self.before_input()  # a first frame drawn from a glance is completed first
        if self.key_gate.holds(event):  # a key waits for the one before to take effect
            return
        if isinstance(event, events.Key):
            self.idle.key()  # the garbage collector waits until the keys stop
        await super().on_event(event)
        self.key_gate.handled(event)

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        """Every key runs here: in a read-only session a key that would write says so instead."""
        if self.read_only and isinstance(action, str):
            from textual.actions import parse

            from aims_tui.tui.read_only import REFUSED, writes

            prefix, name, params = parse(action)
            target = (namespaces or {}).get(prefix) or default_namespace or self
            if writes(target, name) and target.check_action(name, params):
                self.notify(REFUSED, severity="warning", markup=False)
                return True
        return await super().run_action(action, default_namespace, namespaces)

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        """Every notice, shown literally: messages quote stored text (names, paths, errors)."""
        super().notify(visible(str(message)), title=visible(title), **kwargs)

    def on_unmount(self) -> None:
        self.key_gate.close()
        self.idle.close()
        if self._owns_store and self.store is not None:
            self.store.close()

    # -- navigation ------------------------------------------------------------------------------

    def open_assessment(self, assessment_id: str, section: str = "questionnaire", *, glance: bool = False) -> None:
        """Make ``assessment_id`` the current assessment and show one of its sections. ``glance``:
        the questionnaire draws its first frame from a glance read without pydantic (app start)."""
        from aims_tui.store.content_upgrade import bring_up_to_date

        for line in bring_up_to_date(self.store, self.content, assessment_id).lines():  # issue 12
            self.notify(line, markup=False, timeout=10)
        self.session = Session(self.store, self.content, assessment_id)
        self.session.resume()
        if glance and section == "questionnaire":
            self.session.glance = self.store.glance(assessment_id)
        self.open_section(section)
        self.call_after_refresh(self.idle.start)

    def open_section(self, name: str) -> None:
        """Show section ``name`` (scope, questionnaire, risks, soa, dashboard, export) of the
        current assessment, replacing whichever section is showing."""
        if self.session is None:
            self.notify("Open an assessment first: enter on the list, n for a new one.", severity="warning")
            return
        module_name, class_name = SECTIONS[name]
        try:
            screen_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(f"The {name} screen is not available in this build yet.", severity="warning")
            return
        screen = screen_class(self.session)
        if self._in_section():
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        # Its forms are built as soon as it is drawn, its footer keys and all (tui/idle.py)
        after_first_frame(screen, partial(screen.call_after_refresh, self.idle.section_shown, screen))

    def _in_section(self) -> bool:
        """A section of an assessment is in front (no dialog over it)."""
        return getattr(self.screen, "SECTION", None) is not None

    def action_section(self, name: str) -> None:
        selected = getattr(self.screen, "selected_id", None) if self.session is None else None
        if selected is not None:  # on the home list: open the highlighted assessment at that section
            self.open_assessment(selected, section=name)
        else:
            self.open_section(name)

    def action_back(self) -> None:
        """From a section back to the home list."""
        if self._in_section():
            self.session = None
            if len(self.screen_stack) > 2:  # the home list is under it
                self.pop_screen()
            else:  # opened at start: the home list is built now
                self.switch_screen(self._home_screen())

    def action_help(self) -> None:
        from aims_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            # Enabled on the home list too: pressing one there says to open an assessment first.
            return not isinstance(self.screen, ModalScreen)
        if action == "back":
            return self._in_section()
        return True


def make_app(db_path: Path | str | None = None, *, assessment_id: str | None = None,
             store: Store | None = None, content: Content | None = None, read_only: bool = False,
             offer_encryption: bool = False) -> AimsApp:
    """Build the app on a database file (default: ``locations.default_db()``) or an open store.

    Raises StoreError (one line) when the file cannot be used, and ContentError when the
    questionnaires are invalid, before anything is drawn.

    Without ``content``, the questionnaires come through the validated-content cache: when it
    matches the files, the home list is drawn with only the question count read from it, and the
    content itself (with pydantic) loads on a thread after the first frame. Otherwise (first start,
    changed files) they are loaded and validated here, as before.

    An encrypted file opens with ``$AIMS_PASSPHRASE``, else the app starts on the passphrase
    prompt; with ``offer_encryption`` a file that does not exist yet is created by the prompt,
    encrypted or plain as the user chooses (tui/locked_file.py). ``read_only``: ``aims --read-only``.
    """
    with held():  # no garbage collection while the file opens and the content loads (tui/heap.py)
        return _make_app(db_path, assessment_id, store, content, read_only, offer_encryption)


def _make_app(db_path: Path | str | None, assessment_id: str | None, store: Store | None,
              content: Content | None, read_only: bool, offer_encryption: bool) -> AimsApp:
    from aims_tui import content_loader, locations
    from aims_tui.tui.locked_file import open_or_locked

    owns = store is None
    if store is None:
        store = open_or_locked(Path(db_path) if db_path is not None else locations.default_db(),  # type: ignore[assignment]
                               read_only=read_only, offer_encryption=offer_encryption)
    if content is not None:
        return AimsApp(store, content, assessment_id=assessment_id, owns_store=owns)
    cached = content_loader.probe_app_content()

    def load() -> Content:
        return content_loader.app_content(cached)

    if cached is None or assessment_id is not None:  # validate now / the walker needs it for its first frame
        try:
            loaded = load()
        except BaseException:
            if owns and isinstance(store, Store):
                store.close()
            raise
        return AimsApp(store, loaded, assessment_id=assessment_id, owns_store=owns)
    return AimsApp(store, load, question_count=cached.question_count, owns_store=owns)
