"""An audit finding on the current answer: type and text."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from aims_tui.domain.content import ScaleItem
from aims_tui.tui.dialogs.form_base import Field, FormDialog


@dataclass(frozen=True)
class FindingInput:
    type: str
    text: str


class FindingForm(FormDialog[FindingInput | None]):
    """Major or minor nonconformity, observation or opportunity for improvement."""

    # The type is preselected from the answer (minor NC when not met): typing starts in the text.

    def __init__(self, types: list[ScaleItem], *, status: str | None = None) -> None:
        super().__init__("Finding")
        self._types = types
        self._status = status

    def fields(self) -> ComposeResult:
        # A requirement not met is a nonconformity, minor by default: a major one should be a
        # deliberate choice. Otherwise the mildest type, an observation.
        ids = [t.id for t in self._types]
        wanted = "minor-nc" if self._status == "not-met" else "observation"
        default = wanted if wanted in ids else ids[-1]
        yield Field("Type", Select([(Text(t.label), t.id) for t in self._types], value=default,
                                   allow_blank=False, id="type"))
        yield Field("Finding", Input(placeholder="what was found, against which requirement", id="text"))

    def submit(self) -> None:
        self.dismiss(FindingInput(str(self.query_one("#type", Select).value), self.text("text")))
