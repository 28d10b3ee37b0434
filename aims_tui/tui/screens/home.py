"""Home: the assessments in this file, newest first, with their progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from aims_tui.domain.terminal_text import visible
from aims_tui.store import AssessmentSummary, Store, StoreError
from aims_tui.tui.widgets.footer import SectionFooter
from aims_tui.tui.widgets.key_table import KeyTable

if TYPE_CHECKING:  # the forms import pydantic's models: loaded when first opened, not before the list
    from aims_tui.tui.dialogs.assessment_form import NewAssessment


class HomeScreen(Screen[None]):
    """Choose, create, duplicate or archive an assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="home-open", priority=True),  # shown, not the table's own
        Binding("n", "new", "New", id="home-new"),
        Binding("f", "follow_up", "Follow-up", id="home-follow-up"),
        Binding("a", "archive", "Archive", id="home-archive"),
        Binding("a", "restore", "Restore", id="home-restore"),
        Binding("t", "show_archived(True)", "Show archived", id="home-show-archived"),
        Binding("t", "show_archived(False)", "Hide archived", id="home-hide-archived"),
        Binding("i", "import_bundle", "Import", id="home-import"),
    ]

    show_archived: reactive[bool] = reactive(False)
    """Whether archived assessments are listed too."""

    def __init__(self, store: Store, question_count: int) -> None:
        super().__init__()
        self.store = store
        self.question_count = question_count
        """How many questions an assessment has (the denominator of "Answered")."""
        self._rows: list[AssessmentSummary] = []
        self._footer_state: bool | None | str = "unset"
        """What the footer was drawn for: no row (None), an active (False) or archived (True) one."""
        self._offered_new = False
        self._listed_on_mount = False
        self._filling: object | None = None
        """Which reading of the list the rows still to add belong to (see _add_rows)."""

    @property
    def table(self) -> DataTable:
        return self.query_one("#assessments", DataTable)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Assessments in {self.store.path}"), id="home-heading")
        yield KeyTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-empty")
        yield SectionFooter()

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("org", "Organisation"), ("kind", "Kind"), ("date", "Date"), ("progress", "Answered"), ("id", "Id"),
        ("scope", "Scope"))
    FIRST_ROWS = 100
    """Rows put in the table before the list is first drawn (more than any terminal shows); the
    rest follow right after that frame (P5: a file of 500 assessments)."""

    def on_mount(self) -> None:
        self._show_list()  # before the first layout
        self._listed_on_mount = True

    def on_screen_resume(self) -> None:
        """The list is read each time it is shown again, not on the resume that follows mounting (it
        was read twice at start; 500 assessments made that 3,000 cells laid out twice). It is never
        mounted behind another screen: an assessment opened at start has no list under it."""
        listed, self._listed_on_mount = self._listed_on_mount, False
        if not listed:
            self._show_list()

    def _show_list(self) -> None:
        self.refresh_list()
        if not self._offered_new:  # a first start, on an empty file: the form for the first one
            self._offered_new = True
            if not self._rows and not self.store.list_assessments(include_archived=True):
                self.call_after_refresh(self.action_new, first=True)

    def watch_show_archived(self) -> None:
        if self.is_mounted:
            self.refresh_list()

    def refresh_list(self, select: str | None = None) -> None:
        """Reload the list from the store, keeping (or moving to) the selected assessment."""
        table = self.table
        current = select or self.selected_id
        self._rows = self.store.list_assessments(include_archived=self.show_archived)
        rows = [self._cells(row) for row in self._rows]
        # Widths from the text itself: Textual would measure every cell of every row first (3,000
        # for 500 assessments), and the rows after FIRST_ROWS can follow without moving a column.
        table.clear(columns=True)
        for i, (key, label) in enumerate(self.COLUMNS):
            table.add_column(label, key=key, width=max([len(label), *(r[i].cell_len for r in rows)]))
        self._filling = filling = object()
        for row, cells in zip(self._rows[:self.FIRST_ROWS], rows):
            table.add_row(*cells, key=row.id)
        ids = [r.id for r in self._rows]
        if len(rows) > self.FIRST_ROWS:
            self.call_after_refresh(self._add_rows, filling, rows[self.FIRST_ROWS:], ids, current)
        elif current in ids:
            table.move_cursor(row=ids.index(current))
        empty = self.query_one("#home-empty", Static)
        empty.display = not self._rows
        if self._rows or self.show_archived or not self.store.list_assessments(include_archived=True):
            empty.update(Text("No assessments yet. Press n to create your first assessment."))
        else:
            empty.update(Text("All assessments are archived: t shows them, n creates a new one."))
        if current in ids[:self.FIRST_ROWS]:
            table.move_cursor(row=ids.index(current))
        table.focus()

    def _cells(self, row: AssessmentSummary) -> list[Text]:
        org = Text(visible(row.org).replace("\n", " "))
        if row.archived:
            org.append(" (archived)", style="italic")
            org.stylize("dim")
        scope = row.scope.splitlines()[0] if row.scope else ""
        return [org, Text(row.kind), Text(row.date), Text(f"{row.answered}/{self.question_count}"), Text(row.id),
                Text(visible(scope[:60]))]

    def _add_rows(self, filling: object, rows: list[list[Text]], ids: list[str], current: str | None) -> None:
        """The rows after the first FIRST_ROWS, once the list is drawn (unless it was read again)."""
        if filling is not self._filling or not self.is_mounted:
            return
        for key, cells in zip(ids[self.FIRST_ROWS:], rows):
            self.table.add_row(*cells, key=key)
        if current in ids[self.FIRST_ROWS:]:
            self.table.move_cursor(row=ids.index(current))

    @property
    def selected(self) -> AssessmentSummary | None:
        if not self._rows:
            return None
        row = self.table.cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def selected_id(self) -> str | None:
        selected = self.selected if self.is_mounted and self._rows else None
        return selected.id if selected else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("archive", "restore"):  # one of the two, by what the highlighted row is
            selected = self.selected
            if selected is None:
                return None if action == "archive" else False
            return selected.archived == (action == "restore")
        if action in ("open", "follow_up"):
            return True if self.selected is not None else None
        if action == "show_archived":  # t shows them, then t hides them: one of the two is offered
            return parameters[0] != self.show_archived
        return True

    # -- actions ---------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Only when what check_action says changes: each refresh rebuilds the footer.
        selected = self.selected
        state = None if selected is None else selected.archived
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    def action_open(self) -> None:
        if (selected := self.selected) is not None:
            self.app.open_assessment(selected.id)  # type: ignore[attr-defined]


    def action_new(self, first: bool = False) -> None:
        from aims_tui.tui.dialogs.assessment_form import NewAssessmentForm

        existing = self.store.list_assessments(include_archived=True)
        form = NewAssessmentForm(assessor=self.store.actor, existing=existing,
                                 title="Create your first assessment" if first else "New assessment")
        self.app.push_screen(form, self._create)

    def _create(self, new: NewAssessment | None) -> None:
        if new is None:
            return
        try:
            created = self.store.create_assessment(
                new.org, new.scope, assessors=[new.assessor] if new.assessor else [], date_=new.date,
                kind=new.kind, baseline_id=new.baseline_id,
                matrix=self.app.content.scales.default_matrix())  # type: ignore[attr-defined]
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.refresh_list(select=created.id)
        self.notify(f"Created {visible(created.org)} ({created.id}).", markup=False)
        self.app.open_assessment(created.id, section="scope")  # type: ignore[attr-defined]

    def action_follow_up(self) -> None:
        from aims_tui.tui.dialogs.confirm_dialog import Confirm

        selected = self.selected
        if selected is None:
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            created = self.store.duplicate_as_follow_up(selected.id)
            self.refresh_list(select=created.id)
            self.notify(f"Follow-up {created.id} created from {selected.id}: scope, systems and risks copied; "
                        "answers start empty.", markup=False)

        self.app.push_screen(Confirm(f"Create a follow-up assessment of {selected.org} ({selected.id})? Its scope, "
                                     "AI systems and risks are copied; the answers start empty.", yes="Create"),
                             done)

    def action_archive(self) -> None:
        from aims_tui.tui.dialogs.confirm_dialog import Confirm

        selected = self.selected
        if selected is None or selected.archived:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.store.archive_assessment(selected.id, archived=True)
                self.refresh_list()
                if not self.show_archived:
                    self.notify("Archived. Press t to show archived assessments.", markup=False)

        self.app.push_screen(Confirm(f"Archive {selected.org} ({selected.id})?", yes="Archive"), done)

    def action_restore(self) -> None:
        selected = self.selected
        if selected is not None and selected.archived:
            self.store.archive_assessment(selected.id, archived=False)
            self.refresh_list(select=selected.id)
            self.notify(f"Restored {visible(selected.org)} ({selected.id}).", markup=False)

    def action_show_archived(self, show: bool) -> None:
        self.show_archived = show
        self.refresh_bindings()  # the footer now offers the other one

    def action_import_bundle(self, value: str = "") -> None:
        from aims_tui.locations import exports_dir
        from aims_tui.tui.dialogs.prompt_dialog import Prompt

        # Bundles in the folders exports go to, newest first (one level only: the cwd may be $HOME).
        suggestions: list[str] = []
        try:
            found = {p: p.stat().st_mtime for folder in {Path.cwd(), exports_dir()}
                     for pattern in ("*.json", "*.aimsbundle") for p in folder.glob(pattern) if p.is_file()}
            suggestions = [str(p) for p in sorted(found, key=found.__getitem__, reverse=True)]
        except OSError:  # the working folder was removed, a file vanished meanwhile: no suggestions
            pass
        self.app.push_screen(
            Prompt("Import a bundle into this file", placeholder="path/to/…-bundle-….json", value=value,
                   hint="A bundle from 'Export' or 'aims export bundle'. Missing rows are added; where both "
                        "sides changed the same row the newer change wins and is listed; both audit trails "
                        "are kept.", suggestions=suggestions),
            self._import_from)

    def _import_from(self, text: str | None) -> None:
        if text and text.strip():
            self._read_bundle(Path(text.strip()).expanduser())

    @work(thread=True, exclusive=True, group="import")
    def _read_bundle(self, path: Path) -> None:
        """Read and parse the file off the UI thread; the merge itself runs on the store's thread."""
        from aims_tui.store.bundle import read_bundle_file
        from aims_tui.store.sealed_bundle import is_sealed

        if is_sealed(path):  # an encrypted bundle (issue 15): its passphrase first
            self.app.call_from_thread(self._unseal, path)
            return
        try:
            bundle = read_bundle_file(path)
        except StoreError as exc:
            self.app.call_from_thread(self._import_failed, path, str(exc))
            return
        except Exception as exc:  # a worker's exception would end the app: say it in one line instead
            self.app.call_from_thread(self._import_failed, path, f"{path}: cannot read the bundle ({exc!r:.120})")
            return
        self.app.call_from_thread(self._merge, path, bundle)

    def _unseal(self, path: Path) -> None:
        from aims_tui.store.sealed_bundle import read_sealed
        from aims_tui.tui.dialogs.passphrase_dialog import PassphraseDialog

        def merge(bundle: Any) -> None:
            if bundle is not None:
                self._merge(path, bundle)

        self.app.push_screen(PassphraseDialog("Encrypted bundle", path, lambda passphrase: read_sealed(
            path, passphrase or ""), esc="esc cancels"), merge)

    def _import_failed(self, path: Path, message: str) -> None:
        """Say why, and ask again with the path as typed, to correct rather than retype."""
        self.notify(message, severity="error", markup=False)
        self.action_import_bundle(str(path))

    def _merge(self, path: Path, bundle: Any) -> None:
        from aims_tui.tui.dialogs.notice_dialog import Notice

        try:
            report = self.store.import_bundle(bundle, source=str(path), content=self.app.content)  # type: ignore[attr-defined]
        except StoreError as exc:
            self._import_failed(path, str(exc))
            return
        self.refresh_list(select=report.assessment_id)
        self.app.push_screen(Notice(f"Imported {visible(path.name)}", [visible(line) for line in report.lines()]))
