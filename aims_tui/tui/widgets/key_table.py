"""The row table of every list (assessments, AI systems, help): it owns the vim keys j and k, and
fits its columns to its width (:meth:`KeyTable.fit_columns`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

__all__ = ["Column", "KeyTable", "fit", "flex_text"]


@dataclass(frozen=True)
class Column:
    """One column of a fitted table."""

    key: str
    label: str
    """Short enough to show whole: an abbreviation rather than a cut word."""
    width: int
    """The widest value it shows (the label is always whole). For the flex column: the most it takes."""
    flex: bool = False
    """The long text column: it takes the width the others leave, its values cut with an ellipsis."""
    optional: int = 0
    """0: always shown. Otherwise left out when it does not fit, the detail line showing its value;
    optional columns are fitted in this order (1 first), each where it still fits."""


PADDING = 1
"""DataTable's cell padding, each side."""

MIN_FLEX = 12
"""The narrowest the long text column becomes before an optional column is left out for it."""


def fit(columns: Sequence[Column], available: int) -> list[tuple[Column, int]]:
    """The columns shown in ``available`` cells and the width of each: every required column
    whole, optional ones (in order) while the flex column keeps at least :data:`MIN_FLEX`."""
    def room(c: Column) -> int:
        return max(c.width, len(c.label)) + 2 * PADDING

    left = available - sum(room(c) for c in columns if not c.optional and not c.flex) - 2 * PADDING
    shown = {c.key for c in columns if not c.optional}
    for c in sorted((c for c in columns if c.optional), key=lambda c: c.optional):
        if left - room(c) >= MIN_FLEX:
            shown.add(c.key)
            left -= room(c)
    return [(c, max(MIN_FLEX, min(left, c.width)) if c.flex else max(c.width, len(c.label)))
            for c in columns if c.key in shown]


def flex_text(value: str, style: str = "") -> Text:
    """A value of the flex column: one line, an ellipsis where the column cuts it."""
    return Text(" ".join(value.split()), style=style, no_wrap=True, overflow="ellipsis", end="")


class KeyTable(DataTable):
    """Textual's DataTable, moving with j and k too, hidden beside the arrows (so the screens that
    show one do not each bind them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="table-down"),
        Binding("k", "cursor_up", "Up", show=False, id="table-up"),
    ]

    class WidthChanged(Message):
        """The table was laid out at a new width: a fitted table refits its columns."""

        def __init__(self, table: KeyTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> KeyTable:
            return self.table

    shown_keys: list[str] = []
    """The keys of the columns :meth:`fit_columns` showed, in order."""

    def fit_columns(self, columns: Sequence[Column], available: int | None = None) -> bool:
        """Show the columns that fit ``available`` cells (default: the table's own width less a
        scrollbar), for :meth:`add_fitted_row`. True when they changed: the rows were cleared too."""
        if available is None:
            available = self.size.width - 2
        self._fitted_width = self.size.width
        fitted = [(column.key, column.label, width) for column, width in fit(columns, available)]
        if fitted == self._fitted:
            return False
        self._fitted = fitted
        self.clear(columns=True)
        for key, label, width in fitted:
            self.add_column(label, key=key, width=width)
        self.shown_keys = [key for key, _label, _width in fitted]
        return True

    def add_fitted_row(self, cells: dict[str, object], key: str) -> None:
        """Add a row from every column's cell; only the shown columns' cells are used."""
        self.add_row(*(cells[k] for k in self.shown_keys), key=key)

    _fitted_width = 0
    _fitted: list[tuple[str, str, int]] = []

    def on_resize(self, event: events.Resize) -> None:
        if self.shown_keys and self.size.width != self._fitted_width:
            self._fitted_width = self.size.width
            self.post_message(self.WidthChanged(self))
