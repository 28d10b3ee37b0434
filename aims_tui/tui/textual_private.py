"""Every use of Textual's private names, in one place.

Textual is pinned (pyproject). The help screen, the palette, the footer and the key gate need a few
things Textual does not export, and the app changes four of Textual's own steps so that a dialog
appears sooner (:func:`skip_repeated_layout`, :func:`skip_first_restyle`, :func:`skip_unmounted_restyle`,
:func:`prepare_styles`), builds forms out of sight (:func:`mount_offscreen`, tui/ahead.py) and
acts on a screen's first frame (:func:`after_first_frame`):
they read and patch them through this module only, and
``tests/tui/test_textual_private.py`` fails loudly, naming what moved, when an upgrade changes any of
them. Nothing else in the package imports a private Textual name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from textual import events

from textual._parser import ParseTimeout
from textual._xterm_parser import XTermParser
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.message import Message
    from textual.message_pump import MessagePump
    from textual.screen import Screen

__all__ = ["EscapeFirstParser", "after_first_frame", "discard_offscreen", "mount_offscreen", "FooterKey", "FooterLabel", "KeyGroup", "action_state", "binding_chain",
           "has_no_messages", "is_closed", "is_mounted", "is_queued", "is_text_field", "prepare_styles", "show_control_characters",
           "is_settled", "skip_first_restyle", "skip_repeated_layout", "skip_unmounted_restyle",
           "use_escape_first_parser",
           "was_stopped"]


def binding_chain(screen: Screen) -> Iterable[tuple[DOMNode, BindingsMap]]:
    """The bindings that keys reach on ``screen``: its focused widget and ancestors, the screen, the
    app; nothing below a modal screen."""
    return screen._modal_binding_chain


def action_state(app: App, action: str, namespace: DOMNode) -> bool | None:
    """What ``check_action`` says about ``action`` in ``namespace`` (True, None = greyed, False = hidden)."""
    return app._check_action_state(action, namespace)


def has_no_messages(node: MessagePump) -> bool:
    """True when ``node`` has no message queued (it may still be handling one)."""
    return node._pending_message is None and not node._next_callbacks and not node._message_queue.values


def is_queued(node: MessagePump, message: Message) -> bool:
    """``message`` waits in ``node``'s queue."""
    return node._pending_message is message or any(m is message for m in node._message_queue.values)


def is_settled(node: MessagePump) -> bool:
    """True when ``node`` is mounted and waiting for its next message: none queued, none being
    handled, no ``call_next`` callback waiting. (Callbacks waiting for the next repaint are not
    counted: nothing here gives focus after a repaint, and a repaint can take a frame.)"""
    if not node._is_mounted or not has_no_messages(node):
        return False
    return bool(node._message_queue.ready_event._waiters)  # else its task is not parked on the queue


def is_mounted(node: MessagePump) -> bool:
    """``node`` has composed and run its mount handlers (a screen: focused its first field)."""
    return node._is_mounted


_TEXT_FIELDS = frozenset({("textual.widgets._input", "Input"), ("textual.widgets._text_area", "TextArea")})


def is_closed(node: MessagePump) -> bool:
    """``node`` has been (or is being) closed. Unlike ``not node.is_running``, a node just mounted
    whose message loop has not started yet is not closed."""
    return node._closed or node._closing


def is_text_field(widget: DOMNode) -> bool:
    """``widget`` is (a subclass of) Textual's Input or TextArea, told without importing them."""
    return any((cls.__module__, cls.__name__) in _TEXT_FIELDS for cls in type(widget).__mro__)


def was_stopped(message: Message) -> bool:
    """A handler called ``stop()`` on ``message``: it bubbles no further."""
    return message._stop_propagation


ESC = "\x1b"
SEQUENCE_INTRODUCERS = frozenset("[O]P_\\" + ESC)
"""What may follow ESC in a sequence a terminal sends (CSI, SS3, OSC, DCS, APC, ST)."""
PASTE_START, PASTE_END = ESC + "[200~", ESC + "[201~"


class EscapeFirstParser(XTermParser):
    """Textual's terminal input parser, except that ESC followed by a printable character that
    cannot continue an escape sequence is the escape key, then that character.

    Textual waits 100 ms after ESC for the rest of a sequence. Typed fast (``esc`` ``n`` in a
    burst, from tmux or a quick hand), ESC and what follows arrive together and Textual read them
    as alt+n, or, when yet another ESC followed, as a literal "^" and the letters: into the notes
    the escape was meant to leave. No key of this app uses alt.
    """

    _escape_pending = False
    """The last character fed was an ESC whose sequence is still open."""
    _tail = ""
    """The last few characters fed, to know when a bracketed paste starts and ends."""
    _in_paste = False
    """Inside a bracketed paste: pasted text is data, its ESC characters included."""

    def feed(self, data: str) -> Iterable:
        if not data:  # end of input
            yield from super().feed(data)
            return
        start = 0
        for index, character in enumerate(data):
            previous = data[index - 1] if index else (ESC if self._escape_pending else "")
            if (previous == ESC and not self._in_paste and character.isprintable()
                    and character not in SEQUENCE_INTRODUCERS):
                if index > start:
                    yield from super().feed(data[start:index])
                yield from self._escape_alone()
                start = index
            self._tail = (self._tail + character)[-len(PASTE_START):]
            if self._tail == PASTE_START:
                self._in_paste = True
            elif self._tail == PASTE_END:
                self._in_paste = False
        self._escape_pending = data.endswith(ESC)
        yield from super().feed(data[start:])

    def _escape_alone(self) -> Iterable:
        """End the open sequence now, as if the 100 ms had passed: it is the escape key."""
        if self._awaiting.timeout is None:  # not waiting after an ESC after all
            return
        self._timeout_time = None
        self._awaiting = self._gen.throw(ParseTimeout())
        while self._tokens:
            yield self._tokens.popleft()


def use_escape_first_parser() -> None:
    """Make the terminal driver (Linux, macOS) read keys with :class:`EscapeFirstParser`."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # Windows: its driver reads keys another way
        return
    linux_driver.XTermParser = EscapeFirstParser  # type: ignore[misc]  # the name the driver reads


def _control_picture(codepoint: int) -> str:
    """One visible character for a character a terminal would act on (one for one, so that the
    styles laid over a text keep their places): ␛ for ESC, ␀–␟ for the other C0 controls, ␡ for
    DEL, � for C1 and bidirectional controls."""
    if codepoint < 0x20:
        return chr(0x2400 + codepoint)
    return "\u2421" if codepoint == 0x7F else "\ufffd"


def show_control_characters() -> None:
    """Make every text Textual (and Rich, which Textual uses for some) draws show control characters
    as visible symbols instead of sending them to the terminal (both only drop BEL, BS, VT, FF and
    CR; ESC, C1 and bidi controls got through). The safety net under :func:`aims_tui.domain.terminal_text.visible`, which the screens
    apply to stored text themselves: this covers any text they missed, in every widget."""
    import rich.control
    from textual import content

    from aims_tui.domain.terminal_text import UNSAFE

    candidates = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                  *range(0x2066, 0x206A)]
    # The tables Textual's Content and Rich's Text apply to every text they are given.
    for table in (content._CONTROL_STRIP_TRANSLATE, rich.control._CONTROL_STRIP_TRANSLATE):
        for codepoint in candidates:
            if UNSAFE.match(chr(codepoint)) and codepoint not in table:  # what they drop stays dropped
                table[codepoint] = _control_picture(codepoint)


def skip_repeated_layout() -> None:
    """A screen shown for the first time is laid out at the app's size as it resumes, then gets a
    Resize event of that same size, on which Textual lays it out and draws it again, with every
    screen under it (a modal's background): about a third of the time a form took to appear
    (docs/PERFORMANCE.md, P8). Skip that second layout when every screen involved is already laid
    out at the event's size; a real resize (another size) is handled as before."""
    from textual.screen import Screen

    original = Screen.__dict__["_on_resize"]  # the handler Textual dispatches Resize to on a screen
    if getattr(original, "aims_skips_repeats", False):
        return

    async def _on_resize(self: Screen, event: events.Resize) -> None:
        screens = [self, *self.app._background_screens]
        if all(screen._compositor.size == event.size for screen in screens):
            event.stop()
            return
        await original(self, event)

    _on_resize.aims_skips_repeats = True  # type: ignore[attr-defined]
    Screen._on_resize = _on_resize  # type: ignore[method-assign]


def prepare_styles(app: App, widgets: Iterable[type[DOMNode]], screens: Iterable[type[Screen]]) -> None:
    """Give the app's stylesheet, now, the CSS that ``widgets`` (their ``DEFAULT_CSS``) and
    ``screens`` (their ``CSS``) add the first time one is shown, under the same names Textual
    gives them, and parse it once. Textual adds a class's CSS when its first instance mounts and then
    parses every source again, and a screen's ``CSS`` restyles every widget of the app: a form's
    first opening took 40–100 ms more than the next (docs/PERFORMANCE.md, P8). Called once the
    app is idle; a source Textual already has is left as it is."""
    import inspect

    from textual.dom import DOMNode

    sheet = app.stylesheet
    added = False
    for cls in widgets:
        bare = object.__new__(cls)  # _get_default_css reads only the class (its CSS bases)
        for read_from, css, tie_breaker, scope in DOMNode._get_default_css(bare):  # type: ignore[arg-type]
            if not sheet.has_source(*read_from):
                sheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker,
                                 scope=scope)
                added = True
    for screen in screens:
        if not screen.CSS:
            continue
        try:
            path = inspect.getfile(screen)
        except (TypeError, OSError):
            path = ""
        if not sheet.has_source(path, f"{screen.__name__}.CSS"):  # as App._load_screen_css names it
            sheet.add_source(screen.CSS, read_from=(path, f"{screen.__name__}.CSS"), is_default_css=False,
                             scope=screen._css_type_name if screen.SCOPED_CSS else "")
            added = True
    if added:
        sheet.reparse()


def skip_first_restyle() -> None:
    """A screen shown for the first time has just had every widget styled as it mounted; Textual
    then styles them all again as the screen resumes (``ScreenResume.refresh_styles``): 40–60 ms of
    a form's opening (docs/PERFORMANCE.md, P8). Skip that second pass on a screen's first resume,
    once :func:`prepare_styles` has given the stylesheet every rule before anything mounts; a
    screen shown again later is restyled as before (the theme may have changed meanwhile)."""
    from textual.screen import Screen

    original = Screen.__dict__["_on_screen_resume"]
    if getattr(original, "aims_skips_first", False):
        return

    def _on_screen_resume(self: Screen, event: events.ScreenResume) -> None:
        if not getattr(self, "_aims_resumed", False):
            self._aims_resumed = True  # type: ignore[attr-defined]
            event.refresh_styles = False
        original(self, event)

    _on_screen_resume.aims_skips_first = True  # type: ignore[attr-defined]
    Screen._on_screen_resume = _on_screen_resume  # type: ignore[method-assign]


def skip_unmounted_restyle() -> None:
    """A widget whose classes change before it is mounted (``Input(compact=True)``, ``Select``'s
    own ``compact`` and ``has_value`` classes, set in their constructors) is styled against the whole
    stylesheet at once, and styled again when it mounts, which is what counts: 2–3 ms a widget, a
    quarter of the time the risk form took to appear (docs/PERFORMANCE.md, P8). Skip the styling of a
    widget the app has not mounted; mounting styles it with its classes as they are then."""
    from textual._context import NoActiveAppError
    from textual.dom import DOMNode
    from textual.widget import Widget

    original = DOMNode.__dict__["update_node_styles"]
    if getattr(original, "aims_skips_unmounted", False):
        return

    def update_node_styles(self: DOMNode, animate: bool = True) -> None:
        if isinstance(self, Widget):
            try:
                app = self.app
            except NoActiveAppError:  # no app running: nothing to style against
                return
            if not app.is_mounted(self):
                return
        original(self, animate)

    update_node_styles.aims_skips_unmounted = True  # type: ignore[attr-defined]
    DOMNode.update_node_styles = update_node_styles  # type: ignore[method-assign]


def mount_offscreen(app: App, screen: Screen) -> None:
    """Compose and mount ``screen`` now without showing it (tui/ahead.py). Textual registers a
    screen, which composes and mounts it, the first time it is pushed; a screen already registered is
    only resumed when pushed (``App._get_screen``): it shows as it was built."""
    app._register(app, screen)


def discard_offscreen(screen: Screen) -> None:
    """Unmount a screen mounted by :func:`mount_offscreen` and never shown."""
    if screen.is_running and not screen.is_current and screen not in screen.app.screen_stack:
        screen.remove()


def after_first_frame(screen: Screen, callback: Callable[[], object]) -> None:
    """Run ``callback`` on ``screen`` just after it has rendered its first frame as the screen in
    front (Textual's ``Screen._compositor_refresh``, where a frame is rendered and written). Public
    ``call_after_refresh`` is not that: while a screen is still being mounted and made current it
    runs at the first idle moment, before anything of the screen has been drawn. Callbacks given
    before that frame run after it in the order given, each as its own message."""
    waiting: list[Callable[[], object]] | None = screen.__dict__.get("_aims_after_first_frame")
    if waiting is not None:
        waiting.append(callback)
        return
    waiting = [callback]

    def refresh() -> None:
        type(screen)._compositor_refresh(screen)
        # Textual may have queued this function more than once (call_later(self._compositor_refresh)):
        # the callbacks go on the first call that drew the screen in front, and only then.
        if screen.app.screen is screen and screen.__dict__.get("_aims_after_first_frame") is waiting:
            del screen._compositor_refresh  # the class's method again
            del screen._aims_after_first_frame  # type: ignore[attr-defined]
            for each in waiting:
                screen.call_later(each)

    screen._aims_after_first_frame = waiting  # type: ignore[attr-defined]
    screen._compositor_refresh = refresh  # type: ignore[method-assign]
