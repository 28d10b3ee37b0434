"""The row table of every list (assessments, AI systems, help): it owns the vim keys j and k."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class KeyTable(DataTable):
    """Textual's DataTable, moving with j and k too, hidden beside the arrows (so the screens that
    show one do not each bind them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="table-down"),
        Binding("k", "cursor_up", "Up", show=False, id="table-up"),
    ]
