"""The answer under the question: status and maturity, who answered, and the question's evidence,
findings and actions, one line each (user text as data, shown literally)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from aims_tui.domain.terminal_text import visible

if TYPE_CHECKING:
    from aims_tui.domain.content import Content
    from aims_tui.domain.models import Answer, Engagement

MAX_ITEM_LINES = 4
"""Evidence, findings and actions listed under the answer; the rest are behind ``l``."""
SHORT_ITEM_LINES = 1
"""Item lines on a short terminal (the walker's ``-short``)."""


class AnswerPanel(Static):
    """The answer to the question on show; :meth:`show` redraws it."""

    def __init__(self, content: Content, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.questionnaires = content

    def show(self, qid: str, answer: Answer | None, people: list[str], eng: Engagement | None, *,
             short: bool = False, linked: tuple[str, Answer] | None = None) -> None:
        """Show question ``qid``'s answer (None: unanswered), the people answering and its items;
        ``short``: one item line, for a terminal under 30 rows."""
        scales = self.questionnaires.scales
        text = Text()
        if answer is None:
            text.append("Unanswered", style="bold")
            text.append(" · m met  p partial  x not met  a n/a", style="dim")
            if linked is not None:  # the same thing was asked under another id: never ask twice
                other, given = linked
                text.append(f"\nAsked already as {other}: ", style="bold")
                text.append(scales.status_label(given.status))
                if given.maturity is not None:
                    text.append(f" · maturity {given.maturity}")
                text.append(" · = takes that answer", style="dim")
        else:
            text.append(scales.status_label(answer.status), style="bold")
            if answer.maturity is not None:
                text.append(f" · maturity {answer.maturity} ({scales.maturity_label(answer.maturity)})")
            else:
                text.append(" · maturity – (0–5)", style="dim")
        text.append("\nInterviewees: ")
        if people:
            roles = {p.name: p.role for p in (eng.interviewees if eng else [])}
            text.append(visible(", ".join(f"{n} ({roles[n]})" if roles.get(n) else n for n in people)))
            if answer is None:
                text.append(" (for new answers)", style="dim")
        else:
            text.append("none (i to set)", style="dim")
        if eng is not None:
            self._append_items(text, qid, eng, short)
        self.update(text)

    def _append_items(self, text: Text, qid: str, eng: Engagement, short: bool) -> None:
        """The question's evidence, findings and actions, one line each, user text as data."""
        evidence = [e for e in eng.evidence if e.question_id == qid]
        findings = [f for f in eng.findings if f.question_id == qid]
        actions = [a for a in eng.actions if a.question_id == qid]
        seen = sum(1 for e in evidence if e.state == "seen")
        text.append("\n")
        text.append(f"Evidence {len(evidence)} ({seen} seen, {len(evidence) - seen} claimed)")
        if findings:
            text.append(f" · findings {len(findings)}")
        if actions:
            text.append(f" · actions {len(actions)}")
        if not (evidence or findings or actions):
            return
        text.append(" · l to edit or delete", style="dim")
        finding_labels = {t.id: t.label for t in self.questionnaires.scales.finding_types}
        lines: list[Text] = []
        for e in evidence:
            line = Text(" • ")
            line.append(visible(e.title))
            line.append(f" ({e.state})", style="dim")
            if e.location:
                line.append(" · ")
                line.append(visible(e.location), style="dim")
            lines.append(line)
        for f in findings:
            line = Text(" • ")
            line.append(finding_labels.get(f.type, f.type), style="bold")
            line.append(": ")
            line.append(visible(f.text))
            lines.append(line)
        for a in actions:
            line = Text(" • Action: ")
            line.append(visible(a.title))
            details = [visible(a.owner), f"due {a.due}" if a.due else "", a.priority, a.status]
            line.append(" (" + ", ".join(d for d in details if d) + ")", style="dim")
            lines.append(line)
        shown = lines[:SHORT_ITEM_LINES if short else MAX_ITEM_LINES]
        width = self.size.width or 100  # 0 before the first layout
        for line in shown:
            line.truncate(max(20, width), overflow="ellipsis")  # one line each: the notes stay in view
            text.append("\n")
            text.append_text(line)
        if len(lines) > len(shown):
            text.append(f"\n … and {len(lines) - len(shown)} more (l lists them)", style="dim")
