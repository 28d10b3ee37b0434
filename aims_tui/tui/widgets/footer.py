"""The footer of the home list and the walker: Textual's, recomposed at most once per refresh."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer rebuilds all its keys for every bindings change, and a screen signals
    several in a row while it starts (focus moves, the cursor lands, availability changes): seven
    rebuilds of ~13 keys on the home list. This one coalesces them into one per refresh; what it
    shows is the same."""

    _recompose_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # as Textual's own (textual is pinned: see pyproject)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        await self.recompose()
