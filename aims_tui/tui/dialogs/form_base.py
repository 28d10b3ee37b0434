"""Shared pieces of the modal forms: a labelled field row, the dialog frame with its one-line error
area and Save/Cancel buttons, and the keys every form shares.

Enter means one thing in every form: in a one-line field or a closed list it moves to the next
field, and in the form's last one-line field it saves; ctrl+s saves from anywhere; space (or ↓)
opens a list, a typed letter picks in it. Each form says so on its keys line. Escape on a form with
changes asks before throwing them away.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Button, Checkbox, Input, RadioSet, SelectionList, Static, TextArea

from aims_tui.domain.dates import DateError, parse_date
from aims_tui.tui.widgets.choice import Choice

T = TypeVar("T")

__all__ = ["DateError", "FILTER", "KEYS_HINT", "LIST_KEYS", "Field", "FormDialog", "LabelledRow", "parse_date", "type_into_filter"]


class LabelledRow(Horizontal):
    """A row of a form whose label is drawn in the row's own left padding, not by a Label widget
    beside the field: each widget of a form is composed, styled and laid out as the form opens,
    and a label widget per row was a third of a form's widgets (docs/PERFORMANCE.md, P8).

    Use as ``with LabelledRow("Owner"): yield Input(…)`` or ``yield LabelledRow("Owner", Input(…))``.
    The label is right-aligned in ``label_width`` cells (one of them the gap before the field)."""

    DEFAULT_CSS = """
    LabelledRow { height: auto; border-title-color: $text-muted; }
    """
    """The label's colour and style are the row's ``border-title-color`` and ``border-title-style``
    (the row has no border): not a component class, which Textual styles like one more widget."""

    def __init__(self, label: str, *children: Widget, label_width: int = 16, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.label = label
        self.label_width = label_width
        self.styles.padding = (0, 0, 0, label_width)

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)
        if crop.y == 0 and strips and crop.x < self.label_width:
            blank = self.rich_style
            style = blank + self._label_style()
            text = set_cell_size(self.label, self.label_width - 1).rstrip()
            label = Strip([Segment(" " * (self.label_width - 1 - cell_len(text)), blank), Segment(text, style),
                           Segment(" ", blank)], self.label_width).crop(crop.x, min(crop.right, self.label_width))
            rest = strips[0].crop(self.label_width - crop.x, crop.width)
            strips[0] = Strip.join([label, rest])
        return strips

    def _label_style(self) -> Style:
        styles = self.styles
        _base, background = self.background_colors
        colour = styles.border_title_color
        fg = background.get_contrast_text(colour.a) if styles.auto_border_title_color else background + colour
        return Style(color=fg.rich_color) + styles.border_title_style


class Field(LabelledRow):
    """A label on the left, one input widget on the right."""

    DEFAULT_CSS = """
    Field { margin-bottom: 1; }
    .-short Field { margin-bottom: 0; }
    Field > Input, Field > Choice, Field > TextArea { width: 1fr; }
    Field > Checkbox, Field > RadioSet { width: 1fr; border: none; }
    """

    def __init__(self, label: str, widget: Widget) -> None:
        super().__init__(label, widget)
        self._widget = widget
        # Borderless inputs: a form of six fields fits an 80×24 terminal.
        if hasattr(widget, "compact"):
            widget.compact = True  # type: ignore[attr-defined]


KEYS_HINT = "enter next field (the last saves) · ctrl+s save · esc cancel"
"""The keys line of every form; a form with more keys appends its own."""

LIST_KEYS = "space opens a list"
"""Added to the keys line of a form with a list (Choice): enter on a closed list moves on."""

FILTER = "not-a-field"
"""Class of a widget that helps fill a field (a list's filter, a picker) rather than being one:
enter skips it, and enter in such an Input is left to its own handler."""


def type_into_filter(event: events.Key, in_list: bool, filter_input: Input) -> bool:
    """Letters typed while a filtered list has the focus start a new filter (space still ticks or
    picks): the filter gets the letter and the focus. True when the key was taken."""
    if not in_list or not event.is_printable or event.character in (None, " "):
        return False
    event.stop()
    event.prevent_default()
    filter_input.value = event.character or ""
    filter_input.cursor_position = len(filter_input.value)
    filter_input.screen.set_focus(filter_input)
    return True


class FormDialog(ModalScreen[T]):
    """A modal form: title, fields, a one-line error and Save/Cancel.

    Escape cancels (dismisses None); ctrl+s, enter in the last one-line field or the Save button
    call :meth:`submit`, which dismisses with a value or calls :meth:`fail` to say what is wrong
    (and puts the cursor on the field it names). Enter in any other one-line field moves on.
    Subclasses implement :meth:`fields` and :meth:`submit`, and may set ``save_label``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "submit", "Save", id="form-submit"),
    ]
    save_label = "Save"
    dialog_id: str | None = None
    first_field: str | None = None
    """Id of the widget focused when the form opens (default: the first input)."""
    AUTO_FOCUS = ""
    """on_mount focuses the first field: Textual would first focus the scrolling field container and
    restyle all its fields twice (a third of the time a form took to appear)."""
    keys_hint: str | None = KEYS_HINT
    """Shown inside the dialog: the app's footer shows the screen underneath, not the form's keys."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def submit(self) -> None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self.dialog_id):
            yield Static(Text(self._title), classes="dialog-title")
            yield from self.fields()
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.save_label, variant="primary", compact=True, id="save")
                yield Button("Cancel", compact=True, id="cancel")
            if self.keys_hint:
                yield Static(Text(self.keys_hint), classes="dialog-hint", id="form-keys")

    def on_mount(self) -> None:
        if self.app.read_only:  # type: ignore[attr-defined]  # aims --read-only
            # Every form saves something. A key is refused before its form opens (tui/read_only.py);
            # enter on a table row opens one directly: close it with the same one line.
            from aims_tui.tui.read_only import REFUSED

            self.app.notify(REFUSED, severity="warning", markup=False)
            self.dismiss(None)
            return
        target = self.query_one(f"#{self.first_field}") if self.first_field else self.query(Input).first()
        self.set_focus(target)  # at once: keys typed as the form opens go into it
        self._fit_height()
        self._opened_with = self.state()
        if self.keys_hint and self.query(Choice):
            self.query_one("#form-keys", Static).update(Text(with_list_keys(self.keys_hint)))

    SHORT = 30
    """Below this many rows the form drops the blank lines between its fields (class ``-short``)."""

    def _fit_height(self) -> None:
        self.set_class(self.app.size.height < self.SHORT, "-short")

    def on_resize(self) -> None:
        self._fit_height()

    def state(self) -> tuple[object, ...]:
        """What the fields hold now, to tell whether the form was changed since it opened.
        Helpers (a list's filter) are not fields; a form with hidden state extends this."""
        values: list[object] = []
        for widget in self.query("Input, Choice, TextArea, Checkbox, SelectionList, RadioSet"):
            if widget.has_class(FILTER):
                continue
            if isinstance(widget, (Input, Choice, Checkbox)):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, SelectionList):
                values.append(tuple(widget.selected))
            elif isinstance(widget, RadioSet):
                values.append(widget.pressed_index)
        return tuple(values)

    def text(self, field_id: str) -> str:
        """The stripped value of a text input."""
        return self.query_one(f"#{field_id}", Input).value.strip()

    def date_value(self, field_id: str, label: str) -> date | None:
        """The date typed in a field (ISO or the locale's form), None when blank; raises
        :class:`DateError` naming ``label``."""
        return parse_date(self.text(field_id), label)

    def fail(self, field_id: str, message: str) -> None:
        """Show why the form cannot be saved and put the cursor on the field at fault, at once:
        the next key typed goes there."""
        self.query_one("#error", Static).update(Text(message))
        self.set_focus(self.query_one(f"#{field_id}"))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Escape: close at once when nothing was changed, else ask first (the Cancel button does
        not ask: it is a choice, not a reflex)."""
        if self.state() == getattr(self, "_opened_with", None):
            self.dismiss(None)
            return
        from aims_tui.tui.dialogs.confirm_dialog import Confirm

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm("Discard the changes to this form?", yes="Discard"), answered)

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.submit()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        if event.input.has_class(FILTER):
            return
        event.stop()
        self._next_field(event.input)

    @on(events.Key)
    def _enter_on_a_list(self, event: events.Key) -> None:
        """Enter on a closed list moves on, as in a one-line field (space and ↓ open it; in the open
        list enter picks, and the list keeps that key)."""
        if event.key == "enter" and isinstance(self.focused, Choice) and not self.focused.expanded:
            event.stop()
            event.prevent_default()
            self._next_field(self.focused)

    def _next_field(self, field: Widget) -> None:
        """Focus the field after ``field``; save when it is the form's last one-line field."""
        chain = [w for w in self.focus_chain if not w.has_class(FILTER)]
        inputs = [w for w in chain if isinstance(w, Input)]
        if not inputs or field is inputs[-1] or field not in chain:
            self.submit()
        else:
            self.set_focus(chain[chain.index(field) + 1])


def with_list_keys(hint: str) -> str:
    """A form's keys line with the list keys after "enter next field (…)"."""
    if LIST_KEYS in hint:
        return hint
    head, sep, tail = hint.partition(" · ")
    return f"{head} · {LIST_KEYS}{sep}{tail}" if sep else f"{hint} · {LIST_KEYS}"
