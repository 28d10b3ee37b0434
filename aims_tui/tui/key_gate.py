"""Keys are handled one at a time, each after the focus or screen change of the one before.

A terminal delivers fast typing as one burst. Textual routes each key the moment the app takes it
from its queue, to whatever has focus *then*; but focusing a widget (``Widget.focus``) only queues
the change, and a pushed screen has nothing focused until it has composed. So in ``e`` ``a`` ``b``
typed at once, ``a`` and ``b`` reached the walker's bindings (status n/a, …) instead of the notes
that ``e`` opened, and the keys after ``esc`` landed in the notes it was leaving.

The gate sits at the one entry point, the app's handling of keys from the terminal: while a key's
effects are still in flight (a message waiting or being handled anywhere on the screen in front,
or on the app; a focus or screen change queued; a screen not yet mounted), later keys are held,
then let through in order. Typing at human speed never waits; a burst is replayed at the speed
the app settles, normally well under a millisecond a key.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING

from textual import events

from aims_tui.tui.textual_private import is_settled

if TYPE_CHECKING:
    from textual.app import App

MAX_HOLD_S = 2.0
"""A key is never held longer than this after the one before, even if the app never settles
(an animation, a screen that keeps itself busy)."""

_QUIET_CHECKS = 2
"""Consecutive settled checks, with a turn of the event loop between them, before the next key."""

GatedEvent = events.Key | events.Paste


class KeyGate:
    """Holds keys (and pastes) from the terminal while the previous one is still taking effect."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._held: deque[GatedEvent] = deque()
        self._released: GatedEvent | None = None
        self._settling: asyncio.Task[None] | None = None

    def holds(self, event: events.Event) -> bool:
        """Called for every event the app handles: True if ``event`` is held for later (the app
        then ignores it now); False to handle it at once, as Textual would."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self._released:
            self._released = None
        elif self._settling is not None:
            self._held.append(event)
            return True
        self._settling = asyncio.create_task(self._settle())
        return False

    @property
    def busy(self) -> bool:
        """A key is still taking effect (or held)."""
        return self._settling is not None

    def close(self) -> None:
        """Stop (the app is closing): held keys are dropped."""
        if self._settling is not None:
            self._settling.cancel()
            self._settling = None
        self._held.clear()

    def _settled(self) -> bool:
        """The app, the screen in front and the path a key takes on it (the focused widget and its
        ancestors) are all waiting for their next message: the last key has taken effect."""
        app = self.app
        if not is_settled(app):
            return False
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the app is closing
            return True
        if not is_settled(screen):
            return False
        focused = screen.focused
        return focused is None or all(is_settled(node) for node in focused.ancestors_with_self if node is not app)

    async def _settle(self) -> None:
        try:
            deadline = monotonic() + MAX_HOLD_S
            quiet = 0
            checks = 0
            while quiet < _QUIET_CHECKS and monotonic() < deadline:
                # A few bare turns of the loop first; then short sleeps, not to spin on a busy app.
                await asyncio.sleep(0 if checks < 50 else 0.002)
                checks += 1
                quiet = quiet + 1 if self._settled() else 0
        finally:
            self._settling = None
            if self._held:
                self._released = self._held.popleft()
                self._settling = asyncio.current_task()  # keeps later keys held until it is handled
                self.app.post_message(self._released)
