"""An evidence reference: title, location, seen or claimed, optionally a local file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from aims_tui.tui.widgets.forms import Field


@dataclass(frozen=True)
class EvidenceInput:
    title: str
    location: str
    state: str
    """``seen`` or ``claimed``."""
    file: Path | None


class EvidenceForm(ModalScreen[EvidenceInput | None]):
    """Record what was shown (seen) or only mentioned (claimed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="evidence-cancel"),
        Binding("ctrl+s", "submit", "Save", id="evidence-save"),
    ]

    def __init__(self, hints: list[str]) -> None:
        super().__init__()
        self._hints = hints

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Evidence reference"), classes="dialog-title")
            yield Field("Title", Input(placeholder=self._hints[0] if self._hints else "Document title", id="title"))
            yield Field("Location", Input(placeholder='document name, URL, path or "shown on screen"',
                                          id="location"))
            yield Field("Seen/claimed", Select([("seen: shown to the assessor", "seen"),
                                                ("claimed: only mentioned", "claimed")],
                                               value="seen", allow_blank=False, id="state"))
            yield Field("Local file", Input(placeholder="optional: path to a copy (hashed to detect changes)",
                                            id="file"))
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", compact=True, id="save")
                yield Button("Cancel", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        error = self.query_one("#error", Static)
        if not title:
            error.update(Text("A title is required."))
            self.query_one("#title", Input).focus()
            return
        raw = self.query_one("#file", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        if path is not None and not path.is_file():
            error.update(Text(f"No such file: {path}"))
            self.query_one("#file", Input).focus()
            return
        self.dismiss(EvidenceInput(title, self.query_one("#location", Input).value.strip(),
                                   str(self.query_one("#state", Select).value), path))
