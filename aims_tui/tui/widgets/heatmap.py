"""The likelihood × impact heat map: one coloured cell per score, showing how many risks sit there."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from aims_tui.domain.models import RiskMatrix
from aims_tui.domain.risk import band_for
from aims_tui.tui.widgets.risk_colours import band_style

__all__ = ["HeatMap"]

_CELL = 3
_LONGEST_LABEL = 14


class HeatMap(Widget):
    """Likelihood rows (highest at the top) by impact columns, sized from the matrix (3×3 to 6×6).

    ``counts[likelihood - 1][impact - 1]`` is the number of risks in a cell (as
    ``aims_tui.domain.risk.heat_map`` returns it); ``marked`` is the (likelihood, impact) cell of
    the risk under the cursor, drawn in brackets.
    """

    DEFAULT_CSS = """
    HeatMap {
        height: auto;
        width: auto;
    }
    """

    counts: reactive[tuple[tuple[int, ...], ...]] = reactive((), layout=True)
    """Risks per cell, indexed [likelihood - 1][impact - 1]."""
    marked: reactive[tuple[int, int] | None] = reactive(None)
    """(likelihood, impact) of the highlighted risk, or None."""
    caption: reactive[str] = reactive("Inherent risk")
    """The line above the grid."""
    compact: reactive[bool] = reactive(False, layout=True)
    """Number the likelihood rows without their labels (narrow terminals)."""

    def __init__(self, matrix: RiskMatrix, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.matrix = matrix

    def set_matrix(self, matrix: RiskMatrix) -> None:
        """Use another matrix (its size or bands changed in the settings)."""
        self.matrix = matrix
        self.refresh(layout=True)

    @property
    def label_width(self) -> int:
        if self.compact:
            return 3
        longest = max(len(label) for label in self.matrix.likelihood_labels)
        return 3 + min(longest, _LONGEST_LABEL)

    def get_content_width(self, container, viewport) -> int:  # noqa: ANN001
        return max(self.label_width + self.matrix.size * (_CELL + 1), len(self.caption))

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return self.matrix.size + 3

    def count(self, likelihood: int, impact: int) -> int:
        try:
            return self.counts[likelihood - 1][impact - 1]
        except IndexError:
            return 0

    def render(self) -> Text:
        size = self.matrix.size
        out = Text(no_wrap=True, overflow="crop")
        out.append(self.caption, style="bold")
        out.append("\n")
        for likelihood in range(size, 0, -1):
            label = f"{likelihood} {self.matrix.likelihood_labels[likelihood - 1]}"
            out.append(label[: self.label_width - 1].ljust(self.label_width), style="dim")
            for impact in range(1, size + 1):
                n = self.count(likelihood, impact)
                cell = str(n) if n else ""
                if self.marked == (likelihood, impact) and len(cell) < _CELL:
                    cell = f"({cell or ' '})"
                style = band_style(band_for(likelihood * impact, self.matrix), self.matrix)
                if not n:
                    style += Style(bold=False)
                out.append(cell.center(_CELL), style=style)
                out.append(" ")
            out.append("\n")
        out.append("L".ljust(self.label_width), style="dim")
        for impact in range(1, size + 1):
            out.append(str(impact).center(_CELL) + " ", style="dim")
        out.append("\n")
        out.append(" " * self.label_width + "impact →", style="dim")
        return out
