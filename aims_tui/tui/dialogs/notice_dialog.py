"""A read-only message of several lines (what an import merged), closed with enter or escape."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class Notice(ModalScreen[None]):
    """A title and lines of plain text (never markup), scrollable when long."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="notice-close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="notice-down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="notice-up"),
    ]

    DEFAULT_CSS = """
    Notice #notice-body { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self._title = title
        self._lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            with VerticalScroll(id="notice-body"):
                yield Static(Text("\n".join(self._lines)), id="notice-text")
            yield Static(Text("enter or esc closes"), classes="dialog-hint")

    def action_scroll(self, lines: int) -> None:
        self.query_one("#notice-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
