"""Command palette: every binding of the screen in front and of the app, as a command.

Generated from BINDINGS, so a new key is in the palette (and the help screen) the moment it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Iterator

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from aims_tui.tui.textual_private import action_state, binding_chain


@dataclass(frozen=True)
class BoundAction:
    """One action reachable by key: its description, the keys, and where it runs."""

    description: str
    keys: tuple[str, ...]
    action: str
    namespace: DOMNode
    tooltip: str = ""


def bound_actions(screen: Screen, *, include_unavailable: bool = False) -> Iterator[BoundAction]:
    """Actions bound on ``screen`` (its focused widget chain, the screen, then the app),
    one per action, keys merged (``j`` and ``down`` for the same action), in binding order.
    Each key once: where two levels bind it, only the binding the key reaches is listed (a
    priority binding first, else the nearest). Actions that cannot run now are left out unless
    ``include_unavailable``."""
    app = screen.app
    chain = list(binding_chain(screen))
    winner: dict[str, int] = {}  # key -> id of the namespace whose binding the key reaches
    for priority in (True, False):
        for namespace, bindings in chain:
            for key, binding in bindings:
                if binding.description and binding.priority == priority:
                    winner.setdefault(key, id(namespace))
    seen: dict[tuple[int, str], list] = {}
    order: list[tuple[int, str]] = []
    for namespace, bindings in chain:
        for key_name, binding in bindings:
            if not binding.description or winner.get(key_name) != id(namespace):
                continue
            key = (id(namespace), binding.action)
            if key not in seen:
                seen[key] = [binding, namespace, []]
                order.append(key)
            display = app.get_key_display(binding)
            if display not in seen[key][2]:
                seen[key][2].append(display)
    for key in order:
        binding, namespace, keys = seen[key]
        assert isinstance(binding, Binding)
        if not include_unavailable and action_state(app, binding.action, namespace) is False:
            continue
        yield BoundAction(binding.description, tuple(keys), binding.action, namespace, binding.tooltip)


class BindingCommands(Provider):
    """The keys of the screen in front, as palette commands."""

    def _commands(self) -> list[BoundAction]:
        return list(bound_actions(self.screen))

    async def _run(self, bound: BoundAction) -> None:
        await self.app.run_action(bound.action, bound.namespace)

    async def discover(self) -> Hits:
        for bound in self._commands():
            yield DiscoveryHit(bound.description, partial(self._run, bound), help=" / ".join(bound.keys))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for bound in self._commands():
            score = matcher.match(bound.description)
            if score > 0:
                yield Hit(score, matcher.highlight(bound.description), partial(self._run, bound),
                          help=" / ".join(bound.keys))
