"""One slot of an audit's interview schedule: who (auditee, role), when, how long, and the topics
(clause and control ids) whose questions are asked, in questionnaire order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input

from aims_tui.domain.internal_audit import Interview
from aims_tui.tui.dialogs.audit_fields import FormResult, checked, count, refs, refuse, required
from aims_tui.tui.dialogs.form_base import Field, FormDialog

if TYPE_CHECKING:
    from aims_tui.domain.content import Structure

__all__ = ["InterviewForm", "InterviewInput", "parse_when"]


@dataclass(frozen=True)
class InterviewInput(FormResult):
    """The fields for ``internal_audit.add_interview`` / ``update_interview``."""

    auditee: str
    role: str
    start: datetime | None
    minutes: int
    topics: list[str]
    done: bool


def parse_when(text: str) -> datetime | None:
    """``2027-03-01 10:30`` (or with a T) -> datetime; blank -> None; ValueError with one line."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1)).replace(second=0, microsecond=0)
    except ValueError:
        raise ValueError(f"When: {text!r} is not a date and time; use YYYY-MM-DD HH:MM (2027-03-01 10:30)") from None


class InterviewForm(FormDialog[InterviewInput | None]):
    """Schedule an interview, or change one (``interview``: then "held" can be ticked too)."""

    dialog_id = "interview-form"

    def __init__(self, structure: Structure, interview: Interview | None = None) -> None:
        super().__init__(f"Interview with {interview.auditee}" if interview else "Schedule an interview")
        self._structure = structure
        self._interview = interview

    def fields(self) -> ComposeResult:
        i = self._interview
        yield Field("Auditee", Input(i.auditee if i else "", placeholder="who is interviewed", id="auditee"))
        yield Field("Role", Input(i.role if i else "", placeholder="e.g. CISO, data science lead", id="role"))
        yield Field("When", Input(i.start.strftime("%Y-%m-%d %H:%M") if i and i.start else "",
                                  placeholder="2027-03-01 10:30", id="start"))
        yield Field("Minutes", Input(str(i.minutes) if i else "60", id="minutes"))
        yield Field("Topics", Input(", ".join(i.topics) if i else "",
                                    placeholder="clause and control ids: 6.1.2, A.6 (their questions, in order)",
                                    id="topics"))
        if i is not None:
            yield Field("Held", Checkbox("the interview took place", i.done, id="done"))

    @checked
    def submit(self) -> None:
        auditee = required(self, "auditee", "Who is interviewed? The auditee's name is needed.")
        try:
            start = parse_when(self.text("start"))
        except ValueError as exc:
            refuse(self, "start", str(exc))
        minutes = count(self, "minutes", "Minutes", default=60, within=range(5, 601),
                        what="a length from 5 to 600 minutes")
        topics = refs(self, "topics", "Topics", self._structure)
        done = self.query_one("#done", Checkbox).value if self._interview is not None else False
        assert minutes is not None  # blank gives the default
        self.dismiss(InterviewInput(auditee, self.text("role"), start, minutes, topics, done))
