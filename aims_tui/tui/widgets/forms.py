"""Shared pieces of the modal forms: a labelled field row and a one-line error area."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


class Field(Horizontal):
    """A label on the left, one input widget on the right."""

    DEFAULT_CSS = """
    Field { height: auto; margin-bottom: 1; }
    Field > Label { width: 16; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    Field > Input, Field > Select, Field > TextArea { width: 1fr; }
    Field > Checkbox, Field > RadioSet { width: 1fr; border: none; }
    """

    def __init__(self, label: str, widget: Widget) -> None:
        super().__init__()
        self._label = label
        self._widget = widget
        # Borderless inputs: a form of six fields fits an 80×24 terminal.
        if hasattr(widget, "compact"):
            widget.compact = True  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Label(Text(self._label))
        yield self._widget


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` or blank (None); ValueError names the expected form."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD") from None
