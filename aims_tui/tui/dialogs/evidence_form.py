"""An evidence reference: title, location, seen or claimed, its date, optionally a local file.

One form records a new reference and edits one already recorded; editing can attach a file (or
another copy in its place) and shows the attached file's SHA-256 as recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from aims_tui.domain.models import EvidenceRef
from aims_tui.tui import context
from aims_tui.tui.dialogs.form_base import DateError, Field, FormDialog
from aims_tui.tui.widgets.choice import Choice

__all__ = ["EvidenceEditForm", "EvidenceForm", "EvidenceInput", "attached_file"]


@dataclass(frozen=True)
class EvidenceInput:
    title: str
    location: str
    state: str
    """``seen`` or ``claimed``."""
    file: Path | None
    """A local copy to hash and attach; None leaves the attached file (if any) as it is."""
    date: date | None = None
    """When the evidence was seen or issued."""

    def changes(self) -> dict[str, Any]:
        """The fields for ``Store.update_evidence`` (which hashes ``file`` when given)."""
        fields: dict[str, Any] = {"title": self.title, "location": self.location, "state": self.state,
                                  "date": self.date}
        if self.file is not None:
            fields["file"] = self.file
        return fields


def attached_file(evidence: EvidenceRef) -> Text:
    """The attached file with its size and SHA-256 (as recorded when attached), or that there is none."""
    if not evidence.file_path:
        return Text("No local file attached.", style="dim")
    text = Text("Attached: ", style="dim")
    text.append(evidence.file_path)
    if evidence.size is not None:
        text.append(f" ({evidence.size:,} bytes)", style="dim")
    text.append("\nSHA-256: ", style="dim")
    text.append(evidence.sha256 or "not recorded")
    return text


class EvidenceForm(FormDialog[EvidenceInput | None]):
    """Record what was shown (seen) or only mentioned (claimed), or change a reference recorded."""

    def __init__(self, hints: list[str], evidence: EvidenceRef | None = None) -> None:
        super().__init__("Edit evidence reference" if evidence else "Evidence reference")
        self._hints = hints
        self._evidence = evidence

    def fields(self) -> ComposeResult:
        e = self._evidence
        # The question's evidence hints complete what is typed (→ accepts); the placeholder is an
        # example, written as one so that it never looks like a value already filled in.
        example = f"e.g. {self._hints[0]}" if self._hints else "document title"
        yield Field("Title", Input(e.title if e else "", placeholder=example, id="title",
                                   suggester=SuggestFromList(self._hints, case_sensitive=False) if self._hints
                                   else None))
        yield Field("Location", Input(e.location if e else "", placeholder='document name, URL, path or "shown on '
                                      'screen"', id="location"))
        yield Field("Seen/claimed", Choice([("seen: shown to the assessor", "seen"),
                                            ("claimed: only mentioned", "claimed")],
                                           value=e.state if e else "seen", allow_blank=False, id="state"))
        when = (e.date if e else context.clock().date())
        yield Field("Date", Input(when.isoformat() if when else "", placeholder="optional: 2027-03-31 or 31/03/2027",
                                  id="date"))
        yield Field("Local file", Input(placeholder="optional: path of another copy to attach in its place"
                                        if e and e.file_path
                                        else "optional: path to a copy (hashed to detect changes)", id="file"))
        if e is not None:
            yield Static(attached_file(e), id="evidence-file")

    def read(self) -> EvidenceInput | None:
        """The fields, checked; None after saying (with the cursor on it) which one is wrong."""
        title = self.text("title")
        if not title:
            self.fail("title", "A title is required.")
            return None
        try:
            when = self.date_value("date", "Date")
        except DateError as exc:
            self.fail("date", str(exc))
            return None
        raw = self.text("file")
        path = Path(raw).expanduser() if raw else None
        if path is not None and not path.is_file():
            self.fail("file", f"Local file: no such file {str(path)!r}; give the path of a copy of the evidence.")
            return None
        return EvidenceInput(title, self.text("location"), str(self.query_one("#state", Choice).value), path, when)

    def submit(self) -> None:
        if (value := self.read()) is not None:
            self.dismiss(value)


class EvidenceEditForm(EvidenceForm):
    """The form on a reference already recorded; dismisses with the changes for ``update_evidence``."""

    def __init__(self, evidence: EvidenceRef) -> None:
        super().__init__([], evidence)

    def submit(self) -> None:
        if (value := self.read()) is not None:
            self.dismiss(value.changes())  # type: ignore[arg-type]  # the walker's edit flow takes a dict
