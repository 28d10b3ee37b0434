"""An evidence reference: title, location, seen or claimed, optionally a local file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from aims_tui.tui.dialogs.form_base import Field, FormDialog


@dataclass(frozen=True)
class EvidenceInput:
    title: str
    location: str
    state: str
    """``seen`` or ``claimed``."""
    file: Path | None


class EvidenceForm(FormDialog[EvidenceInput | None]):
    """Record what was shown (seen) or only mentioned (claimed)."""

    def __init__(self, hints: list[str]) -> None:
        super().__init__("Evidence reference")
        self._hints = hints

    def fields(self) -> ComposeResult:
        # The question's evidence hints complete what is typed (→ accepts); the placeholder is an
        # example, written as one so that it never looks like a value already filled in.
        example = f"e.g. {self._hints[0]}" if self._hints else "document title"
        yield Field("Title", Input(placeholder=example, id="title",
                                   suggester=SuggestFromList(self._hints, case_sensitive=False) if self._hints
                                   else None))
        yield Field("Location", Input(placeholder='document name, URL, path or "shown on screen"', id="location"))
        yield Field("Seen/claimed", Select([("seen: shown to the assessor", "seen"),
                                            ("claimed: only mentioned", "claimed")],
                                           value="seen", allow_blank=False, id="state"))
        yield Field("Local file", Input(placeholder="optional: path to a copy (hashed to detect changes)", id="file"))

    def submit(self) -> None:
        title = self.text("title")
        if not title:
            self.fail("title", "A title is required.")
            return
        raw = self.text("file")
        path = Path(raw).expanduser() if raw else None
        if path is not None and not path.is_file():
            self.fail("file", f"No such file: {path}")
            return
        self.dismiss(EvidenceInput(title, self.text("location"), str(self.query_one("#state", Select).value), path))
