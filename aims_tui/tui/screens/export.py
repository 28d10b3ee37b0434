"""Export: the Word gap report, the SoA (.docx and .csv) and the JSON bundle, written in a worker.

The worker never touches the UI thread's SQLite connection: the engagement snapshot and the
bundle are read here, on the UI thread, and handed over as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from aims_tui import user_state
from aims_tui.domain.content import Content
from aims_tui.domain.models import Engagement
from aims_tui.domain.wording import error_line
from aims_tui.exports import EXPORT_KINDS, ExportCancelled, ExportError, check_template, export, write_pdf
from aims_tui.locations import exports_dir
from aims_tui.store import StoreError
from aims_tui.tui.context import Session
from aims_tui.tui.screens.heading import Headed
from aims_tui.tui.widgets.footer import SectionFooter

__all__ = ["ExportScreen", "ExportStarted", "ExportWritten", "ExportFailed", "ExportsFinished"]


@dataclass
class ExportStarted(Message):
    """The worker began writing one export."""

    kind: str


@dataclass
class ExportWritten(Message):
    """One export is complete on disk at ``path``."""

    kind: str
    path: Path


@dataclass
class ExportFailed(Message):
    """One export could not be written; ``error`` is one line for the user."""

    kind: str
    error: str


@dataclass
class PdfDone(Message):
    """The PDF of a Word export: written at ``path``, or not, with one line in ``error``."""

    path: Path | None
    error: str | None = None


@dataclass
class ExportsFinished(Message):
    """The worker has finished every export it was given."""

    written: int
    failed: int


class ExportScreen(Headed, Screen[None]):
    """Choose where, then write one export or all of them; each result is listed with its path."""
    SECTION: ClassVar[str] = "export"  # the footer marks its key
    HEADING = "Export"

    DEFAULT_CSS = """
    ExportScreen #export-form {
        height: auto;
        padding: 1 2 0 2;
    }
    ExportScreen .export-row {
        height: auto;
        margin-bottom: 1;
    }
    ExportScreen .export-row > Label {
        width: 12;
        color: $text-muted;
    }
    ExportScreen .export-row > Input {
        width: 1fr;
    }
    ExportScreen #export-buttons {
        height: auto;
        margin-bottom: 1;
    }
    ExportScreen #export-buttons Button {
        margin-right: 1;
        width: auto;
        min-width: 8;
    }
    ExportScreen #export-progress-row {
        height: auto;
        padding: 0 2;
    }
    ExportScreen #export-progress {
        width: 40;
    }
    ExportScreen #export-status {
        width: 1fr;
        padding-left: 2;
        color: $text-muted;
    }
    ExportScreen #export-results-scroll {
        height: 1fr;
        padding: 1 2;
    }
    ExportScreen #export-results {
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "export('report')", "Gap report", id="export-report"),
        Binding("s", "export('soa-docx')", "SoA .docx", id="export-soa-docx"),
        Binding("c", "export('soa-csv')", "SoA .csv", id="export-soa-csv"),
        Binding("b", "export('bundle')", "Bundle", id="export-bundle"),
        Binding("u", "export('audit-report')", "Audit report", id="export-audit-report"),
        Binding("a", "export_all", "All", id="export-all"),
        Binding("p", "toggle_pdf", "PDF too", id="export-pdf"),
    ]

    running: reactive[bool] = reactive(False)
    """True while the worker is writing; the export actions wait until it is done."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.results: list[tuple[str, Path | None, str | None]] = []
        """(kind, path written or None, error or None), newest last."""
        self._audit: Any = None
        """The audit's plan for the audit report (``internal_audit.audit_records``), read on this thread."""
        self.want_pdf = False
        """A PDF beside each Word export (the PDF checkbox; read by the worker)."""
        self._refocus: Button | None = None
        """The button that had the focus when its export started (disabling it took the focus)."""

    # -- typed accessors -------------------------------------------------------------------------

    @property
    def out_input(self) -> Input:
        return self.query_one("#export-out", Input)

    @property
    def template_input(self) -> Input:
        return self.query_one("#export-template", Input)

    @property
    def progress(self) -> ProgressBar:
        return self.query_one("#export-progress", ProgressBar)

    @property
    def status(self) -> Static:
        return self.query_one("#export-status", Static)

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="export-heading", classes="screen-heading")
        with Vertical(id="export-form"):
            with Horizontal(classes="export-row"):
                yield Label("Output")
                yield Input(str(user_state.export_folder(self.session.store.path) or exports_dir()), id="export-out",
                            compact=True,
                            placeholder="a folder (default names are used inside it) or a file path")
            with Horizontal(classes="export-row"):
                yield Label("Template")
                yield Input("", id="export-template", compact=True,
                            placeholder="optional: a firm's .docx/.dotx whose styles the Word exports use")
            with Horizontal(id="export-buttons"):
                for kind in EXPORT_KINDS.values():
                    yield Button(kind.label, id=f"export-{kind.id}", compact=True)
                yield Button("All", id="export-all", variant="primary", compact=True)
                yield Checkbox("PDF", id="export-pdf-check", compact=True,
                               tooltip="p: also a PDF beside each Word file (needs LibreOffice)")
        with Horizontal(id="export-progress-row"):
            yield ProgressBar(total=1, id="export-progress", show_eta=False)
            yield Static("Nothing exported yet.", id="export-status")
        with VerticalScroll(id="export-results-scroll"):
            yield Static(id="export-results")
        yield SectionFooter()

    def on_mount(self) -> None:
        self.fit_heading()
        org = self.session.store.summary(self.session.assessment_id).org  # a plain row, as the header reads
        heading = Text("Export ")
        heading.append(org)
        heading.append(" · folder or file, then a key or a button")
        self.query_one("#export-heading", Static).update(heading)
        # Typing goes into the Output field: letters are export keys only when no field has focus.
        self.set_focus(self.out_input)

    # -- starting exports ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "export_all"):
            return not self.running
        return True

    def watch_running(self, running: bool) -> None:
        pressed = self.focused if isinstance(self.focused, Button) else None
        for button in self.query("#export-buttons Button"):
            button.disabled = running
        if running and pressed is not None:
            self._refocus = pressed  # a disabled button loses the focus: give it back when done
        elif not running and self._refocus is not None:
            if not isinstance(self.focused, Input) and self._refocus.is_attached:  # unless moved to a field
                self.set_focus(self._refocus)
            self._refocus = None
        self.refresh_bindings()

    @on(Button.Pressed, "#export-buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        kind = (event.button.id or "").removeprefix("export-")
        if kind == "all":
            self.action_export_all()
        elif kind in EXPORT_KINDS:
            self.action_export(kind)

    def action_export(self, kind: str) -> None:
        self.start([kind])

    def action_toggle_pdf(self) -> None:
        self.query_one("#export-pdf-check", Checkbox).toggle()

    @on(Input.Submitted, "#export-form Input")
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter leaves a field for the next one (Output, Template, then the buttons), where the
        letters are export keys again."""
        event.stop()
        self.focus_next()

    @on(Checkbox.Changed, "#export-pdf-check")
    def _pdf_changed(self, event: Checkbox.Changed) -> None:
        self.want_pdf = event.value

    def action_export_all(self) -> None:
        self.start([k for k, spec in EXPORT_KINDS.items() if spec.in_all])

    def _paths(self, kinds: list[str]) -> tuple[Path | None, Path | None]:
        """The output and template paths; ExportError with one line when the template is unusable."""
        out_text = self.out_input.value.strip()
        template_text = self.template_input.value.strip()
        out = Path(out_text).expanduser() if out_text else None
        template = Path(template_text).expanduser() if template_text else None
        if template is not None and any(EXPORT_KINDS[k].uses_template for k in kinds):
            check_template(template)
        return out, template

    def start(self, kinds: list[str]) -> None:
        """Write ``kinds`` in a worker from a snapshot taken now, on this thread."""
        if self.running:
            return
        if len(kinds) > 1:
            out_text = self.out_input.value.strip()
            if out_text and not Path(out_text).expanduser().is_dir():
                self._show_failure("all", f"{out_text}: not an existing folder; exporting everything needs a "
                                          "folder (each file gets its default name)")
                return
        try:
            out, template = self._paths(kinds)
            engagement = self.session.engagement()
            bundle = (self.session.store.export_bundle(self.session.assessment_id) if "bundle" in kinds
                      else None)
            if "audit-report" in kinds:  # the audit's plan, read here: the worker never touches the store
                from aims_tui.store.internal_audit import audit_records

                self._audit = audit_records(self.session.store, self.session.assessment_id)
        except (ExportError, StoreError) as exc:
            self._show_failure(kinds[0] if len(kinds) == 1 else "all", error_line(exc))
            return
        self.running = True
        self.progress.update(total=len(kinds), progress=0)
        self.status.update("Writing…")
        self._write(kinds, engagement, self.session.content, out, template, bundle)

    def _write(self, kinds: list[str], engagement: Engagement, content: Content, out: Path | None,
               template: Path | None, bundle: dict[str, Any] | None) -> None:
        """Write in a thread worker. It belongs to the app, not to this screen: switching to another
        section does not stop an export; quitting does, at the next paragraph or table."""
        self.app.run_worker(partial(self._write_all, kinds, engagement, content, out, template, bundle),
                            name="export", group="export", thread=True)

    def _write_all(self, kinds: list[str], engagement: Engagement, content: Content, out: Path | None,
                   template: Path | None, bundle: dict[str, Any] | None) -> None:
        worker = get_current_worker()
        written = failed = 0
        for kind in kinds:
            if worker.is_cancelled:
                return
            self.post_message(ExportStarted(kind))
            try:
                path = export(kind, engagement, content, out, template=template, bundle=bundle,
                              stop=lambda: worker.is_cancelled, audit=self._audit)
            except ExportCancelled:
                return  # the app is quitting: nobody is left to tell
            except (ExportError, StoreError, OSError, ValueError) as exc:
                failed += 1
                self.post_message(ExportFailed(kind, error_line(exc)))
            except Exception as exc:  # a bug in an exporter must not leave the screen stuck "running"
                failed += 1
                self.post_message(ExportFailed(kind, f"unexpected error: {error_line(exc)}"))
            else:
                written += 1
                self.post_message(ExportWritten(kind, path))
                if self.want_pdf and path.suffix == ".docx":
                    try:
                        self.post_message(PdfDone(write_pdf(path)))
                    except ExportError as exc:
                        self.post_message(PdfDone(None, error_line(exc)))
        self.post_message(ExportsFinished(written, failed))

    # -- results ---------------------------------------------------------------------------------

    def on_export_started(self, message: ExportStarted) -> None:
        self.status.update(Text(f"Writing {EXPORT_KINDS[message.kind].label}…"))

    def on_export_written(self, message: ExportWritten) -> None:
        self.results.append((message.kind, message.path, None))
        user_state.remember_export_folder(self.session.store.path, message.path.parent)  # offered next time
        self.progress.advance(1)
        self._draw_results()

    def on_export_failed(self, message: ExportFailed) -> None:
        self.results.append((message.kind, None, message.error))
        self.progress.advance(1)
        self._draw_results()

    def on_pdf_done(self, message: PdfDone) -> None:
        self.results.append(("pdf", message.path, message.error))
        self._draw_results()

    def on_exports_finished(self, message: ExportsFinished) -> None:
        self.running = False
        line = Text(f"Done: {message.written} written")
        if message.failed:
            line.append(f", {message.failed} failed", style="bold red")
        self.status.update(line)
        if message.failed:
            self.notify(f"{message.failed} export(s) failed; see the list", severity="error", markup=False)
        elif message.written:
            self.notify(f"{message.written} export{'s' if message.written != 1 else ''} written", markup=False)

    def _show_failure(self, kind: str, error: str) -> None:
        self.results.append((kind, None, error))
        self.status.update(Text("Not exported: see below", style="bold red"))
        self._draw_results()

    def _draw_results(self) -> None:
        text = Text(overflow="fold")
        for kind, path, error in reversed(self.results):
            label = EXPORT_KINDS[kind].label if kind in EXPORT_KINDS else "PDF" if kind == "pdf" else "Export"
            if text:
                text.append("\n")
            if path is not None:
                text.append("✓ ", style="bold #4caf50")
                text.append(f"{label}: ")
                text.append(str(path), style="bold")
            else:
                text.append("✗ ", style="bold red")
                text.append(f"{label}: ")
                text.append(error or "failed", style="red")
        self.query_one("#export-results", Static).update(text)
