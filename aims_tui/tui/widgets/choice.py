"""A one-line list for the forms: the chosen option on one line, the list opening in place.

Textual's ``Select`` is six widgets (itself, a current-value line of four, and an overlay list with
its own component styles), each styled against the whole stylesheet as a form opens: the risk
form's six lists were half of its widgets and most of the time it took to appear
(docs/PERFORMANCE.md, P8). A :class:`Choice` is one widget that draws its own list.

Keys are Select's: space, ↓ or ↑ open the list; in the open list ↑ ↓ pgup pgdn home end move,
enter or space picks, escape closes it unchanged, and typing jumps to the first option that starts
with what was typed (or else contains it). A letter typed on the closed list opens it there. Enter
on the closed list is left to the form, which moves to the next field. A click opens the list and
a click on a row picks it.
"""

from __future__ import annotations

from time import monotonic
from typing import ClassVar, Generic, Iterable, TypeVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

__all__ = ["BLANK", "Choice"]

V = TypeVar("V")


class _Blank:
    """Nothing chosen (the prompt is shown). Falsy, one instance."""

    def __repr__(self) -> str:
        return "Choice.BLANK"

    def __bool__(self) -> bool:
        return False


BLANK = _Blank()


class Choice(Widget, Generic[V], can_focus=True):
    """Pick one of a few options: ``Choice([(label, value), …], prompt=…, allow_blank=…, value=…)``.

    ``value`` is the chosen option's value, or :data:`BLANK` when nothing is chosen (only when
    ``allow_blank``: otherwise it starts at the first option). Setting ``value`` to one that is not
    an option raises ValueError. A change posts :class:`Choice.Changed`.
    """

    BLANK: ClassVar[_Blank] = BLANK

    DEFAULT_CSS = """
    Choice {
        width: 1fr;
        height: 1;
        background: $surface;
        color: $foreground;
        pointer: pointer;
    }
    Choice:focus {
        background-tint: $foreground 8%;
    }
    """

    VISIBLE_ROWS = 8
    """Rows of the open list shown at once; it scrolls past that."""
    SEARCH_PAUSE_S = 1.0
    """Typing after this pause starts a new search instead of extending the last one."""

    class Changed(Message):
        """The chosen option changed (by a key, a click or the program)."""

        def __init__(self, choice: "Choice[V]", value: "V | _Blank") -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> "Choice[V]":
            return self.choice

    def __init__(self, options: Iterable[tuple[str | Text, V]], *, prompt: str = "Select", allow_blank: bool = True,
                 value: "V | _Blank" = BLANK, id: str | None = None, classes: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self.prompt = prompt
        self.allow_blank = allow_blank
        self._options: list[tuple[Text, V | _Blank]] = []
        self._set_options(options)
        if value is BLANK and not allow_blank:
            value = self._options[0][1]
        self._value: V | _Blank = self._checked(value)
        self.expanded = False
        self._highlight = 0
        self._top = 0
        self._search = ""
        self._searched_at = 0.0

    # -- options and value -----------------------------------------------------------------------

    def _set_options(self, options: Iterable[tuple[str | Text, V]]) -> None:
        rows: list[tuple[Text, V | _Blank]] = [(Text(label) if isinstance(label, str) else label.copy(), value)
                                               for label, value in options]
        if self.allow_blank:
            rows.insert(0, (Text(self.prompt), BLANK))
        if not rows:
            raise ValueError("a Choice needs at least one option when it cannot be left blank")
        self._options = rows

    @property
    def options(self) -> list[tuple[Text, "V | _Blank"]]:
        """The rows of the list, in order: (label, value); the prompt's row first when it may be blank."""
        return list(self._options)

    def _checked(self, value: "V | _Blank") -> "V | _Blank":
        if not any(v is value or (v is not BLANK and v == value) for _label, v in self._options):
            raise ValueError(f"{value!r} is not one of the options of {self.id or 'this list'}")
        return value

    @property
    def value(self) -> "V | _Blank":
        return self._value

    @value.setter
    def value(self, value: "V | _Blank") -> None:
        value = self._checked(value)
        if value is self._value or (value is not BLANK and value == self._value):
            return
        self._value = value
        self.refresh()
        if self.is_mounted:
            self.post_message(self.Changed(self, value))

    def is_blank(self) -> bool:
        return self._value is BLANK

    def _index_of_value(self) -> int:
        return next((n for n, (_label, v) in enumerate(self._options)
                     if v is self._value or (v is not BLANK and v == self._value)), 0)

    # -- opening, moving, picking ----------------------------------------------------------------

    def open(self) -> None:
        if self.expanded:
            return
        self.expanded = True
        self._search = ""
        self._move_to(self._index_of_value())
        self.add_class("-expanded")
        self.styles.height = 1 + min(len(self._options), self.VISIBLE_ROWS)
        self.call_after_refresh(self.scroll_visible, animate=False)

    def close(self) -> None:
        if not self.expanded:
            return
        self.expanded = False
        self.remove_class("-expanded")
        self.styles.height = 1

    def _move_to(self, index: int) -> None:
        self._highlight = max(0, min(index, len(self._options) - 1))
        rows = self.VISIBLE_ROWS
        if self._highlight < self._top:
            self._top = self._highlight
        elif self._highlight >= self._top + rows:
            self._top = self._highlight - rows + 1
        self._top = max(0, min(self._top, max(0, len(self._options) - rows)))
        self.refresh()

    def _pick(self, index: int) -> None:
        self.close()
        self.value = self._options[index][1]

    def _search_for(self, character: str) -> None:
        now = monotonic()
        self._search = (self._search if now - self._searched_at < self.SEARCH_PAUSE_S else "") + character.lower()
        self._searched_at = now
        labels = [label.plain.lower() for label, _value in self._options]
        found = next((n for n, label in enumerate(labels) if label.startswith(self._search)), None)
        if found is None:
            found = next((n for n, label in enumerate(labels) if self._search in label), None)
        if found is not None:
            self._move_to(found)

    # -- events ----------------------------------------------------------------------------------

    MOVES: ClassVar[dict[str, int]] = {"up": -1, "down": 1, "pageup": -VISIBLE_ROWS, "pagedown": VISIBLE_ROWS}

    def _on_key(self, event: events.Key) -> None:
        key = event.key
        if not self.expanded:
            if key in ("space", "down", "up"):
                self.open()
            elif event.is_printable and event.character:
                self.open()
                self._search_for(event.character)
            else:
                return
        elif key in self.MOVES:
            self._move_to(self._highlight + self.MOVES[key])
        elif key in ("home", "end"):
            self._move_to(0 if key == "home" else len(self._options) - 1)
        elif key in ("enter", "space"):
            self._pick(self._highlight)
        elif key == "escape":
            self.close()
        elif event.is_printable and event.character:
            self._search_for(event.character)
        else:  # tab, ctrl+s…: the list closes unchanged and the key goes on to the form
            self.close()
            return
        event.stop()
        event.prevent_default()

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        if not self.expanded:
            self.focus()
            self.open()
        elif event.y == 0:
            self.close()
        else:
            self._pick(min(self._top + event.y - 1, len(self._options) - 1))

    def _on_blur(self, _event: events.Blur) -> None:
        self.close()

    # -- drawing ---------------------------------------------------------------------------------

    def _line(self, label: Text, width: int, marker: str, style: str = "") -> Text:
        body = label.copy()
        body.truncate(width - 4, overflow="ellipsis", pad=True)
        line = Text(" ")
        line.append_text(body)
        line.append(f" {marker} ")
        if style:
            line.stylize(style)
        return line

    def render(self) -> Text:
        width = max(5, self.size.width)
        label, _value = self._options[self._index_of_value()]
        current = "dim" if self._value is BLANK else ""
        if self.has_focus:
            current = f"bold {current}".strip()
        lines = [self._line(label, width, "▲" if self.expanded else "▼", current)]
        if self.expanded:
            shown = self._options[self._top:self._top + self.VISIBLE_ROWS]
            for n, (row, value) in enumerate(shown, start=self._top):
                more = ("↑" if n == self._top and self._top > 0 else
                        "↓" if n == self._top + len(shown) - 1 and n < len(self._options) - 1 else " ")
                style = "reverse" if n == self._highlight else "dim" if value is BLANK else ""
                lines.append(self._line(row, width, more, style))
        return Text("\n").join(lines)
