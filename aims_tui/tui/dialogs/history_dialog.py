"""The change history of one answer: who changed what, when (from the audit trail)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from aims_tui.domain.terminal_text import visible
from aims_tui.store import HistoryEntry

_FIELDS = ("status", "maturity", "notes", "interviewees")


def _short(value: object, limit: int = 40) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(entry: HistoryEntry) -> str:
    """What changed, in one line: ``status partial → met; notes "…"``."""
    if entry.op == "delete":
        return "answer cleared"
    old, new = entry.old or {}, entry.new or {}
    parts = []
    for name in _FIELDS:
        if old.get(name) != new.get(name):
            if entry.op == "insert":
                if new.get(name) not in (None, "", "[]"):
                    parts.append(f"{name} {_short(new.get(name))}")
            else:
                parts.append(f"{name} {_short(old.get(name), 20)} → {_short(new.get(name))}")
    return "; ".join(parts) or "no visible change"


def when(ts: str) -> str:
    """The audit timestamp (UTC ISO) in local time, to the second."""
    try:
        return datetime.fromisoformat(ts).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return ts


class HistoryView(ModalScreen["HistoryEntry | None"]):
    """Newest change first; ``r`` restores the answer as it was before the highlighted change
    (returns that entry)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "dismiss", "Close", id="history-close"),
        Binding("r", "restore", "Restore as before this change", id="history-restore"),
    ]

    def __init__(self, title: str, entries: list[HistoryEntry]) -> None:
        super().__init__()
        self._title = title
        self._entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="history-dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            if not self._entries:
                yield Static(Text("No changes yet: the question has not been answered."), classes="dialog-hint")
            else:
                yield Static(Text("r restores the answer as it was before the highlighted change · esc closes"),
                             classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "Who", "What")
        for entry in self._entries:
            table.add_row(Text(when(entry.ts)), Text(visible(entry.actor)), Text(visible(describe(entry))))
        table.focus()

    def action_restore(self) -> None:
        if self._entries:
            self.dismiss(self._entries[self.query_one(DataTable).cursor_row])
