"""The footer: this screen's keys on the first row; Help, the sections and Quit on the second, so
the way to every other key (F1) and to every section is in view at 80 columns."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer

from aims_tui.tui.textual_private import FooterKey, FooterLabel, KeyGroup

WIDE = 100
"""From this width the command palette key is shown too (below it the row would be cut)."""


class SectionFooter(Footer):
    """Two rows. Textual's footer puts the app's keys after the screen's, so F1 and the section
    keys were the first to be cut. Also coalesces the several bindings changes a screen signals
    while it starts into one recompose per refresh."""

    DEFAULT_CSS = """
    SectionFooter.-two-rows { layout: vertical; height: 2; }
    SectionFooter.-two-rows > HorizontalGroup { height: 1; width: 1fr; }
    SectionFooter.-two-rows.-compact FooterLabel { margin: 0 1 0 0; }
    SectionFooter.-two-rows FooterKey.-current { text-style: reverse; }
    """

    _recompose_pending = False
    _wide: bool | None = None
    _composed: tuple[object, ...] | None = None
    """What the keys on show were composed from (:meth:`_signature`)."""

    def __init__(self) -> None:
        # The class keeps these rules off other footers (a SectionFooter is a Footer to CSS too).
        super().__init__(compact=True, classes="-two-rows")

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._composed = self._signature()
        self._wide = self.app.size.width >= WIDE
        screen_keys: list[tuple[Binding, bool, str]] = []
        app_keys: list[tuple[Binding, bool, str]] = []
        for namespace, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show:
                continue
            # Back belongs with the screen's own keys; the second row is the same on every screen.
            row = app_keys if namespace is self.app and binding.action != "back" else screen_keys
            row.append((binding, enabled, tooltip))
        app_keys.sort(key=lambda item: item[0].action == "quit")  # Help first, Quit at the end
        with HorizontalGroup(id="footer-screen-keys"):
            yield from self._keys(screen_keys)
        with HorizontalGroup(id="footer-app-keys"):
            yield from self._keys(app_keys, current=self._current_section())
            if self._wide:
                yield from self._palette_key()

    def _current_section(self) -> str | None:
        """The action that opens the section on show (its screen's ``SECTION``), to mark its key."""
        section = getattr(self.screen, "SECTION", None)
        return f"section('{section}')" if section else None

    def _keys(self, bindings: list[tuple[Binding, bool, str]], current: str | None = None) -> ComposeResult:
        """Textual's own layout of keys: one per action, a group's keys together with its label."""
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for item in bindings:
            by_action[item[0].action].append(item)
        # The class the compact binding sets, set now: setting it on the mounted key restyles it.
        compact = "-compact" if self.compact else ""
        for group, items_iter in groupby(by_action.values(), lambda items: items[0][0].group):
            items = list(items_iter)
            if group is not None and len(items) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for binding, enabled, tooltip in (i[0] for i in items):
                        yield FooterKey(binding.key, self.app.get_key_display(binding), "", binding.action,
                                        disabled=not enabled, tooltip=tooltip or binding.description,
                                        classes=f"-grouped {compact}").data_bind(compact=Footer.compact)
                yield FooterLabel(group.description)
            else:
                for binding, enabled, tooltip in (i[0] for i in items):
                    yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                                    binding.action, disabled=not enabled, tooltip=tooltip,
                                    classes=("-current " if binding.action == current else "") + compact,
                                    ).data_bind(compact=Footer.compact)

    def _palette_key(self) -> ComposeResult:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return
        try:
            _node, binding, enabled, _tooltip = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return
        yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                        classes="-command-palette", disabled=not enabled,
                        tooltip=binding.tooltip or binding.description)

    def on_resize(self) -> None:
        if self._wide is not None and (self.app.size.width >= WIDE) != self._wide:
            self._schedule_recompose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # as Textual's own
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._schedule_recompose()

    def _schedule_recompose(self) -> None:
        if not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    def _signature(self) -> tuple[object, ...]:
        """Everything :meth:`compose` reads: equal signatures compose equal keys."""
        active = self.screen.active_bindings
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (self.app.size.width >= WIDE, self._current_section(), self.show_command_palette,
                palette[1:] if palette else None,
                tuple((namespace is self.app, binding, enabled, tooltip)
                      for namespace, binding, enabled, tooltip in active.values() if binding.show))

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        if not self.is_attached or not self.app.is_running:  # its screen is gone, or the app is closing
            return
        try:
            changed = self._signature() != self._composed
        except (ScreenStackError, NoMatches):  # the app is taking its screens down (closing)
            return
        if changed:
            await self.recompose()
