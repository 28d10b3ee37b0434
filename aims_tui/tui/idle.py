"""What the app does while nobody types (docs/PERFORMANCE.md, fourth round): the garbage collector's
schedule (tui/heap.py) and preparing the dialogs, so that neither lands inside a key's work.

Once the first screen is up (:meth:`IdleWork.start`), a timer looks every ``TICK`` seconds how long
it has been since the last key (:meth:`IdleWork.key`):

* under ``KEY_HOLD``: nothing (the collector stays held while keys take effect);
* from ``KEY_HOLD``: the collector may run again, and
* from ``PREPARE_AFTER``, until done: a step of about ``PREPARE_STEP`` of preparing the dialogs;
  once they are ready, the screen in front may build the forms its keys would open (tui/ahead.py),
  one per tick (a section builds them as soon as it is drawn: :meth:`IdleWork.section_shown`);
* then from ``SETTLE_AFTER``, if new screens were built since: the heap settles (one full collection).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from aims_tui.tui.heap import Heap
from aims_tui.tui.textual_private import prepare_styles

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

__all__ = ["IdleWork"]


class IdleWork:
    """The idle-time work of one app run."""

    TICK = 0.1
    """How often the timer looks (seconds)."""
    KEY_HOLD = 0.25
    """Seconds after the last key for which the garbage collector stays held."""
    PREPARE_AFTER = 0.5
    """Seconds without a key, once the first screen is up, after which the dialogs are prepared."""
    PREPARE_STEP = 0.02
    """Seconds of dialog preparation per tick, at most (about one import over)."""
    SETTLE_AFTER = 2.0
    """Seconds without a key after which the heap may settle again."""

    def __init__(self, app: App, busy: Callable[[], bool], keys_waiting: Callable[[], bool] = lambda: False) -> None:
        self.app = app
        self.heap = Heap()
        self._busy = busy
        """True while a key is still taking effect (the key gate)."""
        self._keys_waiting = keys_waiting
        """True while keys typed are held behind one taking effect (the key gate)."""
        self._started = False
        self._last_key = 0.0
        self.dialogs_ready = False
        """The dialogs are imported and their CSS parsed (:meth:`_preparing_dialogs`)."""
        self._dialog_steps = self._preparing_dialogs()
        self._ahead_for: object = None
        """The screen whose forms were last built ahead."""
        self._ahead_failed = False
        """Building a form ahead failed on that screen: not tried again until another screen."""

    def hold(self) -> None:
        """The app starts: no garbage collection until :meth:`start`."""
        self.heap.hold()

    def start(self) -> None:
        """The first screen is up: freeze what start-up built (the full collection waits for
        idle: a key may come at once) and start looking."""
        if self._started:
            return
        self._started = True
        self.heap.settle(collect=False)
        self._last_key = time.monotonic()
        self.app.set_interval(self.TICK, self._tick, name="idle work")

    def key(self) -> None:
        """A key arrived: hold the collector until the keys stop (start-up has its own hold)."""
        self._last_key = time.monotonic()
        if self._started:
            self.heap.hold()

    def close(self) -> None:
        """The app ends: everything is the garbage collector's again."""
        self.heap.close()

    def _tick(self) -> None:
        quiet = time.monotonic() - self._last_key
        if quiet < self.KEY_HOLD or self._busy():
            return
        self.heap.release()
        if quiet >= self.PREPARE_AFTER and not self.dialogs_ready:
            self._prepare_some()
            return
        if quiet >= self.PREPARE_AFTER and self._build_ahead():  # one form per tick
            return
        if quiet >= self.SETTLE_AFTER and self.heap.worth_settling():
            self.heap.settle()

    def section_shown(self, screen: Screen) -> None:
        """``screen`` (a section) has drawn its first frame: build the forms its keys open now, one
        per message so that a key pressed meanwhile goes first, rather than after half a second
        without keys: a key pressed in the next moment finds its form ready (P8). Not while keys
        typed are waiting (they go first; the ticks build the forms later, as for any screen)."""
        if screen is not self.app.screen or self._keys_waiting():
            return
        if self._build_ahead():
            screen.call_later(self.section_shown, screen)

    def _build_ahead(self) -> bool:
        """Let the screen in front build, one per tick, the forms its keys would open
        (tui/ahead.py); True when one was built now."""
        ahead = getattr(self.app, "ahead", None)
        stack = self.app.screen_stack
        if ahead is None or not stack or getattr(self.app, "read_only", False):
            return False  # (no screen: the app is closing)
        screen = stack[-1]
        if screen.is_modal:
            return False
        if screen is not self._ahead_for:  # another section: its forms, not the last one's
            ahead.drop()
            self._ahead_for, self._ahead_failed = screen, False
        build_ahead = getattr(screen, "build_ahead", None)
        if build_ahead is None or self._ahead_failed:
            return False
        try:
            return bool(build_ahead())
        except Exception as exc:  # an optimisation only: the key builds its form as it would without it
            self._ahead_failed = True  # not again on every tick: again on the next screen
            ahead.drop()
            self.app.log.warning(f"form not built ahead: {exc!r}")
            return False

    def _prepare_some(self) -> None:
        deadline = time.perf_counter() + self.PREPARE_STEP
        try:
            while not self.dialogs_ready and time.perf_counter() < deadline:
                next(self._dialog_steps)
        except StopIteration:
            self.dialogs_ready = True
        except Exception as exc:  # an optimisation only: forms open as they would without it
            self.dialogs_ready = True
            self.app.log.warning(f"dialogs not prepared: {exc!r}")

    def _preparing_dialogs(self) -> Iterator[None]:
        """One step per call: import each dialog, then give the stylesheet their CSS and parse it
        (80–100 ms, one step: Textual parses every source again), so that a form's first opening
        waits for neither (textual_private.prepare_styles). A form opened before it is done opens
        as it would without it."""
        import pkgutil

        from textual.screen import Screen
        from textual.widget import Widget

        from aims_tui.tui import dialogs

        used: set[type[Widget]] = set()  # the widget classes the dialogs name, theirs and ours
        for info in pkgutil.iter_modules(dialogs.__path__):
            module = importlib.import_module(f"{dialogs.__name__}.{info.name}")
            used.update(v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Widget))
            yield
        # A widget's parts live beside it, in its module. Not every widget
        # imported anywhere: each rule in the stylesheet costs a little on every widget styled.
        homes = {cls.__module__ for cls in used}
        widgets: list[type[Widget]] = []
        pending: list[type[Widget]] = [Widget]
        while pending:
            cls = pending.pop()
            if cls in used or cls.__module__ in homes:
                widgets.append(cls)
            pending.extend(cls.__subclasses__())
        prepare_styles(self.app, widgets, [w for w in widgets if issubclass(w, Screen)])
        self.dialogs_ready = True
