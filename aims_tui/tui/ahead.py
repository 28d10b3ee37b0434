"""Forms built ahead, while nobody types, so that the key that opens one only has to show it.

A section's big form (the risk form behind Risks ``n``, the AI-system form behind Scope ``a``, the
SoA form behind ``x`` and ``e``) is 30–35 widgets: composing and styling them was about 40 % of the
time from the key to the form on screen (docs/PERFORMANCE.md, P8). When the app is idle
(tui/idle.py), the screen in front names the forms its keys would open and what each is built
from (:meth:`FormsAhead.want`); each is composed and mounted out of sight. The key then takes it
(:meth:`FormsAhead.take`) if it was built from what the key would build it from, else builds a new
one as before. Nothing typed depends on it: a form built ahead is the same form, built earlier.
The forms go when another screen comes in front (tui/idle.py), the theme changes or the terminal is
resized (the app's handlers): each was styled and fitted to the app as it was then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from aims_tui.tui.textual_private import discard_offscreen, is_closed, mount_offscreen, prepare_styles

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

__all__ = ["FormsAhead"]

S = TypeVar("S", bound="Screen")


@dataclass
class _Built:
    source: object
    form: Screen


class FormsAhead:
    """The forms built ahead for the screen in front, one per slot ("new-risk", "soa-edit"…)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._built: dict[str, _Built] = {}

    def want(self, slot: str, source: object, build: Callable[[], Screen]) -> bool:
        """Have the form ``build`` makes ready in ``slot``, built from ``source`` (compared with
        ``==``; a form built from something else is dropped). True when a form was built now."""
        held = self._built.get(slot)
        if held is not None and held.source == source and not is_closed(held.form):  # (maybe still starting)
            return False
        self.drop(slot)
        form = self._built_form(build)
        mount_offscreen(self.app, form)
        self._built[slot] = _Built(source, form)
        return True

    def take(self, slot: str, source: object, build: Callable[[], S]) -> S:
        """The form for ``slot``: the one built ahead when it was built from ``source`` and is still
        waiting, else a new one from ``build``. Either way the slot is empty afterwards."""
        held = self._built.pop(slot, None)
        if held is not None and held.source == source and held.form.is_running:
            return held.form  # type: ignore[return-value]  # built by the same build
        if held is not None:
            discard_offscreen(held.form)
        return self._built_form(build)

    def _built_form(self, build: Callable[[], S]) -> S:
        """``build()``, its CSS given to the stylesheet first. Textual adds a screen's CSS when it is
        first pushed and then restyles every widget of the app (~100 ms behind a section's tables),
        even though the rules it adds are for that screen alone (prepare_styles)."""
        form = build()
        prepare_styles(self.app, (), (type(form),))
        return form

    def drop(self, slot: str | None = None) -> None:
        """Forget the form in ``slot`` (every slot when None) and unmount it."""
        for name in [slot] if slot is not None else list(self._built):
            held = self._built.pop(name, None)
            if held is not None:
                discard_offscreen(held.form)

    def __contains__(self, slot: str) -> bool:
        return slot in self._built
