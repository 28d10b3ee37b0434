"""Keys are handled one at a time, each after the focus or screen change of the one before.

A terminal delivers fast typing as one burst. Textual routes each key the moment the app takes it
from its queue, to whatever has focus *then*; but focusing a widget (``Widget.focus``) only queues
the change, and a pushed screen has nothing focused until it has composed. So in ``e`` ``a`` ``b``
typed at once, ``a`` and ``b`` reached the walker's bindings (status n/a, …) instead of the notes
that ``e`` opened, and the keys after ``esc`` landed in the notes it was leaving.

The gate sits at the one entry point, the app's handling of keys from the terminal: while a key's
effects are still in flight (see :class:`KeyGate`), later keys are held, then let through in order.
Typing at human speed never waits; a burst is replayed as fast as the app takes each key in.
Text typed into the field that has the focus (a printable character, a paste) is never held and
never waited for: it cannot move the focus, so a long note typed in one burst goes in at the
speed it would without the gate; held keys that are text for the field just focused are let
through together.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING

from textual import events

from aims_tui.tui.textual_private import has_no_messages, is_mounted, is_queued, is_settled, is_text_field, was_stopped

if TYPE_CHECKING:
    from textual.app import App

MAX_HOLD_S = 2.0
"""A key is never held longer than this after the one before, even if the app never settles
(an animation, a screen that keeps itself busy)."""

_QUIET_CHECKS = 2
"""Consecutive settled checks, with a turn of the event loop between them, before the next key."""

GatedEvent = events.Key | events.Paste

NEVER_HELD = frozenset({"ctrl+q"})
"""Keys that go through at once, even behind a held burst: quitting must not wait for anything
(where the keys before it would have landed no longer matters once the app closes)."""


class KeyGate:
    """Holds keys (and pastes) from the terminal while the previous one is still taking effect.

    A key has taken effect when its trip is over (a priority binding ran it, a widget stopped it,
    or it bubbled back to the app and its binding ran), the app has nothing queued (a focus change
    goes through the app's queue), the screen in front has mounted (its first field focused), and
    nothing is queued on the way a key takes (focused widget, its parents, the screen): a message
    the key caused there, such as a field's Submitted, may still move the focus."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._held: deque[GatedEvent] = deque()
        self._released: list[GatedEvent] = []
        """Held keys posted back to the app, not yet handled: they pass."""
        self._settling: asyncio.Task[None] | None = None
        self._in_flight: GatedEvent | None = None
        self._passes = 0
        self._trip_over = True

    @property
    def busy(self) -> bool:
        """A key is still taking effect, held, or let through and not handled yet."""
        return self._settling is not None or self.waiting

    @property
    def waiting(self) -> bool:
        """Keys are held behind one still taking effect, or let through and not handled yet."""
        return bool(self._held) or bool(self._released)

    def holds(self, event: events.Event) -> bool:
        """Called for every event the app handles, before it does: True if ``event`` is held for
        later (the app then ignores it now); False to handle it now, as Textual would."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if isinstance(event, events.Key) and event.key in NEVER_HELD:
            return False
        released = next((n for n, e in enumerate(self._released) if e is event), None)
        if released is not None:
            del self._released[released]
        elif self._settling is not None or self._held or self._released:  # keys already queued go first
            self._held.append(event)
            return True
        if self._into_text_field(event):  # a character typed into a field moves no focus: no waiting
            if not self._released:
                self._release()
            return False
        self._in_flight, self._passes, self._trip_over = event, 0, False
        self._settling = asyncio.create_task(self._settle())
        return False

    def _into_text_field(self, event: GatedEvent) -> bool:
        """``event`` is text (a printable character, a paste) for the editable text field that has
        the focus. The field takes it, and what it posts then (Changed) moves no focus: the next key
        need not wait for it, and typing into a field is never slowed down by the gate."""
        if isinstance(event, events.Key) and not event.is_printable:
            return False
        try:
            focused = self.app.screen.focused
        except Exception:  # no screen yet, or the app is closing
            return False
        return (focused is not None and is_text_field(focused) and not getattr(focused, "read_only", False)
                and is_mounted(self.app.screen))

    def handled(self, event: events.Event) -> None:
        """Called after the app has handled ``event``: the first time as it came from the terminal,
        the second as it bubbled back from the screen."""
        if event is self._in_flight:
            self._passes += 1
            if self._passes > 1 or not event.is_forwarded:  # back at the app, or a priority binding ran it
                self._trip_over = True

    def close(self) -> None:
        """Stop (the app is closing): held keys are dropped."""
        if self._settling is not None:
            self._settling.cancel()
            self._settling = None
        self._held.clear()
        self._released.clear()

    def _path(self) -> list:
        """The screen in front and, if something is focused, it and its parents up to the screen."""
        screen = self.app.screen
        focused = screen.focused
        nodes = [] if focused is None else [n for n in focused.ancestors_with_self if n is not self.app]
        return nodes or [screen]

    def _taken_by_widget(self) -> bool:
        """A widget took the key (a character into a text field; Textual also marks a key stopped
        as it bubbles back to the app, hence the passes). What it posts then (Changed) moves no
        focus, and the next key queues behind it on the same widget: it may go at once, so that
        typing into a field keeps up with the fastest burst."""
        event = self._in_flight
        return (event is not None and was_stopped(event) and self._passes < 2
                and not is_queued(self.app, event))

    def _settled(self) -> bool:
        app = self.app
        if not is_settled(app):  # a focus change, a pushed screen, a bubbled key's binding to run
            return False
        try:
            path = self._path()
        except Exception:  # no screen yet, or the app is closing
            return True
        if not (is_mounted(path[-1]) and all(has_no_messages(node) for node in path)):
            return False
        # A key that went nowhere (its target gone before it arrived) is over once all is quiet.
        return self._trip_over or all(is_settled(node) for node in path)

    async def _settle(self) -> None:
        try:
            deadline = monotonic() + MAX_HOLD_S
            quiet = 0
            checks = 0
            while quiet < _QUIET_CHECKS and monotonic() < deadline:
                # A few bare turns of the loop first; then short sleeps, not to spin on a busy app.
                await asyncio.sleep(0 if checks < 50 else 0.002)
                checks += 1
                if self._taken_by_widget():
                    break
                quiet = quiet + 1 if self._settled() else 0
        finally:
            self._settling = None
            self._in_flight = None
            self._release()

    def _release(self) -> None:
        """Let the held keys through, in order: the first, and after it every one that is text for
        the field now focused, up to and including the first that is not (the next to wait for)."""
        while self._held:
            event = self._held.popleft()
            self._released.append(event)
            self.app.post_message(event)
            if not self._into_text_field(event):
                break
