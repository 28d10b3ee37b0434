"""What every section screen needs: the open store, the loaded content and the assessment in hand.

A section screen is built as ``XScreen(session)`` and reads a fresh snapshot with
``session.engagement()`` whenever it needs one; writes go straight to ``session.store``
(each is committed at once, so nothing is ever waiting to be saved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from aims_tui.domain.terminal_text import visible
from aims_tui.store.errors import StoreError
from aims_tui.tui.widgets.look import cut

if TYPE_CHECKING:  # the home list is drawn before pydantic and the content are loaded
    from aims_tui.domain.content import Content
    from aims_tui.domain.glance import Glance
    from aims_tui.domain.models import Engagement
    from aims_tui.store import Store


def _now() -> datetime:
    return datetime.now()


clock: Callable[[], datetime] = _now
"""Local wall clock used for "saved ✓ hh:mm:ss"; tests replace it to freeze snapshots."""

def app_title(read_only: bool) -> str:
    """The app's title in the header, before " — " and the screen's line."""
    return "aims · read-only" if read_only else "aims"


HEADER_CHROME = 18
"""Columns of Textual's header beside its title: the icon (8) and the clock's space (10)."""


@dataclass
class Session:
    """One open assessment."""

    store: Store
    content: Content
    assessment_id: str
    interviewees: list[str] = field(default_factory=list)
    """The people answering right now: applied to every new answer until changed."""
    current_question: str | None = None
    """Where the questionnaire walker was left, so reopening it returns there."""
    glance: Glance | None = None
    """Opened straight into the questionnaire: its first frame, read without pydantic
    (domain/glance.py); taken by the walker, which reads the engagement right after drawing it."""

    @property
    def read_only(self) -> bool:
        """Opened with ``aims --read-only``: every write is refused (as ``AimsApp.read_only``)."""
        return self.store.read_only

    def engagement(self) -> Engagement:
        """A fresh, consistent snapshot of the whole assessment from the store."""
        return self.store.engagement(self.assessment_id)

    def take_glance(self) -> Glance | None:
        """The first frame's glance, once (see ``glance``)."""
        glance, self.glance = self.glance, None
        return glance

    def resume(self) -> None:
        """Start where the assessment was left: at the most recently changed answer, with its
        interviewees (if any answer yet)."""
        left_off = self.store.left_off(self.assessment_id)  # no pydantic: before a first frame
        if left_off is not None:
            self.current_question, self.interviewees = left_off

    def heading(self, section: str, width: int | None = None, short: str | None = None) -> str:
        """The header's line: which assessment is open (a follow-up names its baseline), and where,
        fitted to a terminal ``width`` columns wide (None: not fitted). Where you are is never cut:
        ``short`` names the section when ``section`` would not fit whole, and what comes before it
        (the organisation, a follow-up's baseline) is cut at its end with an ellipsis instead."""
        assessment = self.store.summary(self.assessment_id)  # no pydantic: a first frame's header
        parts = [visible(assessment.org)]
        if assessment.kind == "follow-up" and assessment.baseline_id:
            try:
                baseline = self.store.summary(assessment.baseline_id)
                parts.append(f"follow-up of the {baseline.date} {baseline.kind} ({baseline.id})")
            except StoreError:  # the baseline is not in this file
                parts.append(f"follow-up of {assessment.baseline_id}")
        elif assessment.kind != "gap":
            parts.append(assessment.kind.replace("-", " "))
        whose = " · ".join(parts)
        if width is None:
            return f"{whose} · {section}"
        title = app_title(self.read_only)
        room = width - HEADER_CHROME - len(f"{title} — ") - len(" · ")
        if short is not None and len(whose) + len(section) > room:
            section = short
        return f"{cut(whose, max(room - len(section), 2))} · {section}"
