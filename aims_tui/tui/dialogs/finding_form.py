"""An audit finding: type, and the nonconformity statement's parts: requirement (clause or control
ref, prefilled from the question), evidence and what was found. One form raises a finding and
edits one already recorded."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Collection

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from aims_tui.domain.content import ScaleItem
from aims_tui.domain.models import Finding
from aims_tui.tui.dialogs.form_base import Field, FormDialog
from aims_tui.tui.widgets.choice import Choice

__all__ = ["FindingEditForm", "FindingForm", "FindingInput"]

FINDING_TEXT_REQUIRED = "The finding needs its text: what was found, against which requirement."


@dataclass(frozen=True)
class FindingInput:
    type: str
    text: str
    ref: str = ""
    """The requirement: clause or Annex A control id."""
    evidence: str = ""


class FindingForm(FormDialog[FindingInput | None]):
    """Major or minor nonconformity, observation or opportunity for improvement."""

    # The type is preselected from the answer (minor NC when not met) and the requirement from the
    # question: typing starts in the text, the statement's last part, and enter there saves.
    first_field = "text"

    def __init__(self, types: list[ScaleItem], *, status: str | None = None, finding: Finding | None = None,
                 ref: str = "", known_refs: Collection[str] | None = None) -> None:
        """``ref`` prefills the requirement (the question's); ``known_refs``, when given, are the
        clause and control ids a requirement must be one of."""
        super().__init__("Edit finding" if finding else "Finding")
        self._types = types
        self._status = status
        self._finding = finding
        self._ref = finding.ref if finding and finding.ref else ref
        self._known = known_refs

    def fields(self) -> ComposeResult:
        # A requirement not met is a nonconformity, minor by default: a major one should be a
        # deliberate choice. Otherwise the mildest type, an observation.
        ids = [t.id for t in self._types]
        wanted = "minor-nc" if self._status == "not-met" else "observation"
        default = self._finding.type if self._finding else wanted if wanted in ids else ids[-1]
        yield Field("Type", Choice([(Text(t.label), t.id) for t in self._types], value=default,
                                   allow_blank=False, id="type"))
        yield Field("Requirement", Input(self._ref, placeholder="clause or control id: 6.1.2, A.6.2.4", id="ref"))
        yield Field("Evidence", Input(self._finding.evidence if self._finding else "",
                                      placeholder="what was sampled, seen or heard", id="evidence"))
        yield Field("Finding", Input(self._finding.text if self._finding else "",
                                     placeholder="what was found, against which requirement", id="text"))

    def read(self) -> FindingInput | None:
        """The fields, checked; None after saying what is missing (with the cursor there)."""
        text = self.text("text")
        if not text:
            self.fail("text", FINDING_TEXT_REQUIRED)
            return None
        ref = self.text("ref")
        if self._known is not None:
            ref = next((k for k in self._known if k.lower() == ref.lower()), ref)
            if ref not in self._known:
                self.fail("ref", f"Requirement: {ref!r} is not a clause or control id (6.1.2, A.6.2.4)." if ref
                          else "Requirement: which clause or control is this about (6.1.2, A.6.2.4)?")
                return None
        return FindingInput(str(self.query_one("#type", Choice).value), text, ref, self.text("evidence"))

    def submit(self) -> None:
        if (value := self.read()) is not None:
            self.dismiss(value)


class FindingEditForm(FindingForm):
    """The form on a finding already recorded; dismisses with the changes for ``update_finding``."""

    def __init__(self, finding: Finding, types: list[ScaleItem]) -> None:
        super().__init__(types, finding=finding)

    def submit(self) -> None:
        if (value := self.read()) is not None:
            changes: dict[str, Any] = asdict(value)
            self.dismiss(changes)  # type: ignore[arg-type]  # the walker's edit flow takes a dict
