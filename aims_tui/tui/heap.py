"""When Python's cyclic garbage collector may run (docs/PERFORMANCE.md: P1, P2 and P8).

Starting the app allocates about 100,000 objects that live as long as it does: Textual, the content,
pydantic's schemas, the open assessment. Left alone, the collector walks them again and again while
they are built (50–70 ms of a start) and later walks them all in a full collection that lands in
the middle of a dialog opening (40–70 ms of it). So:

* :func:`held` / :meth:`Heap.hold`: no collection while the app starts, nor while a key is
  taking effect (a dialog opening builds tens of thousands of objects, which would set off a
  full collection in its middle): the app releases the collector a moment after the last key;
* :meth:`Heap.settle`, once the first screen is up (then only freezing what start-up built, out of
  the collector's sight: ``gc.freeze``) and again when the app has been idle after new screens
  were built (then one full collection first, and the survivors are frozen); the collector runs
  again as usual on what is made after;
* :meth:`Heap.close` when the app ends gives everything back to the collector (tests run many apps
  in one process).

Only reference cycles wait for the collector; everything else is freed at once as always.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Heap", "held"]

SETTLE_AFTER_COLLECTIONS = 5
"""Young-generation (gen 1) collections since the last settle that make another settle worth its
cost: a new section screen or a few dialogs, not a few keys."""


@contextmanager
def held() -> Iterator[None]:
    """No cyclic collection inside the block (opening the file and loading the content)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Heap:
    """The collector's schedule for one app run."""

    def __init__(self) -> None:
        self._held = False
        self._frozen = False
        self._gen1_at_settle = 0

    def hold(self) -> None:
        """No collection until :meth:`settle` (or :meth:`close`)."""
        if gc.isenabled():
            gc.disable()
            self._held = True

    def settle(self, collect: bool = True) -> None:
        """Collect everything once, freeze what survives, let the collector run again. Without
        ``collect``, only freeze (0.1–0.3 s less, for the first screen's sake: its few start-up
        cycles stay until the next settle)."""
        if collect:
            if self._frozen:
                gc.unfreeze()  # garbage frozen last time (a screen since closed) is collected now
            gc.collect()
        gc.freeze()
        self._frozen = True
        self.release()
        self._gen1_at_settle = _gen1_collections()

    def worth_settling(self) -> bool:
        """Enough has been built and kept since the last settle for a full collection to pay."""
        return self._frozen and _gen1_collections() - self._gen1_at_settle >= SETTLE_AFTER_COLLECTIONS

    def close(self) -> None:
        """The app ends: everything is the collector's again."""
        self.release()
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def release(self) -> None:
        """Let the collector run again after :meth:`hold` (the app: a moment after the last key)."""
        if self._held:
            self._held = False
            gc.enable()


def _gen1_collections() -> int:
    return gc.get_stats()[1]["collections"]
