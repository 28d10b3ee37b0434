"""Horizontal percentage bars: one line per clause or Annex A group, for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from aims_tui.domain import figures
from aims_tui.tui.widgets.look import BAD, GOOD, WARN

__all__ = ["BarRow", "BarChart", "percent_style"]

_EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_BAR = 12
"""Bars are not shortened below this for the sake of longer labels."""


def percent_style(value: float | None) -> str:
    """Colour for a conformance or coverage percentage, by ``figures.conformance_level``."""
    return {"good": GOOD, "fair": WARN, "poor": BAD}.get(figures.conformance_level(value) or "", "dim")


@dataclass(frozen=True)
class BarRow:
    """One bar: a label, a percentage (None when there is nothing to measure yet) and a note."""

    label: str
    value: float | None
    note: str = ""


class BarChart(Widget):
    """Labelled bars sized to the widget's width; the label and note columns are fixed."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: 1fr;
    }
    """

    rows: reactive[tuple[BarRow, ...]] = reactive((), layout=True)
    """The bars, top to bottom."""

    def __init__(self, *, label_width: int = 14, note_width: int = 0, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.label_width = label_width
        self.note_width = note_width

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return max(1, len(self.rows))

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        # Labels get the room they need, up to two fifths of the width and never so much that a bar
        # gets shorter than MIN_BAR; never less than label_width.
        longest = max((len(row.label) for row in self.rows), default=0)
        spare = width - 1 - 5 - 1 - (self.note_width + 1 if self.note_width else 0) - MIN_BAR
        label_width = max(self.label_width, min(longest, width * 2 // 5, spare))
        lines = [self._line(row, width, label_width) for row in self.rows] or [Text("—", style="dim")]
        return Text("\n").join(lines)

    def _line(self, row: BarRow, width: int, label_width: int) -> Text:
        label = row.label
        if len(label) > label_width:
            label = label[: label_width - 1] + "…"
        pct = "   —" if row.value is None else f"{figures.pct(row.value):>5}"
        note = row.note[: self.note_width].ljust(self.note_width) if self.note_width else ""
        bar_width = max(3, width - label_width - 1 - len(pct) - 1 - (len(note) + 1 if note else 0))
        line = Text(no_wrap=True, overflow="crop")
        line.append(label.ljust(label_width) + " ")
        line.append_text(self._bar(row.value, bar_width))
        line.append(" ")
        line.append(pct, style=percent_style(row.value))
        if note:
            line.append(" " + note, style="dim")
        return line

    @staticmethod
    def _bar(value: float | None, width: int) -> Text:
        if value is None:
            return Text("·" * width, style="dim")
        cells = max(0.0, min(100.0, value)) / 100 * width
        full = int(cells)
        part = int(round((cells - full) * 8))
        if part == 8:
            full, part = full + 1, 0
        filled = "█" * full + (_EIGHTHS[part] if part and full < width else "")
        bar = Text(filled, style=percent_style(value))
        bar.append("░" * (width - len(filled)), style="#444444")
        return bar
