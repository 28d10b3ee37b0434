"""Every use of Textual's private names, in one place.

Textual is pinned (pyproject). The help screen, the palette, the footer and the key gate need a few
things Textual does not export: they read them through this module only, and
``tests/tui/test_textual_private.py`` fails loudly, naming what moved, when an upgrade changes any of
them. Nothing else in the package imports a private Textual name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.message_pump import MessagePump
    from textual.screen import Screen

__all__ = ["FooterKey", "FooterLabel", "KeyGroup", "action_state", "binding_chain", "is_settled"]


def binding_chain(screen: Screen) -> Iterable[tuple[DOMNode, BindingsMap]]:
    """The bindings that keys reach on ``screen``: its focused widget and ancestors, the screen, the
    app; nothing below a modal screen."""
    return screen._modal_binding_chain


def action_state(app: App, action: str, namespace: DOMNode) -> bool | None:
    """What ``check_action`` says about ``action`` in ``namespace`` (True, None = greyed, False = hidden)."""
    return app._check_action_state(action, namespace)


def is_settled(node: MessagePump) -> bool:
    """True when ``node`` is mounted and waiting for its next message: none queued, none being
    handled, no ``call_next`` callback waiting. (Callbacks waiting for the next repaint are not
    counted: nothing here gives focus after a repaint, and a repaint can take a frame.)"""
    queue = node._message_queue
    if not node._is_mounted or node._pending_message is not None or node._next_callbacks or queue.values:
        return False
    return bool(queue.ready_event._waiters)  # else its task is not parked on the queue: still handling one
