"""The header line of a section screen: which assessment is open and where (``Session.heading``),
fitted to the terminal's width as the screen opens and again whenever the terminal is resized
(``AimsApp.on_resize``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from aims_tui.tui.context import Session

__all__ = ["Headed"]


class Headed:
    """Mixed into a section screen (before ``Screen``); the screen calls :meth:`fit_heading` on mount."""

    HEADING: ClassVar[str] = ""
    """The section's name in the header."""
    HEADING_SHORT: ClassVar[str | None] = None
    """Its short name, used when the long one would not fit whole."""
    session: Session

    def heading_section(self) -> str:
        return self.HEADING

    def fit_heading(self, width: int | None = None) -> None:
        """Fit the header to ``width`` columns (default: the app's width now)."""
        width = self.app.size.width if width is None else width  # type: ignore[attr-defined]
        self.sub_title = self.session.heading(self.heading_section(), width, short=self.HEADING_SHORT)
